package io.brook.client.internal.consumer;

import io.brook.client.ConsumerRecord;
import io.brook.client.CorruptRecordException;
import io.brook.client.OffsetOutOfRangeException;
import io.brook.client.OffsetResetStrategy;
import io.brook.client.TopicPartition;
import io.brook.client.internal.ErrorMapping;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.record.RecordCursor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns completed fetches into records for {@code poll}: in arrival order, at most
 * {@code max.poll.records}, skipping data fetched for an older position (a seek happened since),
 * advancing positions, and acting on errors: offset out of range resets the position per
 * {@code auto.offset.reset} (or fails with {@link OffsetOutOfRangeException} for {@code none});
 * other errors are thrown. An error is only thrown from a poll that has no records to return, so
 * no record is lost to it.
 *
 * <p>Owned by the application thread.
 */
public final class RecordCollector {

    private static final Logger log = LoggerFactory.getLogger(RecordCollector.class);

    private final SubscriptionState subscriptions;
    private final FetchBuffer buffer;
    private final Fetcher fetcher;
    private final boolean checkCrcs;
    private final int maxPollRecords;
    private final RecordCursor cursor = new RecordCursor();
    /** The fetch being drained: poll stopped in its middle or before its error. */
    private CompletedFetch current;

    public RecordCollector(SubscriptionState subscriptions, FetchBuffer buffer, Fetcher fetcher, boolean checkCrcs,
                           int maxPollRecords) {
        this.subscriptions = subscriptions;
        this.buffer = buffer;
        this.fetcher = fetcher;
        this.checkCrcs = checkCrcs;
        this.maxPollRecords = maxPollRecords;
    }

    /** @return the records per partition; empty when nothing was fetched */
    public Map<TopicPartition, List<ConsumerRecord>> collect() {
        Map<TopicPartition, List<ConsumerRecord>> out = new LinkedHashMap<>();
        int n = 0;
        while (n < maxPollRecords) {
            CompletedFetch f = current != null ? current : buffer.poll();
            current = null;
            if (f == null) {
                break;
            }
            SubscriptionState.PartitionState s = subscriptions.state(f.tp);
            if (s == null || s.generation() != f.generation || !s.hasPosition()) {
                buffer.done(f);
                continue;
            }
            if (f.isError()) {
                if (n > 0) {
                    current = f;
                    break;
                }
                buffer.done(f);
                onError(f, s);
                continue;
            }
            List<ConsumerRecord> list = out.computeIfAbsent(f.tp, k -> new ArrayList<>());
            int before = list.size();
            long position;
            try {
                position = f.drain(s.position(), maxPollRecords - n, checkCrcs, cursor, list);
            } catch (CorruptRecordException e) {
                current = f;
                n += list.size() - before;
                if (n > 0) {
                    advanceTo(list, f.tp);
                    break;
                }
                throw e;
            }
            n += list.size() - before;
            subscriptions.advance(f.tp, position, f.lastTerm());
            if (f.isDrained()) {
                buffer.done(f);
            } else {
                current = f;
            }
        }
        out.values().removeIf(List::isEmpty);
        return out;
    }

    private void advanceTo(List<ConsumerRecord> list, TopicPartition tp) {
        if (!list.isEmpty()) {
            subscriptions.advance(tp, list.get(list.size() - 1).offset() + 1, -1);
        }
    }

    private void onError(CompletedFetch f, SubscriptionState.PartitionState s) {
        if (f.error == ErrorCode.OFFSET_OUT_OF_RANGE) {
            if (s.position() != f.fetchOffset) {
                return;
            }
            OffsetResetStrategy strategy = subscriptions.defaultReset();
            if (strategy == OffsetResetStrategy.NONE) {
                throw new OffsetOutOfRangeException("position " + f.fetchOffset + " of " + f.tp
                        + " is out of the log's range (log start " + f.logStartOffset + ", high watermark " + f.highWatermark
                        + ") and auto.offset.reset is none: seek() to a valid offset, or use seekToBeginning()/seekToEnd()",
                        Map.of(f.tp, f.fetchOffset));
            }
            log.info("position {} of {} is out of range (log start {}, high watermark {}); resetting to the {} offset",
                    f.fetchOffset, f.tp, f.logStartOffset, f.highWatermark, strategy.configName());
            int generation = subscriptions.requestReset(f.tp, strategy);
            fetcher.stop(f.tp, generation);
            return;
        }
        throw ErrorMapping.toException(f.error, f.errorMessage, f.tp.topic(), f.tp.partition(), -1);
    }

    /** Releases the fetch being drained. */
    public void close() {
        if (current != null) {
            buffer.done(current);
            current = null;
        }
    }

    /** Drops the fetch being drained if it belongs to {@code tp} (a seek). */
    public void discard(TopicPartition tp) {
        if (current != null && current.tp.equals(tp)) {
            buffer.done(current);
            current = null;
        }
    }
}
