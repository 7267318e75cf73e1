package io.brook.replication.control.moves;

import io.brook.replication.control.BrokerRegistration;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.PartitionAssignment;
import io.brook.replication.control.Reassignment;
import io.brook.replication.control.TopicImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A planner's working copy of where replicas will be: for every partition its eventual replicas (the target
 * of a running move, else the replicas), which the plan edits, and per live broker how many replicas and
 * preferred leaderships it holds in that copy. Not thread-safe; one per plan.
 */
final class Placement {

    /** One partition: its eventual replicas before the plan and as the plan leaves them. */
    static final class Slot {
        final String topic;
        final int partition;
        final boolean moving;
        final List<Integer> before;
        final List<Integer> replicas;

        Slot(String topic, PartitionAssignment p) {
            this.topic = topic;
            this.partition = p.partition();
            this.moving = p.moving();
            this.before = p.eventualReplicas();
            this.replicas = new ArrayList<>(before);
        }

        String name() {
            return "partition " + partition + " of topic '" + topic + "'";
        }
    }

    private final List<Slot> slots = new ArrayList<>();
    private final Map<Integer, String> racks = new TreeMap<>();
    private final TreeSet<Integer> live = new TreeSet<>();
    private final Map<Integer, Integer> replicaLoad = new TreeMap<>();
    private final Map<Integer, Integer> leaderLoad = new TreeMap<>();

    /** Topics by name, partitions by number; live = registered and heartbeated within {@code liveTimeoutMs}. */
    Placement(MetadataImage image, long liveTimeoutMs) {
        for (BrokerRegistration b : image.brokers().values()) {
            racks.put(b.id(), b.rack() == null ? "" : b.rack());
            if (image.isAlive(b.id(), liveTimeoutMs)) {
                live.add(b.id());
                replicaLoad.put(b.id(), 0);
                leaderLoad.put(b.id(), 0);
            }
        }
        for (TopicImage t : new TreeMap<>(image.topics()).values()) {
            for (PartitionAssignment p : t.partitions()) {
                Slot s = new Slot(t.name(), p);
                slots.add(s);
                count(s, 1);
            }
        }
    }

    List<Slot> slots() {
        return Collections.unmodifiableList(slots);
    }

    Set<Integer> live() {
        return Collections.unmodifiableSet(live);
    }

    boolean registered(int brokerId) {
        return racks.containsKey(brokerId);
    }

    int replicas(int brokerId) {
        return replicaLoad.getOrDefault(brokerId, 0);
    }

    int leaders(int brokerId) {
        return leaderLoad.getOrDefault(brokerId, 0);
    }

    /** How many racks the replicas span (a broker without a rack is in the rack ""). */
    int rackSpread(List<Integer> replicas) {
        Set<String> used = new HashSet<>();
        for (int id : replicas) {
            used.add(racks.getOrDefault(id, ""));
        }
        return used.size();
    }

    /** Whether {@code to} is in a rack that none of the slot's replicas but the one at {@code at} uses. */
    boolean newRack(Slot s, int at, int to) {
        String rack = racks.getOrDefault(to, "");
        for (int i = 0; i < s.replicas.size(); i++) {
            if (i != at && racks.getOrDefault(s.replicas.get(i), "").equals(rack)) {
                return false;
            }
        }
        return true;
    }

    /** Puts {@code to} where the slot's replica at {@code at} was (so it takes that replica's place in the order). */
    void replace(Slot s, int at, int to) {
        count(s, -1);
        s.replicas.set(at, to);
        count(s, 1);
    }

    /** Swaps two replicas of the slot in its order (the preferred leader is the first). */
    void swap(Slot s, int i, int j) {
        count(s, -1);
        Collections.swap(s.replicas, i, j);
        count(s, 1);
    }

    /** The slots the plan changed, as reassignments without throttle, in slot order. */
    List<Reassignment> changes() {
        List<Reassignment> moves = new ArrayList<>();
        for (Slot s : slots) {
            if (!s.replicas.equals(s.before)) {
                moves.add(new Reassignment(s.topic, s.partition, s.replicas, 0));
            }
        }
        return moves;
    }

    private void count(Slot s, int delta) {
        for (int id : s.replicas) {
            replicaLoad.computeIfPresent(id, (k, n) -> n + delta);
        }
        if (!s.replicas.isEmpty()) {
            leaderLoad.computeIfPresent(s.replicas.get(0), (k, n) -> n + delta);
        }
    }
}
