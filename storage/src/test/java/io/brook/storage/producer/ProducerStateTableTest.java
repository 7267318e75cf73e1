package io.brook.storage.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordBatchBuilder;
import io.brook.storage.ProducerEntry;
import io.brook.storage.ProducerEntry.BatchMetadata;
import io.brook.storage.ProducerState;
import io.brook.storage.SequenceCheck;
import io.brook.storage.SequenceCheck.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sequence, epoch and duplicate rules of {@link ProducerStateTable}, one per test. */
class ProducerStateTableTest {

    private static final long PID = 1000;
    private static final short EPOCH = 3;

    private final ProducerStateTable table = new ProducerStateTable();
    private long nextOffset = 500;

    /** Appends a batch of {@code records} records at the next offsets, as the log would after APPEND. */
    private void append(long pid, short epoch, int firstSeq, int records) {
        table.update(pid, epoch, firstSeq, ProducerState.lastSequence(firstSeq, records), nextOffset,
                nextOffset + records - 1, 10_000 + nextOffset);
        nextOffset += records;
    }

    private SequenceCheck check(int firstSeq, int records) {
        return check(EPOCH, firstSeq, records);
    }

    private SequenceCheck check(short epoch, int firstSeq, int records) {
        return table.check(PID, epoch, firstSeq, ProducerState.lastSequence(firstSeq, records));
    }

    @Test
    void a_producer_without_state_may_start_at_any_sequence() {
        // given an empty table (the producer's state expired, or was never seen)
        // when / then
        assertThat(check(12345, 10)).isSameAs(SequenceCheck.APPEND);
        assertThat(check(0, 1)).isSameAs(SequenceCheck.APPEND);
    }

    @Test
    void a_batch_that_follows_the_newest_one_is_appended() {
        // given
        append(PID, EPOCH, 0, 10);
        // when
        SequenceCheck result = check(10, 5);
        // then
        assertThat(result).isSameAs(SequenceCheck.APPEND);
    }

    @Test
    void a_gap_in_the_sequence_is_out_of_order() {
        // given
        append(PID, EPOCH, 0, 10);
        // when
        SequenceCheck result = check(11, 5);
        // then
        assertThat(result.outcome()).isEqualTo(Outcome.OUT_OF_ORDER);
        assertThat(result.message()).contains("producer 1000", "expected sequence 10", "11..15");
    }

    @Test
    void a_batch_overlapping_the_newest_one_without_matching_it_is_out_of_order() {
        // given
        append(PID, EPOCH, 0, 10);
        // when
        SequenceCheck result = check(5, 10);
        // then
        assertThat(result.outcome()).isEqualTo(Outcome.OUT_OF_ORDER);
    }

    @Test
    void each_of_the_last_five_batches_is_a_duplicate_answered_with_its_original_offsets() {
        // given six batches of 3 records at offsets 500.., so the first one is no longer cached
        for (int i = 0; i < 6; i++) {
            append(PID, EPOCH, i * 3, 3);
        }
        // when / then
        for (int i = 1; i < 6; i++) {
            SequenceCheck result = check(i * 3, 3);
            assertThat(result.outcome()).as("batch %d", i).isEqualTo(Outcome.DUPLICATE);
            assertThat(result.firstOffset()).isEqualTo(500 + i * 3);
            assertThat(result.lastOffset()).isEqualTo(500 + i * 3 + 2);
        }
    }

    @Test
    void the_sixth_newest_batch_is_out_of_order_not_a_duplicate() {
        // given
        for (int i = 0; i < 6; i++) {
            append(PID, EPOCH, i * 3, 3);
        }
        // when
        SequenceCheck result = check(0, 3);
        // then
        assertThat(result.outcome()).isEqualTo(Outcome.OUT_OF_ORDER);
    }

    @Test
    void a_batch_with_the_same_first_sequence_but_another_length_is_not_a_duplicate() {
        // given
        append(PID, EPOCH, 0, 10);
        // when
        SequenceCheck result = check(0, 4);
        // then
        assertThat(result.outcome()).isEqualTo(Outcome.OUT_OF_ORDER);
    }

    @Test
    void sequences_wrap_from_max_int_to_zero() {
        // given a batch ending exactly at Integer.MAX_VALUE
        append(PID, EPOCH, Integer.MAX_VALUE - 4, 5);
        // when / then the next starts at 0
        assertThat(check(0, 3)).isSameAs(SequenceCheck.APPEND);
        assertThat(check(Integer.MAX_VALUE, 1).outcome()).isEqualTo(Outcome.OUT_OF_ORDER);
    }

    @Test
    void a_batch_that_wraps_inside_ends_at_the_wrapped_sequence() {
        // given a batch from MAX-1 over the wrap: MAX-1, MAX, 0, 1
        int last = ProducerState.lastSequence(Integer.MAX_VALUE - 1, 4);
        assertThat(last).isEqualTo(1);
        append(PID, EPOCH, Integer.MAX_VALUE - 1, 4);
        // when / then
        assertThat(check(2, 1)).isSameAs(SequenceCheck.APPEND);
        SequenceCheck retry = check(Integer.MAX_VALUE - 1, 4);
        assertThat(retry.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(table.entry(PID).orElseThrow().batches()).containsExactly(new BatchMetadata(Integer.MAX_VALUE - 1, 1, 500, 503));
    }

    @Test
    void a_lower_epoch_is_fenced() {
        // given
        append(PID, EPOCH, 0, 10);
        // when
        SequenceCheck result = check((short) (EPOCH - 1), 10, 1);
        // then
        assertThat(result.outcome()).isEqualTo(Outcome.FENCED);
        assertThat(result.message()).contains("epoch 2", "current epoch 3");
    }

    @Test
    void a_retry_of_an_old_epoch_batch_is_fenced_not_a_duplicate() {
        // given a batch of epoch 3, then the producer moved to epoch 4
        append(PID, EPOCH, 0, 10);
        append(PID, (short) (EPOCH + 1), 0, 2);
        // when
        SequenceCheck result = check(EPOCH, 0, 10);
        // then
        assertThat(result.outcome()).isEqualTo(Outcome.FENCED);
    }

    @Test
    void a_higher_epoch_must_start_at_sequence_zero() {
        // given
        append(PID, EPOCH, 0, 10);
        // when / then
        assertThat(check((short) (EPOCH + 1), 0, 5)).isSameAs(SequenceCheck.APPEND);
        assertThat(check((short) (EPOCH + 1), 10, 5).outcome()).isEqualTo(Outcome.OUT_OF_ORDER);
        assertThat(check((short) (EPOCH + 1), 10, 5).message()).contains("starts epoch 4 at sequence 10");
    }

    @Test
    void an_epoch_bump_forgets_the_batches_of_the_old_epoch() {
        // given
        append(PID, EPOCH, 0, 10);
        append(PID, EPOCH, 10, 10);
        // when
        append(PID, (short) (EPOCH + 1), 0, 4);
        // then
        ProducerEntry e = table.entry(PID).orElseThrow();
        assertThat(e.epoch()).isEqualTo((short) (EPOCH + 1));
        assertThat(e.batches()).containsExactly(new BatchMetadata(0, 3, 520, 523));
        assertThat(check((short) (EPOCH + 1), 4, 1)).isSameAs(SequenceCheck.APPEND);
    }

    @Test
    void a_control_batch_moves_the_epoch_without_a_sequence_so_the_next_batch_starts_at_zero() {
        // given
        append(PID, EPOCH, 0, 10);
        // when
        table.updateEpoch(PID, (short) (EPOCH + 1), 77_000);
        // then
        ProducerEntry e = table.entry(PID).orElseThrow();
        assertThat(e.batches()).isEmpty();
        assertThat(e.lastTimestamp()).isEqualTo(77_000);
        assertThat(check((short) (EPOCH + 1), 0, 1)).isSameAs(SequenceCheck.APPEND);
        assertThat(check((short) (EPOCH + 1), 10, 1).outcome()).isEqualTo(Outcome.OUT_OF_ORDER);
    }

    /** A header view of a batch of {@code records} records at {@code baseOffset}, timestamps 2000.. */
    private static RecordBatch batch(long pid, short epoch, int firstSeq, int records, long baseOffset) {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 256).baseOffset(baseOffset)
                .producer(pid, epoch, firstSeq);
        for (int i = 0; i < records; i++) {
            b.append(2_000L + i, null, new byte[] {(byte) i});
        }
        return RecordBatch.of(b.build());
    }

    @Test
    void batches_without_a_producer_id_are_always_appended_and_never_recorded() {
        // given a plain batch (producer id -1)
        RecordBatch plain = batch(-1, (short) -1, -1, 2, 5);
        // when
        table.apply(plain);
        // then
        assertThat(table.size()).isZero();
        assertThat(table.check(plain)).isSameAs(SequenceCheck.APPEND);
    }

    @Test
    void apply_reads_the_producer_fields_offsets_and_timestamp_of_a_batch_header() {
        // given a batch of producer 1000, epoch 3, sequences 7..9 at offsets 40..42
        RecordBatch batch = batch(PID, EPOCH, 7, 3, 40);
        // when
        table.apply(batch);
        // then
        assertThat(table.entries()).containsExactly(new ProducerEntry(PID, EPOCH, 2_002L, List.of(new BatchMetadata(7, 9, 40, 42))));
        assertThat(table.check(batch).outcome()).isEqualTo(Outcome.DUPLICATE);
    }

    @Test
    void expire_removes_producers_idle_for_the_expiration_time_or_longer() {
        // given producers last seen at 10,000 + offset (500, 510, 520)
        append(1, EPOCH, 0, 10);
        append(2, EPOCH, 0, 10);
        append(3, EPOCH, 0, 10);
        // when
        int removed = table.expire(10_000 + 510 + 100, 100);
        // then
        assertThat(removed).isEqualTo(2);
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.entry(3)).isPresent();
        assertThat(table.entry(1)).isEmpty();
        assertThat(table.check(1, EPOCH, 999, 999)).isSameAs(SequenceCheck.APPEND);
    }

    @Test
    void entries_are_sorted_by_producer_id() {
        // given
        append(30, EPOCH, 0, 1);
        append(10, EPOCH, 0, 1);
        append(20, EPOCH, 0, 1);
        // when / then
        assertThat(table.entries()).extracting(ProducerEntry::producerId).containsExactly(10L, 20L, 30L);
    }
}
