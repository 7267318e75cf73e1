package io.brook.replication.control.quorum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 *
 * <p>Racks: a follower is first chosen among the brokers whose rack holds no replica of the partition
 * yet (then by the rules above), so every partition spans {@code min(replicationFactor, racks)} racks.
 * A broker without a rack counts as being in the rack named "". With a single rack (in particular
 * when no broker has one) that preference never applies and the assignment is exactly the rack-less
 * one. With racks, leaders still rotate over the sorted ids (leader counts within one); replica counts
 * give way to the rack spread: a broker alone in its rack takes a replica of many more partitions.
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
        return assign(live, Map.of(), start, count, replicationFactor, existingLoad);
    }

    /**
     * @param racks the rack of each broker; a broker missing or mapped to "" is in the rack ""
     * @see #assign(List, int, int, int, Map)
     */
    static List<List<Integer>> assign(List<Integer> live, Map<Integer, String> racks, int start, int count,
                                      int replicationFactor, Map<Integer, Integer> existingLoad) {
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
        String[] rackOf = new String[n];
        for (int i = 0; i < n; i++) {
            rackOf[i] = racks.getOrDefault(live.get(i), "");
        }
        Set<String> racksUsed = new HashSet<>();
        for (int k = 0; k < count; k++) {
            int leader = Math.floorMod(start + k, n);
            Arrays.fill(taken, false);
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            replicas.add(live.get(leader));
            taken[leader] = true;
            racksUsed.clear();
            racksUsed.add(rackOf[leader]);
            load[leader]++;
            leadershipsDue[leader]--;
            for (int j = 1; j < replicationFactor; j++) {
                int best = -1;
                for (int d = 1; d < n; d++) {
                    int b = (leader + d) % n;
                    if (!taken[b] && (best < 0 || better(b, best, racksUsed, rackOf, load, leadershipsDue))) {
                        best = b;
                    }
                }
                replicas.add(live.get(best));
                taken[best] = true;
                racksUsed.add(rackOf[best]);
                load[best]++;
            }
            result.add(List.copyOf(replicas));
        }
        return result;
    }

    /** Whether follower candidate {@code b} beats {@code best}, which is nearer after the leader. */
    private static boolean better(int b, int best, Set<String> racksUsed, String[] rackOf, int[] load, int[] leadershipsDue) {
        boolean newRack = !racksUsed.contains(rackOf[b]);
        if (newRack != !racksUsed.contains(rackOf[best])) {
            return newRack;
        }
        return load[b] + leadershipsDue[b] < load[best] + leadershipsDue[best];
    }
}
