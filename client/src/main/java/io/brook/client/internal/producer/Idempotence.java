package io.brook.client.internal.producer;

import io.brook.client.BrookException;
import io.brook.client.OutOfOrderSequenceException;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerFencedException;
import io.brook.client.TopicPartition;
import io.brook.protocol.message.ErrorCode;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotent producer's bookkeeping: its producer id, each partition's sequence numbers, and the
 * rules that keep every partition's batches written at most once and in {@code send} order while
 * requests fail, time out and are retried.
 *
 * <ul>
 * <li><b>Id.</b> Nothing is sent before a producer id and epoch arrived from InitProducerId
 *     ({@link ProducerIdRequester}).
 * <li><b>Sequences.</b> A batch gets its partition's next sequence number the first time it is
 *     drained and keeps it on every retry; they count records and wrap from Integer.MAX_VALUE to 0.
 *     The broker remembers a producer's newest {@value #MAX_UNACKED} batches per partition to
 *     recognize repeats, so a new batch gets sequence numbers only while fewer than that many
 *     batches, from the partition's oldest unacknowledged one on, have them
 *     ({@link PartitionSequence#window()}): batches acknowledged while an earlier answer is lost
 *     count too, or the earlier batch's retry would fall out of the broker's memory.
 * <li><b>Order.</b> A partition's batches in flight all go to one broker, on one connection, in
 *     sequence order; its first batch under an id goes alone (the partition holds no state of the id
 *     yet, so it would accept a later batch first). When a batch fails with a retriable error (or
 *     OUT_OF_ORDER_SEQUENCE while an earlier batch of its partition is unacknowledged), nothing
 *     more of that partition is sent until its requests in flight are back; then its unacknowledged
 *     batches go again in sequence order, ahead of new ones. A repeat the broker recognizes is
 *     answered {@code duplicate} with the original offsets: a success.
 * <li><b>Lost state.</b> OUT_OF_ORDER_SEQUENCE for a partition's earliest unacknowledged batch means
 *     the broker lost the id's state: that batch fails with {@link OutOfOrderSequenceException} (not
 *     written), which leaves a gap.
 * <li><b>Gap.</b> A batch with sequence numbers that fails for good (an error that is not retriable,
 *     {@code delivery.timeout.ms}, {@code retries}) leaves a gap that the broker would never let later
 *     batches of its partition past. From then on no batch gets sequence numbers under the old id.
 *     Batches that have them keep being sent under it until each is acknowledged, fails for good,
 *     or — behind a gap — is answered OUT_OF_ORDER_SEQUENCE, which proves it (and every later batch
 *     of its partition) was not written: such batches wait. Once nothing is in flight and only
 *     waiting batches are left, the producer takes a new id; every partition's sequences restart at
 *     0 and the waiting batches get new ones, in their old order. A batch that may have been written
 *     is thus never sent under a second id: it is acknowledged or it fails (a
 *     {@link io.brook.client.TimeoutException} that says it may have been written).
 * <li><b>Fenced.</b> INVALID_PRODUCER_EPOCH is final: that batch, every batch not yet acknowledged
 *     and every later {@code send} fail with {@link ProducerFencedException}. So is a refusal of
 *     InitProducerId that retrying cannot change.
 * </ul>
 *
 * <p>Thread safety: owned by the sender thread (the {@link RecordAccumulator} consults it as its
 * {@link DrainGate} on that thread); only {@link #fatalError()} is read by other threads.
 */
final class Idempotence implements DrainGate {

    private static final Logger log = LoggerFactory.getLogger(Idempotence.class);

    /** Unacknowledged batches per partition at most: as many as the broker recognizes as repeats. */
    static final int MAX_UNACKED = ProducerConfig.MAX_IN_FLIGHT_FOR_IDEMPOTENCE;

    /** Answers that prove the partition did not write the batch (the broker checks them before appending). */
    private static final Set<ErrorCode> NOT_WRITTEN = EnumSet.of(ErrorCode.NOT_LEADER, ErrorCode.LEADER_NOT_AVAILABLE,
            ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.NOT_ENOUGH_REPLICAS, ErrorCode.BROKER_SHUTTING_DOWN,
            ErrorCode.BROKER_NOT_AVAILABLE, ErrorCode.THROTTLED, ErrorCode.TOPIC_DELETION_IN_PROGRESS,
            ErrorCode.CORRUPT_RECORD_BATCH, ErrorCode.RECORD_BATCH_TOO_LARGE, ErrorCode.FRAME_TOO_LARGE,
            ErrorCode.MALFORMED_REQUEST, ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_TOPIC_NAME,
            ErrorCode.UNSUPPORTED_API, ErrorCode.UNSUPPORTED_VERSION, ErrorCode.OUT_OF_ORDER_SEQUENCE,
            ErrorCode.INVALID_PRODUCER_EPOCH);

    /** What to do with a batch whose attempt failed. */
    enum Verdict {
        /** Send it again (after a backoff), in sequence order, if retries and time allow. */
        RETRY,
        /** Known not written under this id, behind a gap: it waits for the next id. */
        PARK,
        /** Fail it with the error. */
        FAIL,
        /** Fail it with {@link #lostState}: the broker lost the producer's state. */
        FAIL_LOST_STATE,
        /** Fail it with {@link #fatalError()}. */
        FATAL
    }

    private final ProducerIdRequester requester;
    private final Map<TopicPartition, PartitionSequence> partitions = new HashMap<>();
    private ProducerIdAndEpoch id;
    /** A gap was left: no new sequence numbers under this id; a new one comes once the old is settled. */
    private boolean resetPending;
    private int inFlight;
    private long nextOrder;
    private volatile BrookException fatal;

    Idempotence(ProducerIdRequester requester) {
        this.requester = requester;
    }

    /** Whether the answer {@code e} proves that the attempt wrote nothing. */
    static boolean knownNotWritten(BrookException e) {
        return NOT_WRITTEN.contains(e.errorCode());
    }

    /** Once per sender loop: takes a new id when a gap has settled, and asks for an id while there is none. */
    void poll(long nowMs) {
        if (fatal != null) {
            return;
        }
        if (resetPending && inFlight == 0 && onlyParkedLeft()) {
            restart();
        }
        if (id == null) {
            try {
                id = requester.poll(nowMs);
            } catch (BrookException e) {
                log.error("{}", e.getMessage());
                fatal = e;
                return;
            }
            if (id != null) {
                log.info("idempotent producer id {}", id);
            }
        }
    }

    private boolean onlyParkedLeft() {
        for (PartitionSequence s : partitions.values()) {
            if (!s.onlyParkedLeft()) {
                return false;
            }
        }
        return true;
    }

    private void restart() {
        int waiting = 0;
        for (PartitionSequence s : partitions.values()) {
            for (ProducerBatch b : s.unacked) {
                b.clearSequence();
                waiting++;
            }
        }
        log.info("giving up producer id {}: a batch failed for good and left a gap in its partition's sequence numbers;"
                + " taking a new id, under which {} batch(es) known not to be written are sent again", id, waiting);
        partitions.clear();
        resetPending = false;
        id = null;
    }

    /** Milliseconds until {@link #poll} needs to run without being woken, or {@code Long.MAX_VALUE}. */
    long delayMs(long nowMs) {
        return id != null || fatal != null ? Long.MAX_VALUE : requester.delayMs(nowMs);
    }

    /** The error that ends this producer (fenced, or no id to be had), or {@code null}. Any thread. */
    BrookException fatalError() {
        return fatal;
    }

    /** Why a batch that was never sent may have waited, or {@code null}; for expiry messages. */
    String waitReason() {
        if (id == null) {
            BrookException last = requester.lastError();
            return "no producer id could be obtained" + (last == null ? "" : " (last InitProducerId error: "
                    + last.getMessage() + ")");
        }
        return resetPending ? "it waited for a new producer id after an earlier batch failed" : null;
    }

    @Override
    public boolean mayDrain(TopicPartition tp, ProducerBatch head, int leader) {
        if (id == null || fatal != null) {
            return false;
        }
        PartitionSequence s = partitions.get(tp);
        if (head.hasSequence()) {
            if (s.isParked(head)) {
                return false;
            }
        } else if (resetPending || (s != null && s.window() >= MAX_UNACKED)) {
            return false;
        }
        return s == null || s.inFlight == 0 || (!s.recovering && s.confirmed && s.inFlightNode == leader);
    }

    @Override
    public void onDrained(ProducerBatch b, int leader) {
        PartitionSequence s = partitions.computeIfAbsent(b.tp, tp -> new PartitionSequence());
        if (!b.hasSequence()) {
            if (b.order < 0) {
                b.order = nextOrder++;
            }
            s.stamp(b, id);
        }
        if (s.inFlight == 0) {
            s.recovering = false;
        }
        s.inFlight++;
        s.inFlightNode = leader;
        inFlight++;
    }

    /** The request that carried {@code b} was answered or failed. */
    void onReturned(ProducerBatch b) {
        partitions.get(b.tp).inFlight--;
        inFlight--;
    }

    /** {@code b} was written (or recognized as written before). */
    void onAcked(ProducerBatch b) {
        PartitionSequence s = partitions.get(b.tp);
        if (s != null && b.hasSequence()) {
            s.unacked.remove(b);
            s.confirmed = true;
        }
    }

    /** {@code b} failed for good: if it had sequence numbers, its partition has a gap. */
    void onFailed(ProducerBatch b) {
        PartitionSequence s = partitions.get(b.tp);
        if (s == null || !b.hasSequence()) {
            return;
        }
        s.unacked.remove(b);
        if (fatal == null) {
            if (!resetPending) {
                log.info("{} failed for good; its partition's sequence numbers have a gap: no more batches get sequence"
                        + " numbers under producer id {}; it is replaced once the batches in flight are settled", b, id);
            }
            s.gapOrder = Math.min(s.gapOrder, b.order);
            resetPending = true;
        }
    }

    /** Decides about a batch whose attempt failed with {@code error}; the batch was sent by this producer id. */
    Verdict classify(ProducerBatch b, BrookException error) {
        if (error.errorCode() == ErrorCode.INVALID_PRODUCER_EPOCH && fatal == null) {
            fatal = new ProducerFencedException("the producer was fenced: another producer took over its producer id " + id
                    + " with a newer epoch (" + error.getMessage() + "); this producer fails every record from now on:"
                    + " close it", error, error.errorCode());
            log.error("{}", fatal.getMessage());
        }
        if (fatal != null) {
            return Verdict.FATAL;
        }
        PartitionSequence s = partitions.get(b.tp);
        if (s == null || !b.hasSequence()) {
            return error.isRetriable() ? Verdict.RETRY : Verdict.FAIL;
        }
        if (error.errorCode() == ErrorCode.OUT_OF_ORDER_SEQUENCE) {
            // the broker's sequence for this id stops before the batch: neither this attempt nor any
            // earlier one was written
            b.maybeWritten = false;
            if (b.order > s.gapOrder) {
                s.parkedFromOrder = Math.min(s.parkedFromOrder, b.order);
                s.recovering = true;
                return Verdict.PARK;
            }
            if (s.unacked.peekFirst() == b) {
                return Verdict.FAIL_LOST_STATE;
            }
            s.recovering = true;
            return Verdict.RETRY;
        }
        if (!error.isRetriable()) {
            return Verdict.FAIL;
        }
        s.recovering = true;
        return Verdict.RETRY;
    }

    /** The error for {@link Verdict#FAIL_LOST_STATE}. */
    OutOfOrderSequenceException lostState(ProducerBatch b, BrookException error) {
        return new OutOfOrderSequenceException(b.recordCount() + " record(s) for " + b.tp + " were not written: the"
                + " partition's leader does not continue this producer's sequence numbers where the last acknowledged"
                + " batch left them, so it lost the producer's state (" + error.getMessage() + "); later records go"
                + " under a new producer id; send these again if they must be written", error, error.errorCode());
    }
}
