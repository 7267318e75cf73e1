package io.brook.replication.control.quorum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Chooses the replicas of new partitions among live brokers.
 *
 * <p>The k-th new partition's preferred leader (first replica) is {@code live[(start + k) mod n]}, so
 * leaders rotate over the sorted broker ids and {@code start} (which the state machine rotates per
 * topic) spreads the leaders of different topics. Followers are chosen greedily: among the brokers not
 * yet in the partition, the one with the fewest replicas of this topic counting the leaderships it is
 * still due in this call, nearest after the leader (in id order, wrapping) on ties. For every broker
 * count, partition count and replication factor this keeps, within one call, each broker's leader count
 * and replica count within one of every other broker's (checked exhaustively by the tests), and never
 * places a broker twice in a partition. Pure and deterministic: every replica of the state machine
 * computes the same assignment.
 */
final class ReplicaAssigner {

    private ReplicaAssigner() {
    }

    /**
     * @param live live broker ids, ascending, at least {@code replicationFactor} of them
     * @param start the position in {@code live} of the first new partition's leader (any int; taken mod n)
     * @param existingLoad replicas of this topic each broker already holds (may be empty)
     * @return for each new partition, its replicas, preferred leader first
     */
    static List<List<Integer>> assign(List<Integer> live, int start, int count, int replicationFactor,
                                      Map<Integer, Integer> existingLoad) {
        int n = live.size();
        if (replicationFactor < 1 || replicationFactor > n) {
            throw new IllegalArgumentException("replication factor " + replicationFactor + " with " + n + " brokers");
        }
        int[] load = new int[n];
        int[] leadershipsDue = new int[n];
        for (int i = 0; i < n; i++) {
            load[i] = existingLoad.getOrDefault(live.get(i), 0);
        }
        for (int k = 0; k < count; k++) {
            leadershipsDue[Math.floorMod(start + k, n)]++;
        }
        List<List<Integer>> result = new ArrayList<>(count);
        boolean[] taken = new boolean[n];
        for (int k = 0; k < count; k++) {
            int leader = Math.floorMod(start + k, n);
            Arrays.fill(taken, false);
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            replicas.add(live.get(leader));
            taken[leader] = true;
            load[leader]++;
            leadershipsDue[leader]--;
            for (int j = 1; j < replicationFactor; j++) {
                int best = -1;
                for (int d = 1; d < n; d++) {
                    int b = (leader + d) % n;
                    if (!taken[b] && (best < 0 || load[b] + leadershipsDue[b] < load[best] + leadershipsDue[best])) {
                        best = b;
                    }
                }
                replicas.add(live.get(best));
                taken[best] = true;
                load[best]++;
            }
            result.add(List.copyOf(replicas));
        }
        return result;
    }
}
