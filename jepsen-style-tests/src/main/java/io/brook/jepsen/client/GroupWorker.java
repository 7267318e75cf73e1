package io.brook.jepsen.client;

import io.brook.client.CommitFailedException;
import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.ConsumerRebalanceListener;
import io.brook.client.ConsumerRecords;
import io.brook.client.FencedMemberException;
import io.brook.client.OffsetAndMetadata;
import io.brook.client.TopicPartition;
import io.brook.jepsen.history.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One incarnation of a consumer-group member, a Jepsen process: its own {@link Consumer} subscribed
 * to the topic in the group, polling and, after each poll that returned records, committing with
 * {@code commitSync(Map)} the offset after the last record it returned of each partition it still
 * owns.
 *
 * <p>Why explicit synchronous commits and not auto-commit: the history must show each commit's
 * invocation, completion and exact offsets for commit-backwards and group-skip, and a commit made
 * inside {@code poll} by the client (auto-commit) is invisible to the worker; committing after every
 * poll also bounds what a killed member makes its successor read again to one poll's records.
 * Committing only partitions still in {@code assignment()} keeps a member from committing what it has
 * been told to give up.
 *
 * <p>Records: {@code group-poll} (ok with records and the assignment after the poll; info when it
 * threw) and {@code commit} (ok; fail when refused: {@link CommitFailedException} or {@link
 * FencedMemberException}, nothing committed; info otherwise). {@link #kill()} makes whatever the worker
 * is doing, and everything after, unknown: the op open at the kill completes as info ("killed"), a
 * poll's records after the kill are not recorded as consumed, and the worker stops. The caller cuts the
 * member's network first ({@link io.brook.jepsen.nemesis.ConsumerKillNemesis}), so that the consumer,
 * closed afterwards on this thread, can no longer leave the group or commit.
 *
 * <p>{@code commitAheadBy} is a deliberate bug for showing that the checkers catch one: each commit is
 * that many offsets past what was consumed (0 in every honest run).
 */
public final class GroupWorker implements Runnable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final int process;
    private final String group;
    private final String topic;
    private final ConsumerConfig config;
    private final Recorder recorder;
    private final GroupProgress progress;
    private final long commitAheadBy;
    private volatile boolean running = true;
    private volatile boolean killed;
    private volatile Consumer consumer;

    /**
     * @param base the consumer settings of the run; group id, client id ({@link #clientId}) and
     *     auto-commit (off) are set here
     */
    public GroupWorker(int process, String group, String topic, ConsumerConfig base, Recorder recorder,
                       GroupProgress progress, long commitAheadBy) {
        this.process = process;
        this.group = group;
        this.topic = topic;
        this.config = base.toBuilder().groupId(group).clientId(clientId(process)).enableAutoCommit(false).build();
        this.recorder = recorder;
        this.progress = progress;
        this.commitAheadBy = commitAheadBy;
    }

    /** The client id of process {@code process}'s consumer: what its requests carry, and what a cut names. */
    public static String clientId(int process) {
        return "jepsen-group-" + process;
    }

    public int process() {
        return process;
    }

    public String clientId() {
        return clientId(process);
    }

    /** Stops after the current operation, leaving the group cleanly (close). */
    public void stop() {
        running = false;
    }

    /**
     * Abandons this member: what it does from now on is unknown and it stops as soon as its current call
     * returns. Call after cutting its network.
     */
    public void kill() {
        killed = true;
        running = false;
        Consumer c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public void run() {
        try (Consumer c = new Consumer(config)) {
            consumer = c;
            c.subscribe(List.of(topic), Listener.NONE);
            while (running) {
                List<Op.Read> got = poll(c);
                if (got != null && !got.isEmpty()) {
                    commit(c, got);
                }
            }
        } catch (RuntimeException e) {
            if (!killed) {
                System.err.println("group member " + process + " stopped: " + e);
            }
        }
    }

    /** One recorded poll; the records it returned, or null when it did not complete ok. */
    private List<Op.Read> poll(Consumer c) {
        recorder.invokeGroup(Op.GROUP_POLL, process, group, List.of());
        ConsumerRecords records;
        try {
            records = c.poll(POLL);
        } catch (RuntimeException e) {
            recorder.completeGroup(Op.Type.INFO, Op.GROUP_POLL, process, group, List.of(), List.of(), null,
                    killed ? "killed" : SendOutcome.describe(e));
            return null;
        }
        List<Integer> assignment = c.assignment().stream().map(TopicPartition::partition).sorted().toList();
        if (killed) {
            recorder.completeGroup(Op.Type.INFO, Op.GROUP_POLL, process, group, List.of(), List.of(), null, "killed");
            return null;
        }
        List<Op.Read> got = PollWorker.reads(records);
        recorder.completeGroup(Op.Type.OK, Op.GROUP_POLL, process, group, got, List.of(), assignment, null);
        progress.consumed(got);
        return got;
    }

    /** Commits the offset after the last record read of each partition the member still owns. */
    private void commit(Consumer c, List<Op.Read> got) {
        Map<Integer, Long> next = new TreeMap<>();
        got.forEach(r -> next.merge(r.partition(), r.offset() + 1 + commitAheadBy, Math::max));
        next.keySet().retainAll(c.assignment().stream().map(TopicPartition::partition).toList());
        if (next.isEmpty()) {
            return;
        }
        List<Op.Offset> offsets = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> commit = new TreeMap<>(
                (a, b) -> Integer.compare(a.partition(), b.partition()));
        next.forEach((p, o) -> {
            offsets.add(new Op.Offset(p, o));
            commit.put(new TopicPartition(topic, p), new OffsetAndMetadata(o));
        });
        recorder.invokeGroup(Op.COMMIT, process, group, offsets);
        Op.Type outcome = Op.Type.OK;
        String error = null;
        try {
            c.commitSync(commit);
        } catch (CommitFailedException | FencedMemberException e) {
            outcome = Op.Type.FAIL;
            error = SendOutcome.describe(e);
        } catch (RuntimeException e) {
            outcome = Op.Type.INFO;
            error = SendOutcome.describe(e);
        }
        if (killed) {
            outcome = Op.Type.INFO;
            error = "killed";
        }
        recorder.completeGroup(outcome, Op.COMMIT, process, group, List.of(), offsets, null, error);
    }

    /** The worker needs no callbacks: it reads its assignment after each poll. */
    private static final class Listener implements ConsumerRebalanceListener {
        static final Listener NONE = new Listener();

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // commits are made after each poll, for owned partitions only
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // positions come from the group's commits; group-skip checks the first reads
        }
    }
}
