package io.brook.jepsen.history;

import java.util.List;

/**
 * One event of a history, Jepsen style: an operation is invoked ({@link Type#INVOKE}) and completes
 * once ({@link Type#OK}, {@link Type#FAIL} definitely did not happen, {@link Type#INFO} outcome
 * unknown). A completion has the same {@code process} and {@code f} as its invocation; a process has at
 * most one operation open at a time.
 *
 * <p>Functions ({@link #f()}):
 * <ul>
 * <li>{@code send}: invoke carries {@code value} (unique per run, e.g. {@code "w3-17"}), {@code key},
 * the requested {@code partition} (or -1), and which {@code producer} instance sent it with the
 * {@code seq}uence number of the call among that producer's {@code send} calls (from 0, in call order;
 * -1 in histories that predate them); ok adds the {@code partition} and {@code offset} the broker
 * acknowledged. A producer may have several sends open at once, each under its own process.</li>
 * <li>{@code poll}: invoke carries nothing; ok carries the {@code records} read (partition, offset,
 * value) in the order the consumer returned them. A worker polls in assign mode and keeps its
 * positions across polls.</li>
 * <li>{@code seek}: a worker moved its position; invoke and ok carry {@code partition} and
 * {@code offset} (the new position). Monotonicity checks restart after a seek.</li>
 * <li>{@code final-read}: like poll, by the harness after healing: every partition from its start.</li>
 * <li>Admin changes, each acknowledged one promised to last: {@code create-topic} and {@code
 * add-partitions} carry the topic as {@code key} and {@code "partitions=N"} (the new total) as
 * {@code value}; {@code alter-config} carries the topic and {@code "name=value"} (one config
 * override). Invoke and completion carry the same key and value.</li>
 * <li>{@code final-describe}: by the harness after the final read, one per topic an admin change
 * named: key the topic; ok with value {@code "partitions=N,name=value,..."} (the partition count and
 * the configs admin changes set), or {@code "absent"} when the cluster does not know the topic; info
 * with the error when it could not be asked.</li>
 * <li>{@code group-poll} (version 3): a poll by a member of a consumer group (subscribe mode); the
 * group is named in {@code key}. Invoke carries the key; ok carries the {@code records} read and the
 * member's {@code assignment} when the poll returned (the partitions it owned then); info when the
 * poll threw or the member was killed while polling. Each incarnation of a member has its own
 * process: a member restarted after a kill is a new process.</li>
 * <li>{@code commit} (version 3): a member's commitSync of {@code offsets} (partition → the offset of
 * the next record to consume) to the group in {@code key}; invoke and completion carry the same
 * offsets. Ok: committed; fail: refused (the membership changed, nothing committed); info: unknown
 * (a time-out, or the member was killed meanwhile).</li>
 * <li>{@code reset-offsets} (version 3): an explicit reset of the group's committed {@code offsets}
 * (e.g. by an admin); an ok reset may move a commit backwards.</li>
 * </ul>
 *
 * @param index position in the history, from 0
 * @param timeNanos nanoseconds since the start of the run
 * @param process the worker (client) id; the harness uses negative ids
 * @param error why a fail or info completion happened, else {@code null}
 * @param producer on a send invoke: the producer instance that sent it (the run's send worker number);
 *     else -1
 * @param seq on a send invoke: the order of the call among {@code producer}'s send calls, from 0; else -1
 * @param offsets on a commit or reset-offsets: partition → offset, in partition order; else empty
 * @param assignment on a group-poll ok: the partitions the member owned when the poll returned, in
 *     ascending order; else {@code null} (not reported, which differs from an empty assignment)
 */
public record Op(long index, Type type, String f, int process, long timeNanos, String key, String value, int partition,
                 long offset, List<Read> records, String error, int producer, long seq, List<Offset> offsets,
                 List<Integer> assignment) {

    /** Invocation and the three ways to complete. */
    public enum Type { INVOKE, OK, FAIL, INFO }

    /** One record a poll returned. */
    public record Read(int partition, long offset, String value) {}

    /** One partition's offset in a commit or a reset: the offset of the next record to consume. */
    public record Offset(int partition, long offset) {}

    public static final String SEND = "send";
    public static final String POLL = "poll";
    public static final String SEEK = "seek";
    public static final String FINAL_READ = "final-read";
    public static final String CREATE_TOPIC = "create-topic";
    public static final String ADD_PARTITIONS = "add-partitions";
    public static final String ALTER_CONFIG = "alter-config";
    public static final String FINAL_DESCRIBE = "final-describe";
    public static final String GROUP_POLL = "group-poll";
    public static final String COMMIT = "commit";
    public static final String RESET_OFFSETS = "reset-offsets";
    /** The value of an ok {@link #FINAL_DESCRIBE} of a topic the cluster does not know. */
    public static final String ABSENT = "absent";

    public Op {
        records = records == null ? List.of() : List.copyOf(records);
        offsets = offsets == null ? List.of() : List.copyOf(offsets);
        assignment = assignment == null ? null : List.copyOf(assignment);
    }

    /** An op of version 2 or earlier: no offsets, no assignment. */
    public Op(long index, Type type, String f, int process, long timeNanos, String key, String value, int partition,
              long offset, List<Read> records, String error, int producer, long seq) {
        this(index, type, f, process, timeNanos, key, value, partition, offset, records, error, producer, seq, List.of(),
                null);
    }

    /** An op that names no producer (every op but a send invoke). */
    public Op(long index, Type type, String f, int process, long timeNanos, String key, String value, int partition,
              long offset, List<Read> records, String error) {
        this(index, type, f, process, timeNanos, key, value, partition, offset, records, error, -1, -1);
    }

    public boolean isInvoke() {
        return type == Type.INVOKE;
    }

    public boolean isOk() {
        return type == Type.OK;
    }

    /** True for ok, fail and info: the events that close an invocation. */
    public boolean isCompletion() {
        return type != Type.INVOKE;
    }

    /**
     * An ok poll or final read: the completions whose {@link #records()} are reads of the log by the
     * assign-mode checkers. A {@code group-poll} is not one of them: its reads follow the group's
     * assignment (a partition's offsets restart from a commit when it moves) and have checkers of their own.
     */
    public boolean isOkRead() {
        return type == Type.OK && (POLL.equals(f) || FINAL_READ.equals(f));
    }

    /** An ok group-poll: records a group member read. */
    public boolean isOkGroupPoll() {
        return type == Type.OK && GROUP_POLL.equals(f);
    }

    /** This op with another {@link #index()}, e.g. the one a {@link HistoryWriter} assigns. */
    public Op withIndex(long newIndex) {
        return new Op(newIndex, type, f, process, timeNanos, key, value, partition, offset, records, error, producer, seq,
                offsets, assignment);
    }
}
