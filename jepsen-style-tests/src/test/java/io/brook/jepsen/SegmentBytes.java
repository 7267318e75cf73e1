package io.brook.jepsen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the record batches of a partition replica straight from its segment files (16-byte header,
 * then batches: base offset int64, length int32, ...), independently of the storage code, so that
 * replicas can be compared byte for byte.
 */
final class SegmentBytes {

    private SegmentBytes() {}

    /** The bytes of every whole batch whose last offset is below {@code endOffset}, in offset order. */
    static byte[] batchesBelow(Path partitionDir, long endOffset) {
        List<Path> segments;
        try (Stream<Path> files = Files.list(partitionDir)) {
            segments = files.filter(p -> p.getFileName().toString().matches("\\d{20}\\.log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Path seg : segments) {
            byte[] all;
            try {
                all = Files.readAllBytes(seg);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ByteBuffer b = ByteBuffer.wrap(all);
            int p = 16;
            while (p + 27 <= all.length) {
                long base = b.getLong(p);
                int length = b.getInt(p + 8);
                int lastDelta = b.getInt(p + 23);
                if (length < 49 || p + 12L + length > all.length || base + lastDelta >= endOffset) {
                    break;
                }
                out.write(all, p, 12 + length);
                p += 12 + length;
            }
        }
        return out.toByteArray();
    }
}
