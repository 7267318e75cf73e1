package io.brook.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.partition.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Seeded simulation of a group: random joins, clean leaves, crashes (missed heartbeats), static
 * restarts (with and without a temporary leave), subscription changes, partition count increases,
 * revocations acknowledged late and lost responses; then a quiet period in which everyone
 * heartbeats. Checked after every step: no partition is held by two members nor consumed by two
 * live processes, and replaying the emitted events gives an equal state; after the quiet period:
 * every subscribed partition is owned by exactly one member and the counts are balanced. Seeds are
 * printed; {@code -Dbrook.seed=N} replays one.
 */
class GroupSimulationTest {

    private static final int SEEDS = 300;
    private static final int STEPS = 250;
    private static final long SESSION_MS = 10_000;
    private static final List<String> TOPICS = List.of("a", "b", "c");
    /** Members fenced for a late revocation, over every seed: the runs must exercise it. */
    private static int rebalanceTimeouts;

    @Test
    void the_group_never_gives_a_partition_to_two_members_and_converges_when_quiet() {
        String replay = System.getProperty("brook.seed");
        long first = replay == null || replay.isBlank() ? new Random().nextLong() : Long.parseLong(replay.trim());
        int count = replay == null || replay.isBlank() ? SEEDS : 1;
        System.out.println("GroupSimulationTest: seeds " + first + " .. " + (first + count - 1) + " (replay one with -Dbrook.seed=N)");
        for (long seed = first; seed < first + count; seed++) {
            try {
                new Run(new Random(seed), seed % 5 == 0 ? new RangeAssignor() : new UniformStickyAssignor()).play();
            } catch (Throwable t) {
                System.out.println("GroupSimulationTest failed for seed " + seed + "; replay with -Dbrook.seed=" + seed);
                throw new AssertionError("seed " + seed + ": " + t.getMessage(), t);
            }
        }
        System.out.println("GroupSimulationTest: " + rebalanceTimeouts + " member(s) fenced by their rebalance timeout");
        if (count > 1) {
            assertThat(rebalanceTimeouts).as("members fenced by their rebalance timeout").isPositive();
        }
    }

    /** One seeded run. */
    private static final class Run {
        private final Random random;
        private final Assignor assignor;
        private final GroupCoordinator coordinator;
        private final List<SimulatedConsumer> consumers = new ArrayList<>();
        private final List<GroupEvent> log = new ArrayList<>();
        private final GroupState replica = new GroupState();
        private long now;
        private int nextId;

        Run(Random random, Assignor assignor) {
            this.random = random;
            this.assignor = assignor;
            this.coordinator = new GroupCoordinator(assignor, SESSION_MS);
        }

        void play() {
            for (String topic : TOPICS) {
                coordinator.topicPartitions(topic, 1 + random.nextInt(6), now);
            }
            afterStep("setup");
            for (int step = 0; step < STEPS; step++) {
                now += random.nextInt(1_500);
                String action = act();
                keepAlive();
                afterStep("step " + step + " (" + action + ")");
            }
            quiet();
        }

        private String act() {
            List<SimulatedConsumer> alive = consumers.stream().filter(c -> c.alive).toList();
            int roll = random.nextInt(100);
            if (alive.isEmpty() || roll < 10) {
                join(random.nextBoolean() ? Optional.of("i" + random.nextInt(4)) : Optional.empty());
                return "join";
            }
            SimulatedConsumer c = alive.get(random.nextInt(alive.size()));
            if (roll < 65) {
                c.heartbeat(coordinator, now, random, random.nextInt(4) == 0, random.nextInt(20) == 0);
                return "heartbeat " + c.memberId;
            } else if (roll < 70) {
                coordinator.heartbeat(HeartbeatRequest.leave(c.memberId), now);
                c.kill();
                return "leave " + c.memberId;
            } else if (roll < 75) {
                c.kill();
                return "crash " + c.memberId;
            } else if (roll < 83 && c.instanceId.isPresent()) {
                if (random.nextBoolean()) {
                    coordinator.heartbeat(new HeartbeatRequest(c.memberId, c.instanceId, HeartbeatRequest.STATIC_LEAVE_EPOCH, null, null), now);
                }
                c.kill();
                now += random.nextInt(1_000);
                join(c.instanceId);
                return "static restart " + c.instanceId.get();
            } else if (roll < 92) {
                c.subscription = randomTopics();
                return "resubscribe " + c.memberId + " " + c.subscription;
            } else {
                String topic = TOPICS.get(random.nextInt(TOPICS.size()));
                coordinator.topicPartitions(topic, coordinator.state().topicPartitions().get(topic) + 1 + random.nextInt(3), now);
                return "grow " + topic;
            }
        }

        private void join(Optional<String> instanceId) {
            if (instanceId.isPresent()) {
                // one live process per instance id: starting a second one is a misconfiguration
                consumers.stream().filter(c -> c.alive && c.instanceId.equals(instanceId)).forEach(SimulatedConsumer::kill);
            }
            SimulatedConsumer c = new SimulatedConsumer("m" + nextId++, instanceId, randomTopics());
            consumers.add(c);
            c.heartbeat(coordinator, now, random, false, false);
        }

        private TreeSet<String> randomTopics() {
            TreeSet<String> topics = new TreeSet<>();
            for (String topic : TOPICS) {
                if (random.nextInt(3) > 0) {
                    topics.add(topic);
                }
            }
            if (topics.isEmpty()) {
                topics.add(TOPICS.get(random.nextInt(TOPICS.size())));
            }
            return topics;
        }

        /** Live processes heartbeat well within the session timeout, as a healthy client does. */
        private void keepAlive() {
            for (SimulatedConsumer c : consumers) {
                if (c.alive && now - c.lastHeartbeatMs > SESSION_MS / 2) {
                    c.heartbeat(coordinator, now, random, false, false);
                }
            }
        }

        private void quiet() {
            for (int round = 0; round < 30; round++) {
                now += 1_000;
                coordinator.expireSessions(now);
                for (SimulatedConsumer c : consumers) {
                    if (c.alive) {
                        c.heartbeat(coordinator, now, random, false, false);
                    }
                }
                afterStep("quiet round " + round);
            }
            checkConverged();
            assertThat(GroupState.replay(log)).as("full replay").isEqualTo(coordinator.state());
            assertThat(GroupCoordinator.recover(log, assignor, SESSION_MS, now).state()).as("recovery").isEqualTo(coordinator.state());
        }

        private void afterStep(String what) {
            List<GroupEvent> events = coordinator.drainEvents();
            log.addAll(events);
            events.forEach(replica::apply);
            for (GroupEvent e : events) {
                if (e instanceof GroupEvent.MemberRemoved r && r.reason() == GroupEvent.RemovalReason.REBALANCE_TIMEOUT) {
                    // fenced for a late revocation, and not told until its next heartbeat: a zombie meanwhile
                    consumers.stream().filter(c -> c.memberId.equals(r.memberId())).forEach(c -> c.zombie = true);
                    rebalanceTimeouts++;
                }
            }
            GroupState state = coordinator.state();
            assertThat(replica).as("replayed state after %s", what).isEqualTo(state);
            assertThat(GroupState.replay(state.asEvents())).as("state rebuilt from its snapshot after %s", what).isEqualTo(state);
            Map<TopicPartition, String> holder = new TreeMap<>(Partitions.ORDER);
            for (Member m : state.members().values()) {
                assertThat(Partitions.intersects(m.assigned(), m.pendingRevocation()))
                        .as("%s assigned and revoking at once after %s", m.memberId(), what).isFalse();
                for (TopicPartition p : concat(m.assigned(), m.pendingRevocation())) {
                    String other = holder.put(p, m.memberId());
                    assertThat(other).as("%s held by %s and %s after %s", p, other, m.memberId(), what).isNull();
                }
            }
            Map<TopicPartition, String> consumer = new TreeMap<>(Partitions.ORDER);
            for (SimulatedConsumer c : consumers) {
                if (!c.alive || c.zombie) {
                    // a zombie (fenced, the answer lost) consumes what the coordinator freed: see SimulatedConsumer
                    continue;
                }
                for (TopicPartition p : c.owned) {
                    String other = consumer.put(p, c.memberId);
                    assertThat(other).as("%s consumed by %s and %s after %s", p, other, c.memberId, what).isNull();
                    assertThat(holder.get(p)).as("%s consumed by %s, held by the coordinator for %s after %s", p, c.memberId, holder.get(p), what)
                            .isEqualTo(c.memberId);
                }
            }
        }

        private void checkConverged() {
            GroupState state = coordinator.state();
            assertThat(state.members().keySet()).as("members after quiet")
                    .containsExactlyInAnyOrderElementsOf(consumers.stream().filter(c -> c.alive).map(c -> c.memberId).toList());
            TreeSet<TopicPartition> expected = Partitions.builder();
            for (Member m : state.members().values()) {
                assertThat(m.pendingRevocation()).as("%s revoking after quiet", m.memberId()).isEmpty();
                assertThat(m.memberEpoch()).as("%s epoch after quiet", m.memberId()).isEqualTo(state.groupEpoch());
                assertThat(m.assigned()).as("%s assignment after quiet", m.memberId()).isEqualTo(state.target(m.memberId()));
                for (String topic : m.subscribedTopics()) {
                    for (int p = 0; p < state.topicPartitions().getOrDefault(topic, 0); p++) {
                        expected.add(new TopicPartition(topic, p));
                    }
                }
            }
            TreeSet<TopicPartition> owned = Partitions.builder();
            state.members().values().forEach(m -> owned.addAll(m.assigned()));
            assertThat(owned).as("owned partitions after quiet").isEqualTo(expected);
            for (SimulatedConsumer c : consumers) {
                if (c.alive) {
                    assertThat(c.owned).as("%s consumes its assignment", c.memberId).isEqualTo(state.member(c.memberId).orElseThrow().assigned());
                }
            }
            if (assignor instanceof UniformStickyAssignor) {
                checkBalanced(state);
            }
        }

        /** No member holds a partition that a member with at least two fewer could take. */
        private static void checkBalanced(GroupState state) {
            for (Member a : state.members().values()) {
                for (Member b : state.members().values()) {
                    if (a.assigned().size() > b.assigned().size() + 1) {
                        assertThat(a.assigned()).as("%s could give %s a partition", a.memberId(), b.memberId())
                                .noneMatch(p -> b.subscribedTopics().contains(p.topic()));
                    }
                }
            }
            Set<SortedSet<String>> subscriptions = new java.util.HashSet<>();
            state.members().values().forEach(m -> subscriptions.add(m.subscribedTopics()));
            if (subscriptions.size() == 1) {
                IntSummary counts = IntSummary.of(state.members().values().stream().mapToInt(m -> m.assigned().size()).toArray());
                assertThat(counts.max - counts.min).as("counts with one subscription").isLessThanOrEqualTo(1);
            }
        }

        private static List<TopicPartition> concat(Set<TopicPartition> a, Set<TopicPartition> b) {
            List<TopicPartition> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }
    }

    private record IntSummary(int min, int max) {
        static IntSummary of(int[] values) {
            return new IntSummary(java.util.Arrays.stream(values).min().orElse(0), java.util.Arrays.stream(values).max().orElse(0));
        }
    }
}
