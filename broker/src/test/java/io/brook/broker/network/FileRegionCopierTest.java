package io.brook.broker.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.LogSlice;
import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a TLS connection sends in place of a file region: the same bytes, in memory. A log slice is
 * read straight from its segment at its position (and released); another region goes through
 * {@code transferTo}.
 */
class FileRegionCopierTest {

    @TempDir
    Path dir;

    private FileChannel file(byte[] content) throws IOException {
        Path f = dir.resolve("segment");
        Files.write(f, content);
        return FileChannel.open(f, StandardOpenOption.READ);
    }

    private static byte[] content(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private static byte[] drain(EmbeddedChannel ch) {
        ByteBuf out = ch.readOutbound();
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        return bytes;
    }

    @Test
    void a_log_slice_becomes_its_bytes_from_its_position_and_is_released() throws IOException {
        byte[] data = content(300_000);
        try (FileChannel channel = file(data)) {
            AtomicBoolean closed = new AtomicBoolean();
            LogSlice slice = new FixedSlice(channel, 1_000, 250_000, closed);
            EmbeddedChannel ch = new EmbeddedChannel(FileRegionCopier.INSTANCE);

            ch.writeOutbound(new SliceRegion(slice));

            byte[] expected = new byte[250_000];
            System.arraycopy(data, 1_000, expected, 0, expected.length);
            assertThat(drain(ch)).isEqualTo(expected);
            assertThat(closed).as("slice released").isTrue();
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void another_file_region_is_copied_through_transfer_to() throws IOException {
        byte[] data = content(20_000);
        try (FileChannel channel = file(data)) {
            EmbeddedChannel ch = new EmbeddedChannel(FileRegionCopier.INSTANCE);

            ch.writeOutbound(new DefaultFileRegion(channel, 10, 19_000));

            byte[] expected = new byte[19_000];
            System.arraycopy(data, 10, expected, 0, expected.length);
            assertThat(drain(ch)).isEqualTo(expected);
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void a_slice_whose_file_was_truncated_under_it_closes_the_connection() throws IOException {
        byte[] data = content(10_000);
        try (FileChannel channel = file(data)) {
            AtomicBoolean closed = new AtomicBoolean();
            // the slice claims 20,000 bytes; the segment holds 10,000 from position 0
            LogSlice slice = new FixedSlice(channel, 0, 20_000, closed);
            EmbeddedChannel ch = new EmbeddedChannel(FileRegionCopier.INSTANCE);

            assertThatThrownBy(() -> ch.writeOutbound(new SliceRegion(slice)))
                    .hasMessageContaining("ended after 10000 of 20000 bytes");

            assertThat(ch.isOpen()).as("a half-written frame must not be followed by the next one").isFalse();
            assertThat(closed).as("slice released").isTrue();
            ch.finishAndReleaseAll();
        }
    }

    /** A slice over a plain file, as the log hands out. */
    private record FixedSlice(FileChannel fileChannel, long filePosition, int sizeInBytes, AtomicBoolean closed) implements LogSlice {
        @Override
        public long firstOffset() {
            return 0;
        }

        @Override
        public long lastOffset() {
            return 0;
        }

        @Override
        public long transferTo(WritableByteChannel target, long position, long count) throws IOException {
            return fileChannel.transferTo(filePosition + position, count, target);
        }

        @Override
        public ByteBuffer readAll() {
            ByteBuffer b = ByteBuffer.allocate(sizeInBytes);
            try {
                fileChannel.read(b, filePosition);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return b.flip();
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }
}
