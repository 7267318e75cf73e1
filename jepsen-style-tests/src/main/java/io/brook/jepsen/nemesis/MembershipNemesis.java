package io.brook.jepsen.nemesis;

import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import io.brook.client.NewPartitionReassignment;
import io.brook.client.PartitionInfo;
import io.brook.client.PartitionReassignment;
import io.brook.client.TopicPartition;
import io.brook.jepsen.db.BrokerProcess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code membership}: replica moves and leader transfers during faults. With RF 3 on 3 brokers no move
 * can keep RF 3, so a move shrinks and grows instead:
 * <ul>
 * <li>start moves a seeded random partition to all but one of its brokers, in a rotated order (one
 * replica leaves, and the preferred leader usually changes: a leaving or demoted leader hands its
 * leadership over), and at a seeded moment 0-800 ms after submitting, or not at all, kills -9 one
 * broker: the partition's leader, the replica being removed, or another one;</li>
 * <li>stop restarts the killed broker and moves the partition back to all its brokers, again in a rotated
 * order (the dropped broker joins as a learner and catches up), and now and then asks every broker to
 * hand leaderships back to the preferred leaders ({@link Admin#rebalanceLeaders}).</li>
 * </ul>
 * A move that has not completed by the next submission is replaced by it (counted as superseded). At
 * the end of the load {@link #settle} waits until no partition is moving; a move that never completes is
 * a problem of the run. {@link #report} counts moves submitted, completed and superseded, for
 * {@code summary.json}.
 *
 * <p>Moves go through a short-lived {@link Admin} client per step, bootstrapped from the running
 * brokers with the run's client security. Used from the generator's thread only.
 */
public final class MembershipNemesis implements Nemesis {

    public static final String NAME = "membership";
    /** The latest kill after submitting a move, ms. */
    private static final int MAX_KILL_DELAY_MS = 800;
    private static final long CALL_TIMEOUT_MS = 20_000;

    /** Whom a start kills, if anyone. */
    private enum Victim { NONE, LEADER, REMOVED, OTHER }

    private BrokerProcess killed;
    private int partition = -1;
    /** The brokers the partition returns to on stop, in the order of the last start's rotation. */
    private List<Integer> all = List.of();
    /** Per partition, the target of the last submitted move not yet seen completed. */
    private final Map<Integer, List<Integer>> pending = new HashMap<>();
    private int submitted;
    private int completed;
    private int superseded;
    private int failedSubmissions;
    private final Map<String, Integer> kills = new LinkedHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String start(FaultContext ctx) throws Exception {
        // every seeded choice first, so that a seed replays them whatever the cluster answers
        int p = ctx.randomPartition();
        Victim victim = Victim.values()[ctx.random().nextInt(Victim.values().length)];
        int delayMs = ctx.random().nextInt(MAX_KILL_DELAY_MS + 1);
        int rotation = ctx.random().nextInt(1 << 16);
        long otherPick = ctx.random().nextInt(1 << 16);

        partition = p;
        killed = null;
        try (Admin admin = admin(ctx)) {
            List<Integer> brokers = brokersOf(ctx, admin, p);
            if (brokers.size() < 2) {
                all = List.of();
                return "no move: partition " + p + " has brokers " + brokers;
            }
            all = rotate(brokers, rotation);
            List<Integer> target = all.subList(0, all.size() - 1);
            int removed = all.get(all.size() - 1);
            String move = submit(ctx, admin, p, target);
            int leader = ctx.probe().leaderOf(ctx.topic(), p);
            BrokerProcess strike = switch (victim) {
                case NONE -> null;
                case LEADER -> leader > 0 ? ctx.cluster().broker(leader) : null;
                case REMOVED -> ctx.cluster().broker(removed);
                case OTHER -> {
                    List<BrokerProcess> others = ctx.cluster().brokers().stream()
                            .filter(b -> b.id() != leader && b.id() != removed && !ctx.spared().contains(b.id())).toList();
                    yield others.isEmpty() ? null : others.get((int) (otherPick % others.size()));
                }
            };
            if (strike != null && ctx.spared().contains(strike.id())) {
                strike = null;
            }
            String what = "move partition " + p + " to " + target + " (drops " + removed + ", leader " + leader + "): " + move;
            if (strike == null) {
                count("none");
                return what + "; no kill";
            }
            Thread.sleep(delayMs);
            strike.kill();
            killed = strike;
            String role = strike.id() == leader && strike.id() == removed ? "leader and removed replica"
                    : strike.id() == leader ? "leader" : strike.id() == removed ? "removed replica" : "another broker";
            count(victim.name().toLowerCase(java.util.Locale.ROOT));
            return what + "; kill -9 broker " + strike.id() + " (" + role + ") " + delayMs + " ms after submitting";
        }
    }

    @Override
    public void stop(FaultContext ctx) throws Exception {
        if (killed != null) {
            ctx.restart(killed);
            killed = null;
        }
        if (partition < 0 || all.isEmpty()) {
            return;
        }
        List<Integer> target = rotate(all, ctx.random().nextInt(1 << 16));
        boolean rebalance = ctx.random().nextBoolean();
        try (Admin admin = admin(ctx)) {
            String move = submit(ctx, admin, partition, target);
            System.out.println("membership: move partition " + partition + " back to " + target + ": " + move);
            if (rebalance) {
                try {
                    int moved = admin.rebalanceLeaders(false).get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
                    System.out.println("membership: rebalance leaders: " + moved + " partition(s) not on their preferred leader");
                } catch (Exception e) {
                    System.out.println("membership: rebalance leaders failed: " + e);
                }
            }
        }
        partition = -1;
    }

    @Override
    public Set<Integer> victims() {
        return killed == null ? Set.of() : Set.of(killed.id());
    }

    /**
     * Waits, at most {@code timeoutMs}, until no partition of the cluster is moving and each move this
     * nemesis submitted last for a partition has completed (the partition's replicas are its target).
     *
     * @return what did not settle, empty when everything did
     */
    @Override
    public List<String> settle(FaultContext ctx, long timeoutMs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        List<PartitionReassignment> moving = List.of();
        while (true) {
            try (Admin admin = admin(ctx)) {
                moving = admin.listPartitionReassignments().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                observe(ctx, admin);
                if (moving.isEmpty() && pending.isEmpty()) {
                    return List.of();
                }
            } catch (Exception e) {
                System.out.println("membership: listing moves failed: " + e);
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(200);
        }
        List<String> problems = new ArrayList<>();
        for (PartitionReassignment r : moving) {
            problems.add(r.partition() + " still moving " + timeoutMs + " ms after the last heal: replicas " + r.replicas()
                    + ", target " + r.targetReplicas());
        }
        pending.forEach((p, t) -> problems.add("partition " + p + " never reached its target " + t));
        return problems;
    }

    @Override
    public Map<String, Object> report() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("moves-submitted", submitted);
        out.put("moves-completed", completed);
        out.put("moves-superseded", superseded);
        out.put("submissions-failed", failedSubmissions);
        out.put("kills", new LinkedHashMap<>(kills));
        return out;
    }

    /** Moves submitted so far (accepted by the controller). */
    public int submitted() {
        return submitted;
    }

    /** Moves seen completed: the partition's replicas became the target, in its order. */
    public int completed() {
        return completed;
    }

    private void count(String victim) {
        kills.merge(victim, 1, Integer::sum);
    }

    private String submit(FaultContext ctx, Admin admin, int p, List<Integer> target) {
        observe(ctx, admin);
        try {
            admin.alterPartitionReassignments(List.of(new NewPartitionReassignment(new TopicPartition(ctx.topic(), p), target, 0)),
                    false).get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            failedSubmissions++;
            return "not submitted: " + e;
        }
        submitted++;
        if (pending.put(p, List.copyOf(target)) != null) {
            superseded++;
        }
        return "submitted";
    }

    /** Counts the pending moves whose partitions now have their target as replicas. */
    private void observe(FaultContext ctx, Admin admin) {
        if (pending.isEmpty()) {
            return;
        }
        Map<Integer, PartitionInfo> parts;
        Set<Integer> moving;
        try {
            parts = admin.describeTopics(List.of(ctx.topic())).get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).get(ctx.topic())
                    .partitions().stream().collect(Collectors.toMap(PartitionInfo::partition, x -> x));
            moving = admin.listPartitionReassignments().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).stream()
                    .filter(r -> r.partition().topic().equals(ctx.topic())).map(r -> r.partition().partition())
                    .collect(Collectors.toSet());
        } catch (Exception e) {
            return;
        }
        pending.entrySet().removeIf(e -> {
            PartitionInfo info = parts.get(e.getKey());
            boolean done = info != null && !moving.contains(e.getKey()) && info.replicas().equals(e.getValue());
            if (done) {
                completed++;
            }
            return done;
        });
    }

    /** The partition's brokers: its replicas, then those a running move adds, in that order. */
    private static List<Integer> brokersOf(FaultContext ctx, Admin admin, int p) throws Exception {
        Set<Integer> out = new LinkedHashSet<>();
        PartitionInfo info = admin.describeTopics(List.of(ctx.topic())).get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .get(ctx.topic()).partitions().stream().filter(x -> x.partition() == p).findFirst().orElseThrow();
        out.addAll(info.replicas());
        for (PartitionReassignment r : admin.listPartitionReassignments().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            if (r.partition().topic().equals(ctx.topic()) && r.partition().partition() == p) {
                out.addAll(r.targetReplicas());
            }
        }
        return List.copyOf(out);
    }

    private static List<Integer> rotate(List<Integer> list, int by) {
        List<Integer> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(list.get((i + by) % list.size()));
        }
        return List.copyOf(out);
    }

    /** An admin client bootstrapped from the running brokers, with the run's client security. */
    private static Admin admin(FaultContext ctx) {
        String bootstrap = ctx.cluster().brokers().stream().filter(BrokerProcess::isAlive).map(BrokerProcess::address)
                .collect(Collectors.joining(","));
        return new Admin(AdminConfig.builder().bootstrapServers(bootstrap.isEmpty() ? ctx.cluster().bootstrap() : bootstrap)
                .security(ctx.cluster().clientSecurity()).requestTimeoutMs(5_000).defaultApiTimeoutMs((int) CALL_TIMEOUT_MS).build());
    }
}
