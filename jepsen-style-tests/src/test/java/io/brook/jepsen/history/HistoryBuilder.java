package io.brook.jepsen.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hand-made histories for tests: each call appends an invocation and, for the complete forms, its
 * completion, with the next index and a clock that advances one millisecond per op (or as told).
 * Final reads run as process {@value #HARNESS}.
 */
public final class HistoryBuilder {

    public static final int HARNESS = -1;
    private static final long MS = 1_000_000L;

    private final List<Op> ops = new ArrayList<>();
    private long timeNanos;

    public static Op.Read r(int partition, long offset, String value) {
        return new Op.Read(partition, offset, value);
    }

    /** Moves the clock forward before the next op. */
    public HistoryBuilder advance(long nanos) {
        timeNanos += nanos;
        return this;
    }

    /** Sets the clock; the next op happens at {@code nanos}. */
    public HistoryBuilder at(long nanos) {
        timeNanos = nanos;
        return this;
    }

    public HistoryBuilder sendOk(int process, String value, int partition, long offset) {
        return sendInvoke(process, value).sendAck(process, value, partition, offset);
    }

    public HistoryBuilder sendFail(int process, String value) {
        return sendInvoke(process, value).add(Op.Type.FAIL, Op.SEND, process, value, -1, -1, List.of(), "rejected");
    }

    public HistoryBuilder sendInfo(int process, String value) {
        return sendInvoke(process, value).add(Op.Type.INFO, Op.SEND, process, value, -1, -1, List.of(), "timeout");
    }

    public HistoryBuilder sendInvoke(int process, String value) {
        return add(Op.Type.INVOKE, Op.SEND, process, value, -1, -1, List.of(), null);
    }

    /** A send invoke that names its producer and the call's sequence number among that producer's sends. */
    public HistoryBuilder sendInvoke(int process, String value, int producer, long seq) {
        ops.add(new Op(ops.size(), Op.Type.INVOKE, Op.SEND, process, timeNanos, "k-" + value, value, -1, -1, List.of(),
                null, producer, seq));
        timeNanos += MS;
        return this;
    }

    public HistoryBuilder sendAck(int process, String value, int partition, long offset) {
        return add(Op.Type.OK, Op.SEND, process, value, partition, offset, List.of(), null);
    }

    public HistoryBuilder poll(int process, Op.Read... records) {
        return pollInvoke(process).add(Op.Type.OK, Op.POLL, process, null, -1, -1, Arrays.asList(records), null);
    }

    public HistoryBuilder pollInvoke(int process) {
        return add(Op.Type.INVOKE, Op.POLL, process, null, -1, -1, List.of(), null);
    }

    public HistoryBuilder pollInfo(int process) {
        return pollInvoke(process).add(Op.Type.INFO, Op.POLL, process, null, -1, -1, List.of(), "timeout");
    }

    public HistoryBuilder seek(int process, int partition, long offset) {
        add(Op.Type.INVOKE, Op.SEEK, process, null, partition, offset, List.of(), null);
        return add(Op.Type.OK, Op.SEEK, process, null, partition, offset, List.of(), null);
    }

    public HistoryBuilder finalRead(Op.Read... records) {
        add(Op.Type.INVOKE, Op.FINAL_READ, HARNESS, null, -1, -1, List.of(), null);
        return add(Op.Type.OK, Op.FINAL_READ, HARNESS, null, -1, -1, Arrays.asList(records), null);
    }

    /** An admin change ({@code f} e.g. {@link Op#CREATE_TOPIC}) of {@code topic}, invoked and completed with {@code outcome}. */
    public HistoryBuilder admin(Op.Type outcome, String f, int process, String topic, String value) {
        adminInvoke(f, process, topic, value);
        return adminComplete(outcome, f, process, topic, value);
    }

    public HistoryBuilder adminInvoke(String f, int process, String topic, String value) {
        ops.add(new Op(ops.size(), Op.Type.INVOKE, f, process, timeNanos, topic, value, -1, -1, List.of(), null));
        timeNanos += MS;
        return this;
    }

    public HistoryBuilder adminComplete(Op.Type outcome, String f, int process, String topic, String value) {
        ops.add(new Op(ops.size(), outcome, f, process, timeNanos, topic, value, -1, -1, List.of(),
                outcome == Op.Type.OK ? null : "timeout"));
        timeNanos += MS;
        return this;
    }

    /** The harness's final describe of {@code topic}: ok with {@code value}, or info when {@code value} is null. */
    public HistoryBuilder finalDescribe(String topic, String value) {
        adminInvoke(Op.FINAL_DESCRIBE, -2, topic, null);
        return adminComplete(value == null ? Op.Type.INFO : Op.Type.OK, Op.FINAL_DESCRIBE, -2, topic, value);
    }

    /** The group every group op of a built history names. */
    public static final String GROUP = "g";

    /** An ok group-poll by member {@code process}, which owned {@code assignment} when it returned. */
    public HistoryBuilder groupPoll(int process, List<Integer> assignment, Op.Read... records) {
        groupOp(Op.Type.INVOKE, Op.GROUP_POLL, process, List.of(), List.of(), null, null);
        return groupOp(Op.Type.OK, Op.GROUP_POLL, process, Arrays.asList(records), List.of(), assignment, null);
    }

    /** A group-poll whose outcome is unknown (it threw, or the member was killed). */
    public HistoryBuilder groupPollInfo(int process) {
        groupOp(Op.Type.INVOKE, Op.GROUP_POLL, process, List.of(), List.of(), null, null);
        return groupOp(Op.Type.INFO, Op.GROUP_POLL, process, List.of(), List.of(), null, "killed");
    }

    /** A commit of {@code offsets} by {@code process}, invoked and completed with {@code outcome}. */
    public HistoryBuilder commit(Op.Type outcome, int process, Op.Offset... offsets) {
        commitInvoke(process, offsets);
        return commitComplete(outcome, process, offsets);
    }

    public HistoryBuilder commitInvoke(int process, Op.Offset... offsets) {
        return groupOp(Op.Type.INVOKE, Op.COMMIT, process, List.of(), Arrays.asList(offsets), null, null);
    }

    public HistoryBuilder commitComplete(Op.Type outcome, int process, Op.Offset... offsets) {
        return groupOp(outcome, Op.COMMIT, process, List.of(), Arrays.asList(offsets), null,
                outcome == Op.Type.OK ? null : "refused");
    }

    /** An ok explicit reset of the group's offsets, by the harness. */
    public HistoryBuilder reset(Op.Offset... offsets) {
        groupOp(Op.Type.INVOKE, Op.RESET_OFFSETS, -3, List.of(), Arrays.asList(offsets), null, null);
        return groupOp(Op.Type.OK, Op.RESET_OFFSETS, -3, List.of(), Arrays.asList(offsets), null, null);
    }

    public static Op.Offset o(int partition, long offset) {
        return new Op.Offset(partition, offset);
    }

    private HistoryBuilder groupOp(Op.Type type, String f, int process, List<Op.Read> records, List<Op.Offset> offsets,
                                   List<Integer> assignment, String error) {
        ops.add(new Op(ops.size(), type, f, process, timeNanos, GROUP, null, -1, -1, records, error, -1, -1, offsets,
                assignment));
        timeNanos += MS;
        return this;
    }

    /** Any op; sends get key {@code "k-" + value}. */
    public HistoryBuilder add(Op.Type type, String f, int process, String value, int partition, long offset,
                              List<Op.Read> records, String error) {
        String key = Op.SEND.equals(f) && value != null ? "k-" + value : null;
        ops.add(new Op(ops.size(), type, f, process, timeNanos, key, value, partition, offset, records, error));
        timeNanos += MS;
        return this;
    }

    public List<Op> build() {
        return List.copyOf(ops);
    }
}
