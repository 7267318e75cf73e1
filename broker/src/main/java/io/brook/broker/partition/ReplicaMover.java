package io.brook.broker.partition;

import io.brook.replication.raft.Membership;
import io.brook.replication.raft.RaftNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks the Raft configuration of each partition this broker leads towards the replicas the metadata
 * asks for ({@link Partition#moveTarget()}), one committed step at a time:
 * <ol>
 *   <li>brokers of the target that are not members join as learners (and learners the target no
 *       longer names leave), in one step: learners count for nothing, so any number may change;
 *   <li>a learner of the target that has caught up (its log matches the leader's up to the commit
 *       end) becomes a voter, one at a time;
 *   <li>then voters the target does not name leave, one at a time (a leaving leader hands leadership
 *       to a caught-up voter of the target first; the new leader carries on);
 *   <li>once the committed configuration has exactly the target's voters, the leader reports the move
 *       complete to the controller, which then drops the old replicas from the metadata (and their
 *       brokers delete them).
 * </ol>
 * Adding before removing keeps the group at its replication factor or above throughout. Every step is
 * a Raft configuration change ({@link RaftNode#proposeMembership}): a leader that dies mid-move leaves
 * the configuration as committed (or as its successor's log has it), and the successor continues from
 * there; a target set back to the old replicas walks the same steps back.
 *
 * <p>Checks run on each partition's owner thread; the bookkeeping of reports is thread-safe.
 */
final class ReplicaMover {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaMover.class);

    private final LongSupplier clock;
    private final long tickMs;
    private final long reportIntervalMs;
    private volatile PartitionManager.MoveCompletionReporter reporter = (p, replicas, leader, term) -> {};
    private final Map<TopicPartition, Long> lastReport = new ConcurrentHashMap<>();
    /** Replicas whose assignment named a move target, until a check finds it gone. */
    private final Set<Partition> targeted = ConcurrentHashMap.newKeySet();
    /** Partitions this broker led with a move target at a check (their learner throttle may be set). */
    private final Set<TopicPartition> moving = ConcurrentHashMap.newKeySet();

    ReplicaMover(LongSupplier clock, long tickMs, long reportIntervalMs) {
        this.clock = clock;
        this.tickMs = tickMs;
        this.reportIntervalMs = reportIntervalMs;
    }

    void reporter(PartitionManager.MoveCompletionReporter reporter) {
        this.reporter = reporter;
    }

    /** A partition's assignment was recorded: from now on {@link #check} looks at it if it has a move target. */
    void assigned(Partition p) {
        if (!p.moveTarget().isEmpty()) {
            targeted.add(p);
        }
    }

    /**
     * Schedules a step for every partition this broker leads that has a move target. Only partitions
     * whose assignment named a target are looked at: a check must cost nothing for the many that do not
     * move (walking all 10,000 replicas every 200 ms was 7% of an idle broker's samples).
     *
     * @param current whether a partition is still this broker's replica (not deleted or replaced)
     */
    void check(Predicate<Partition> current) {
        for (Partition p : targeted) {
            if (p.moveTarget().isEmpty() || !current.test(p)) {
                targeted.remove(p);
                lastReport.remove(p.id());
                if (moving.remove(p.id())) {
                    p.owner().execute(() -> clearThrottle(p));
                }
                continue;
            }
            if (p.raft() != null && p.isLeader()) {
                moving.add(p.id());
                p.owner().execute(() -> step(p));
            }
        }
    }

    private static void clearThrottle(Partition p) {
        RaftNode r = p.raft();
        if (r != null) {
            r.setLearnerThrottle(0);
        }
    }

    /** Owner thread: takes the next step of the partition's move, if it can now. */
    void step(Partition p) {
        RaftNode r = p.raft();
        List<Integer> target = p.moveTarget();
        if (r == null || !r.isLeader() || r.isTransferring() || target.isEmpty()) {
            return;
        }
        long throttle = p.moveThrottleBytesPerSec();
        r.setLearnerThrottle(throttle <= 0 ? 0 : Math.max(1, throttle * tickMs / 1000));
        if (!r.membershipCommitted()) {
            return;
        }
        Membership c = r.membership();
        Set<Integer> wanted = new HashSet<>(target);
        Membership next = nextStep(c, wanted, r);
        if (next == null) {
            if (new HashSet<>(c.voters()).equals(wanted) && c.learners().isEmpty()) {
                report(p, target, r);
            }
            return;
        }
        if (next == c) {
            // the leader itself must leave: hand over to the most caught-up voter the target keeps
            int to = bestVoter(r, wanted);
            if (to >= 0) {
                LOG.info("Partition {}: leader {} leaves with the move to {}, handing leadership to broker {} (term {})", p.id(), r.id(), target, to, r.term());
                r.transferLeadership(to);
            }
            return;
        }
        RaftNode.ChangeResult result = r.proposeMembership(next);
        if (result == RaftNode.ChangeResult.STARTED) {
            LOG.info("Partition {}: configuration {} -> {} (term {}, moving to {})", p.id(), c, next, r.term(), target);
        } else if (result == RaftNode.ChangeResult.INVALID) {
            LOG.error("Partition {}: the move step {} -> {} was refused as invalid", p.id(), c, next);
        }
    }

    /**
     * The configuration to propose next; {@code current} itself when the leader must hand over
     * leadership first; {@code null} when there is nothing to do now (done, or waiting for a learner).
     */
    static Membership nextStep(Membership current, Set<Integer> wanted, RaftNode r) {
        List<Integer> voters = current.voters();
        List<Integer> learners = new ArrayList<>();
        for (int l : current.learners()) {
            if (wanted.contains(l)) {
                learners.add(l);
            }
        }
        for (int w : wanted) {
            if (!current.isMember(w)) {
                learners.add(w);
            }
        }
        if (!learners.equals(current.learners())) {
            return new Membership(voters, learners);
        }
        Map<Integer, Long> learnerEnds = r.learnerMatchEnds();
        for (int l : learners) {
            Long match = learnerEnds.get(l);
            if (match != null && match >= r.commitEnd()) {
                List<Integer> v = new ArrayList<>(voters);
                v.add(l);
                List<Integer> rest = new ArrayList<>(learners);
                rest.remove(Integer.valueOf(l));
                return new Membership(v, rest);
            }
        }
        if (!learners.isEmpty()) {
            return null; // wait for them before anyone leaves
        }
        for (int v : voters) {
            if (!wanted.contains(v)) {
                if (v == r.id()) {
                    continue; // others first; the leader goes last
                }
                List<Integer> rest = new ArrayList<>(voters);
                rest.remove(Integer.valueOf(v));
                return new Membership(rest, List.of());
            }
        }
        return wanted.contains(r.id()) ? null : current;
    }

    private static int bestVoter(RaftNode r, Set<Integer> wanted) {
        int best = -1;
        long bestMatch = -1;
        for (Map.Entry<Integer, Long> e : r.followerMatchEnds().entrySet()) {
            if (wanted.contains(e.getKey()) && e.getValue() > bestMatch) {
                best = e.getKey();
                bestMatch = e.getValue();
            }
        }
        return best;
    }

    private void report(Partition p, List<Integer> target, RaftNode r) {
        long now = clock.getAsLong();
        Long last = lastReport.get(p.id());
        if (last != null && now - last < reportIntervalMs) {
            return;
        }
        lastReport.put(p.id(), now);
        LOG.info("Partition {}: move to {} complete (configuration {} committed, term {})", p.id(), target, r.membership(), r.term());
        reporter.completed(p, target, r.id(), r.term());
    }
}
