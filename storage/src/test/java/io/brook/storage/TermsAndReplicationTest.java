package io.brook.storage;

import static io.brook.storage.TestBatches.assigned;
import static io.brook.storage.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.protocol.record.BatchError;
import io.brook.protocol.record.InvalidBatchException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TermsAndReplicationTest {

    @TempDir Path dir;

    private PartitionLog log;

    private PartitionLog open() {
        log = PartitionLog.open(dir, LogConfig.defaults().withSegmentBytes(1024), () -> 0L);
        return log;
    }

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    /** Term 2 at [0..5], term 4 at [6..8], term 7 at [9..11]. */
    private void threeTerms() {
        log.appendAsLeader(batch(3, 0), 2);
        log.appendAsLeader(batch(3, 0), 2);
        log.appendAsLeader(batch(3, 0), 4);
        log.appendAsLeader(batch(3, 0), 7);
    }

    /** What must not change when an append is rejected. */
    private record State(long end, long size, int lastTerm, Map<String, Long> files) {}

    private State state() {
        return new State(log.logEndOffset(), log.sizeInBytes(), log.lastTerm(), LogDirs.sizes(dir));
    }

    @Test
    void an_empty_log_has_no_term() {
        // given
        open();
        // when / then
        assertThat(log.lastTerm()).isEqualTo(PartitionLog.NO_TERM);
        assertThat(log.termAt(0)).isEqualTo(PartitionLog.NO_TERM);
        assertThat(log.endOffsetForTerm(5)).isEqualTo(TermOffset.UNKNOWN);
        assertThat(TermOffset.UNKNOWN.isKnown()).isFalse();
    }

    @Test
    void term_at_gives_the_term_of_the_batch_holding_the_offset() {
        // given
        open();
        threeTerms();
        // when / then
        assertThat(log.termAt(0)).isEqualTo(2);
        assertThat(log.termAt(5)).isEqualTo(2);
        assertThat(log.termAt(6)).isEqualTo(4);
        assertThat(log.termAt(8)).isEqualTo(4);
        assertThat(log.termAt(9)).isEqualTo(7);
        assertThat(log.termAt(11)).isEqualTo(7);
        assertThat(log.lastTerm()).isEqualTo(7);
    }

    @Test
    void term_at_is_no_term_outside_the_log() {
        // given
        open();
        threeTerms();
        // when / then
        assertThat(log.termAt(-1)).isEqualTo(PartitionLog.NO_TERM);
        assertThat(log.termAt(12)).isEqualTo(PartitionLog.NO_TERM);
        assertThat(log.termAt(1000)).isEqualTo(PartitionLog.NO_TERM);
    }

    @Test
    void end_offset_for_term_is_the_end_of_the_largest_term_not_above_it() {
        // given
        open();
        threeTerms();
        // when / then
        assertThat(log.endOffsetForTerm(1)).isEqualTo(TermOffset.UNKNOWN);
        assertThat(log.endOffsetForTerm(2)).isEqualTo(new TermOffset(2, 6));
        assertThat(log.endOffsetForTerm(3)).isEqualTo(new TermOffset(2, 6));
        assertThat(log.endOffsetForTerm(4)).isEqualTo(new TermOffset(4, 9));
        assertThat(log.endOffsetForTerm(6)).isEqualTo(new TermOffset(4, 9));
        assertThat(log.endOffsetForTerm(7)).isEqualTo(new TermOffset(7, 12));
        assertThat(log.endOffsetForTerm(100)).isEqualTo(new TermOffset(7, 12));
        assertThat(log.endOffsetForTerm(4).isKnown()).isTrue();
    }

    @Test
    void terms_survive_a_reopen_across_segments() {
        // given: terms spread over several segments
        open();
        for (int i = 0; i < 30; i++) {
            log.appendAsLeader(batch(2, 0), 1 + i / 7);
        }
        assertThat(log.segmentCount()).isGreaterThan(3);
        // when
        log.close();
        open();
        // then
        for (int i = 0; i < 30; i++) {
            assertThat(log.termAt(2L * i)).isEqualTo(1 + i / 7);
            assertThat(log.termAt(2L * i + 1)).isEqualTo(1 + i / 7);
        }
        assertThat(log.endOffsetForTerm(2)).isEqualTo(new TermOffset(2, 28));
        assertThat(log.lastTerm()).isEqualTo(5);
    }

    @Test
    void a_leader_append_with_a_lower_term_is_rejected_and_writes_nothing() {
        // given
        open();
        threeTerms();
        State before = state();
        ByteBuffer buf = batch(2, 0);
        ByteBuffer original = TestBatches.copy(buf);
        // when / then
        assertThatThrownBy(() -> log.appendAsLeader(buf, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThat(state()).isEqualTo(before);
        assertThat(buf).isEqualTo(original);
    }

    @Test
    void a_leader_append_with_the_same_or_a_higher_term_is_accepted() {
        // given
        open();
        threeTerms();
        // when
        log.appendAsLeader(batch(1, 0), 7);
        log.appendAsLeader(batch(1, 0), 9);
        // then
        assertThat(log.termAt(12)).isEqualTo(7);
        assertThat(log.termAt(13)).isEqualTo(9);
        assertThat(log.endOffsetForTerm(8)).isEqualTo(new TermOffset(7, 13));
    }

    @Test
    void a_follower_append_keeps_the_offsets_and_terms_the_leader_assigned() {
        // given: batches as a leader's log holds them
        open();
        ByteBuffer replicated = TestBatches.concat(
                assigned(batch(3, 100), 0, 1), assigned(batch(2, 200), 3, 1), assigned(batch(4, 300), 5, 3));
        ByteBuffer original = TestBatches.copy(replicated);
        // when
        AppendInfo info = log.appendAsFollower(replicated);
        // then
        assertThat(info.firstOffset()).isEqualTo(0);
        assertThat(info.lastOffset()).isEqualTo(8);
        assertThat(info.batchCount()).isEqualTo(3);
        assertThat(TestBatches.readAll(log)).isEqualTo(original);
        assertThat(log.termAt(4)).isEqualTo(1);
        assertThat(log.termAt(5)).isEqualTo(3);
        assertThat(log.endOffsetForTerm(2)).isEqualTo(new TermOffset(1, 5));
        assertThat(log.lastTerm()).isEqualTo(3);
    }

    @Test
    void a_follower_append_continues_a_log_the_leader_side_wrote() {
        // given
        open();
        threeTerms();
        // when
        log.appendAsFollower(assigned(batch(2, 0), 12, 7));
        log.appendAsFollower(assigned(batch(2, 0), 14, 8));
        // then
        assertThat(log.logEndOffset()).isEqualTo(16);
        assertThat(log.endOffsetForTerm(7)).isEqualTo(new TermOffset(7, 14));
        assertThat(log.lastTerm()).isEqualTo(8);
    }

    @Test
    void a_follower_append_not_starting_at_the_log_end_is_rejected_and_writes_nothing() {
        // given
        open();
        threeTerms();
        State before = state();
        // when / then
        assertThatThrownBy(() -> log.appendAsFollower(assigned(batch(2, 0), 13, 7))).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> log.appendAsFollower(assigned(batch(2, 0), 11, 7))).isInstanceOf(RuntimeException.class);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void a_follower_append_with_a_gap_between_batches_is_rejected_and_writes_nothing() {
        // given
        open();
        State before = state();
        ByteBuffer gap = TestBatches.concat(assigned(batch(3, 0), 0, 1), assigned(batch(3, 0), 4, 1));
        // when / then
        assertThatThrownBy(() -> log.appendAsFollower(gap)).isInstanceOf(RuntimeException.class);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void a_follower_append_with_a_term_below_the_log_is_rejected_and_writes_nothing() {
        // given
        open();
        threeTerms();
        State before = state();
        // when / then
        assertThatThrownBy(() -> log.appendAsFollower(assigned(batch(1, 0), 12, 6))).isInstanceOf(RuntimeException.class);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void a_follower_append_whose_terms_decrease_within_the_buffer_is_rejected_and_writes_nothing() {
        // given
        open();
        State before = state();
        ByteBuffer regress = TestBatches.concat(assigned(batch(1, 0), 0, 5), assigned(batch(1, 0), 1, 4));
        // when / then
        assertThatThrownBy(() -> log.appendAsFollower(regress)).isInstanceOf(RuntimeException.class);
        assertThat(state()).isEqualTo(before);
        assertThat(log.lastTerm()).isEqualTo(PartitionLog.NO_TERM);
    }

    @Test
    void a_follower_append_that_does_not_follow_the_log_throws_illegal_argument_as_documented() {
        // given
        open();
        // when / then
        assertThatThrownBy(() -> log.appendAsFollower(assigned(batch(1, 0), 5, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("continues at 0");
    }

    @Test
    void a_follower_append_of_a_corrupt_batch_is_rejected_as_invalid() {
        // given
        open();
        ByteBuffer bad = assigned(batch(2, 0), 0, 1);
        bad.put(bad.limit() - 1, (byte) (bad.get(bad.limit() - 1) ^ 1));
        State before = state();
        // when / then
        assertThatThrownBy(() -> log.appendAsFollower(bad))
                .isInstanceOfSatisfying(InvalidBatchException.class, e -> assertThat(e.error()).isEqualTo(BatchError.BAD_CRC));
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void a_full_reset_remembers_the_term_before_the_new_start() {
        // given
        open();
        log.appendAsLeader(batch(3, 0), 2);
        // when
        log.truncateFullyAndStartAt(100, 7);
        // then
        assertThat(log.termAt(99)).isEqualTo(7);
        assertThat(log.lastTerm()).isEqualTo(7);
        assertThatThrownBy(() -> log.appendAsLeader(batch(1, 0), 6)).isInstanceOf(IllegalArgumentException.class);
        log.appendAsLeader(batch(1, 0), 8);
        assertThat(log.termAt(100)).isEqualTo(8);
        log.close();
        open();
        assertThat(log.termAt(99)).isEqualTo(7);
        assertThat(log.lastTerm()).isEqualTo(8);
    }
}
