package io.brook.storage.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.ChecksummedFile;
import io.brook.storage.PartitionLog;
import io.brook.storage.TermOffset;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TermIndexTest {

    @TempDir Path dir;

    private TermIndex terms;

    @BeforeEach
    void create() {
        terms = new TermIndex(dir);
    }

    /** Term 2 from 10, term 4 from 20, term 7 from 35. */
    private void threeTerms() {
        terms.assign(2, 10);
        terms.assign(2, 15);
        terms.assign(4, 20);
        terms.assign(7, 35);
    }

    @Test
    void an_empty_index_knows_no_term() {
        // when / then
        assertThat(terms.lastTerm()).isEqualTo(PartitionLog.NO_TERM);
        assertThat(terms.termAt(0)).isEqualTo(PartitionLog.NO_TERM);
        assertThat(terms.endOffsetFor(3, 100)).isEqualTo(TermOffset.UNKNOWN);
        assertThat(terms.size()).isZero();
    }

    @Test
    void assigning_the_current_term_again_adds_no_entry() {
        // when
        threeTerms();
        // then
        assertThat(terms.size()).isEqualTo(3);
        assertThat(terms.startAtIndex(0)).isEqualTo(10);
        assertThat(terms.lastTerm()).isEqualTo(7);
    }

    @Test
    void assigning_a_lower_term_is_rejected() {
        // given
        threeTerms();
        // when / then
        assertThatThrownBy(() -> terms.assign(6, 40)).isInstanceOf(IllegalArgumentException.class);
        assertThat(terms.size()).isEqualTo(3);
    }

    @Test
    void term_at_gives_the_term_that_started_last_at_or_before_the_offset() {
        // given
        threeTerms();
        // when / then
        assertThat(terms.termAt(9)).isEqualTo(PartitionLog.NO_TERM);
        assertThat(terms.termAt(10)).isEqualTo(2);
        assertThat(terms.termAt(19)).isEqualTo(2);
        assertThat(terms.termAt(20)).isEqualTo(4);
        assertThat(terms.termAt(34)).isEqualTo(4);
        assertThat(terms.termAt(35)).isEqualTo(7);
        assertThat(terms.termAt(1_000_000)).isEqualTo(7);
    }

    @Test
    void end_offset_for_a_term_is_where_the_next_larger_term_starts_or_the_log_end() {
        // given
        threeTerms();
        // when / then
        assertThat(terms.endOffsetFor(1, 50)).isEqualTo(TermOffset.UNKNOWN);
        assertThat(terms.endOffsetFor(2, 50)).isEqualTo(new TermOffset(2, 20));
        assertThat(terms.endOffsetFor(3, 50)).isEqualTo(new TermOffset(2, 20));
        assertThat(terms.endOffsetFor(4, 50)).isEqualTo(new TermOffset(4, 35));
        assertThat(terms.endOffsetFor(7, 50)).isEqualTo(new TermOffset(7, 50));
        assertThat(terms.endOffsetFor(Integer.MAX_VALUE, 50)).isEqualTo(new TermOffset(7, 50));
    }

    @Test
    void truncating_from_the_end_drops_the_terms_starting_at_or_after_the_offset() {
        // given
        threeTerms();
        // when
        terms.truncateFromEnd(20);
        // then
        assertThat(terms.size()).isEqualTo(1);
        assertThat(terms.lastTerm()).isEqualTo(2);
        assertThat(terms.endOffsetFor(7, 20)).isEqualTo(new TermOffset(2, 20));
    }

    @Test
    void truncating_from_the_end_inside_a_term_keeps_it() {
        // given
        threeTerms();
        // when
        terms.truncateFromEnd(21);
        // then
        assertThat(terms.lastTerm()).isEqualTo(4);
        assertThat(terms.size()).isEqualTo(2);
    }

    @Test
    void truncating_from_the_start_drops_terms_wholly_below_and_moves_the_first_start_up() {
        // given
        threeTerms();
        // when
        terms.truncateFromStart(25);
        // then
        assertThat(terms.size()).isEqualTo(2);
        assertThat(terms.termAtIndex(0)).isEqualTo(4);
        assertThat(terms.startAtIndex(0)).isEqualTo(25);
        assertThat(terms.termAt(24)).isEqualTo(PartitionLog.NO_TERM);
        assertThat(terms.termAt(25)).isEqualTo(4);
        assertThat(terms.endOffsetFor(3, 50)).isEqualTo(TermOffset.UNKNOWN);
    }

    @Test
    void truncating_from_the_start_at_a_term_start_or_below_the_first_changes_nothing_else() {
        // given
        threeTerms();
        // when
        terms.truncateFromStart(5);
        terms.truncateFromStart(10);
        // then
        assertThat(terms.size()).isEqualTo(3);
        assertThat(terms.startAtIndex(0)).isEqualTo(10);
        // and exactly at a later term start
        terms.truncateFromStart(20);
        assertThat(terms.size()).isEqualTo(2);
        assertThat(terms.startAtIndex(0)).isEqualTo(20);
    }

    @Test
    void the_index_persists_and_loads_back() {
        // given
        threeTerms();
        // when
        terms.persistIfDirty();
        TermIndex loaded = new TermIndex(dir);
        // then
        assertThat(loaded.load()).isTrue();
        assertThat(loaded.size()).isEqualTo(3);
        assertThat(loaded.termAt(36)).isEqualTo(7);
        assertThat(loaded.endOffsetFor(4, 50)).isEqualTo(new TermOffset(4, 35));
    }

    @Test
    void an_unchanged_index_is_not_rewritten() throws Exception {
        // given
        threeTerms();
        terms.persistIfDirty();
        Files.delete(dir.resolve("term-index"));
        // when
        terms.assign(7, 40);
        terms.persistIfDirty();
        // then
        assertThat(dir.resolve("term-index")).doesNotExist();
    }

    @Test
    void a_cleared_index_persists_as_empty() {
        // given
        threeTerms();
        terms.persistIfDirty();
        // when
        terms.clear();
        terms.persistIfDirty();
        TermIndex loaded = new TermIndex(dir);
        // then
        assertThat(loaded.load()).isTrue();
        assertThat(loaded.size()).isZero();
    }

    @Test
    void a_missing_file_does_not_load() {
        // when / then
        assertThat(terms.load()).isFalse();
        assertThat(terms.size()).isZero();
    }

    @Test
    void a_corrupt_file_does_not_load_and_leaves_the_index_empty() throws Exception {
        // given
        threeTerms();
        terms.persistIfDirty();
        Path file = dir.resolve("term-index");
        byte[] bytes = Files.readAllBytes(file);
        bytes[15] ^= 0x20;
        Files.write(file, bytes);
        TermIndex loaded = new TermIndex(dir);
        // when / then
        assertThat(loaded.load()).isFalse();
        assertThat(loaded.size()).isZero();
    }

    @Test
    void a_well_formed_file_whose_entries_do_not_rise_does_not_load() {
        // given: a valid checkpoint file holding (5 from 10), (3 from 20)
        ByteBuffer payload = ByteBuffer.allocate(4 + 24).putInt(2).putInt(5).putLong(10).putInt(3).putLong(20).flip();
        new ChecksummedFile(dir.resolve("term-index"), TermIndex.MAGIC, TermIndex.VERSION).write(payload);
        // when / then
        assertThat(terms.load()).isFalse();
        assertThat(terms.size()).isZero();
    }

    @Test
    void a_well_formed_file_with_a_wrong_entry_count_does_not_load() {
        // given
        ByteBuffer payload = ByteBuffer.allocate(4 + 12).putInt(2).putInt(5).putLong(10).flip();
        new ChecksummedFile(dir.resolve("term-index"), TermIndex.MAGIC, TermIndex.VERSION).write(payload);
        // when / then
        assertThat(terms.load()).isFalse();
    }

    @Test
    void the_index_grows_past_its_initial_capacity() {
        // when
        for (int t = 0; t < 100; t++) {
            terms.assign(t, 10L * t);
        }
        // then
        assertThat(terms.size()).isEqualTo(100);
        assertThat(terms.termAt(555)).isEqualTo(55);
        assertThat(terms.endOffsetFor(55, 5000)).isEqualTo(new TermOffset(55, 560));
    }
}
