package io.brook.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VarintsTest {

    private static List<Integer> edgeInts() {
        List<Integer> values = new ArrayList<>(List.of(0, 1, -1, 63, -64, 64, -65, Integer.MAX_VALUE, Integer.MIN_VALUE,
                Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1));
        for (int bit = 0; bit < 32; bit++) {
            int p = 1 << bit;
            values.addAll(List.of(p, p - 1, p + 1, -p, -p - 1, -p + 1));
        }
        return values;
    }

    private static List<Long> edgeLongs() {
        List<Long> values = new ArrayList<>(List.of(0L, 1L, -1L, 63L, -64L, 64L, -65L, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE));
        for (int bit = 0; bit < 64; bit++) {
            long p = 1L << bit;
            values.addAll(List.of(p, p - 1, p + 1, -p, -p - 1, -p + 1));
        }
        return values;
    }

    private static Varints.Cursor cursorOver(ByteBuffer buf) {
        Varints.Cursor c = new Varints.Cursor();
        c.reset(buf, 0, buf.position());
        return c;
    }

    private static ByteBuffer bytes(int... values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length);
        for (int v : values) {
            buf.put((byte) v);
        }
        return buf;
    }

    @Test
    void edge_ints_round_trip_and_sizes_match_bytes_written() {
        for (int value : edgeInts()) {
            // given
            ByteBuffer buf = ByteBuffer.allocate(16);
            // when
            Varints.writeVarint(value, buf);
            Varints.Cursor c = cursorOver(buf);
            int read = c.readVarint();
            // then
            assertThat(buf.position()).as("size of %d", value).isEqualTo(Varints.sizeOfVarint(value)).isBetween(1, 5);
            assertThat(read).as("round trip of %d", value).isEqualTo(value);
            assertThat(c.failed()).isFalse();
            assertThat(c.pos).isEqualTo(buf.position());
        }
    }

    @Test
    void edge_longs_round_trip_and_sizes_match_bytes_written() {
        for (long value : edgeLongs()) {
            // given
            ByteBuffer buf = ByteBuffer.allocate(16);
            // when
            Varints.writeVarlong(value, buf);
            Varints.Cursor c = cursorOver(buf);
            long read = c.readVarlong();
            // then
            assertThat(buf.position()).as("size of %d", value).isEqualTo(Varints.sizeOfVarlong(value)).isBetween(1, 10);
            assertThat(read).as("round trip of %d", value).isEqualTo(value);
            assertThat(c.failed()).isFalse();
            assertThat(c.pos).isEqualTo(buf.position());
        }
    }

    @Test
    void ints_written_as_varlongs_read_back_as_varints() {
        for (int value : edgeInts()) {
            // given: Kafka's format writes the timestamp delta as varlong but an int fits either way
            ByteBuffer buf = ByteBuffer.allocate(16);
            Varints.writeVarlong(value, buf);
            // when
            Varints.Cursor c = cursorOver(buf);
            // then
            assertThat(c.readVarint()).isEqualTo(value);
            assertThat(c.failed()).isFalse();
        }
    }

    @Test
    void encodings_are_zig_zag_least_significant_group_first() {
        assertThat(encodeInt(0)).containsExactly(0x00);
        assertThat(encodeInt(-1)).containsExactly(0x01);
        assertThat(encodeInt(1)).containsExactly(0x02);
        assertThat(encodeInt(63)).containsExactly(0x7e);
        assertThat(encodeInt(-64)).containsExactly(0x7f);
        assertThat(encodeInt(64)).containsExactly(0x80, 0x01);
        assertThat(encodeInt(300)).containsExactly(0xd8, 0x04);
        assertThat(encodeInt(Integer.MAX_VALUE)).containsExactly(0xfe, 0xff, 0xff, 0xff, 0x0f);
        assertThat(encodeInt(Integer.MIN_VALUE)).containsExactly(0xff, 0xff, 0xff, 0xff, 0x0f);
        assertThat(encodeLong(Long.MIN_VALUE)).containsExactly(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
        assertThat(encodeLong(Long.MAX_VALUE)).containsExactly(0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
    }

    private static int[] encodeInt(int value) {
        ByteBuffer buf = ByteBuffer.allocate(5);
        Varints.writeVarint(value, buf);
        return unsigned(buf);
    }

    private static int[] encodeLong(long value) {
        ByteBuffer buf = ByteBuffer.allocate(10);
        Varints.writeVarlong(value, buf);
        return unsigned(buf);
    }

    private static int[] unsigned(ByteBuffer buf) {
        int[] out = new int[buf.position()];
        for (int i = 0; i < out.length; i++) {
            out[i] = buf.get(i) & 0xff;
        }
        return out;
    }

    @Test
    void empty_input_fails_without_throwing() {
        // given
        Varints.Cursor c = cursorOver(ByteBuffer.allocate(0));
        // when
        int read = c.readVarint();
        // then
        assertThat(read).isZero();
        assertThat(c.failed()).isTrue();
    }

    @Test
    void truncated_varint_fails_without_throwing() {
        // given: continuation bits promise more bytes than the limit allows
        Varints.Cursor c = cursorOver(bytes(0x80, 0x80));
        // when
        int read = c.readVarint();
        // then
        assertThat(read).isZero();
        assertThat(c.failed()).isTrue();
        assertThat(c.pos).isEqualTo(c.limit);
    }

    @Test
    void truncated_varlong_fails_without_throwing() {
        // given
        Varints.Cursor c = cursorOver(bytes(0xff, 0xff, 0xff));
        // when
        long read = c.readVarlong();
        // then
        assertThat(read).isZero();
        assertThat(c.failed()).isTrue();
    }

    @Test
    void varint_longer_than_five_bytes_fails() {
        // given: six bytes, the first five with continuation bits
        Varints.Cursor c = cursorOver(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x00));
        // when
        int read = c.readVarint();
        // then
        assertThat(read).isZero();
        assertThat(c.failed()).isTrue();
    }

    @Test
    void varlong_longer_than_ten_bytes_fails() {
        // given
        Varints.Cursor c = cursorOver(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00));
        // when
        long read = c.readVarlong();
        // then
        assertThat(read).isZero();
        assertThat(c.failed()).isTrue();
    }

    @Test
    void non_minimal_encoding_within_the_length_limit_is_accepted() {
        // given: 1 padded to three bytes, as Kafka's reader also tolerates
        Varints.Cursor c = cursorOver(bytes(0x82, 0x80, 0x00));
        // when / then
        assertThat(c.readVarint()).isEqualTo(1);
        assertThat(c.failed()).isFalse();
        assertThat(c.pos).isEqualTo(3);
    }

    @Test
    void reads_after_a_failure_return_zero_and_stay_failed() {
        // given
        ByteBuffer buf = ByteBuffer.allocate(8);
        buf.put((byte) 0x80);
        Varints.Cursor c = new Varints.Cursor();
        c.reset(buf, 0, 1);
        c.readVarint();
        // when
        int next = c.readVarint();
        long nextLong = c.readVarlong();
        byte nextByte = c.readByte();
        // then
        assertThat(next).isZero();
        assertThat(nextLong).isZero();
        assertThat(nextByte).isZero();
        assertThat(c.failed()).isTrue();
    }

    @Test
    void reads_never_cross_the_limit_even_when_the_buffer_continues() {
        // given: a valid two-byte varint, but the limit cuts it after one byte
        ByteBuffer buf = ByteBuffer.allocate(8);
        Varints.writeVarint(1000, buf);
        Varints.Cursor c = new Varints.Cursor();
        c.reset(buf, 0, 1);
        // when
        int read = c.readVarint();
        // then
        assertThat(read).isZero();
        assertThat(c.failed()).isTrue();
    }

    @Test
    void skip_fails_on_negative_or_too_long_counts() {
        // given
        Varints.Cursor negative = cursorOver(bytes(1, 2, 3));
        Varints.Cursor tooLong = cursorOver(bytes(1, 2, 3));
        Varints.Cursor exact = cursorOver(bytes(1, 2, 3));
        // when
        negative.skip(-1);
        tooLong.skip(4);
        exact.skip(3);
        // then
        assertThat(negative.failed()).isTrue();
        assertThat(tooLong.failed()).isTrue();
        assertThat(exact.failed()).isFalse();
        assertThat(exact.pos).isEqualTo(3);
    }

    @Test
    void reset_clears_a_previous_failure() {
        // given
        Varints.Cursor c = cursorOver(ByteBuffer.allocate(0));
        c.readVarint();
        ByteBuffer buf = ByteBuffer.allocate(4);
        Varints.writeVarint(-7, buf);
        // when
        c.reset(buf, 0, buf.position());
        // then
        assertThat(c.failed()).isFalse();
        assertThat(c.readVarint()).isEqualTo(-7);
    }

    @Test
    void random_mixed_sequences_round_trip() {
        Seeds.forEach("VarintsTest.random_mixed_sequences_round_trip", 50, (seed, rnd) -> {
            // given: a sequence of ints and longs with a spread of magnitudes
            int n = 2_000;
            boolean[] isLong = new boolean[n];
            long[] values = new long[n];
            ByteBuffer buf = ByteBuffer.allocate(n * 10);
            int expectedSize = 0;
            for (int i = 0; i < n; i++) {
                isLong[i] = rnd.nextBoolean();
                if (isLong[i]) {
                    values[i] = rnd.nextLong() >> rnd.nextInt(64);
                    Varints.writeVarlong(values[i], buf);
                    expectedSize += Varints.sizeOfVarlong(values[i]);
                } else {
                    values[i] = rnd.nextInt() >> rnd.nextInt(32);
                    Varints.writeVarint((int) values[i], buf);
                    expectedSize += Varints.sizeOfVarint((int) values[i]);
                }
            }
            assertThat(buf.position()).isEqualTo(expectedSize);
            // when
            Varints.Cursor c = cursorOver(buf);
            // then
            for (int i = 0; i < n; i++) {
                long read = isLong[i] ? c.readVarlong() : c.readVarint();
                assertThat(read).as("value %d", i).isEqualTo(values[i]);
            }
            assertThat(c.failed()).isFalse();
            assertThat(c.pos).isEqualTo(buf.position());
        });
    }

    @Test
    void random_bytes_never_throw_and_never_read_past_the_limit() {
        Seeds.forEach("VarintsTest.random_bytes_never_throw", 50, (seed, rnd) -> {
            // given
            byte[] garbage = new byte[rnd.nextInt(40)];
            rnd.nextBytes(garbage);
            ByteBuffer buf = ByteBuffer.wrap(garbage);
            Varints.Cursor c = new Varints.Cursor();
            c.reset(buf, 0, garbage.length);
            // when
            for (int i = 0; i < 50; i++) {
                switch (rnd.nextInt(4)) {
                    case 0 -> c.readVarint();
                    case 1 -> c.readVarlong();
                    case 2 -> c.readByte();
                    default -> c.skip(rnd.nextInt(10) - 2);
                }
                // then
                assertThat(c.pos).isBetween(0, garbage.length);
            }
        });
    }
}
