package io.brook.jepsen.db;

import io.brook.jepsen.checker.ReplicaLogs;
import io.brook.protocol.record.BatchError;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordCursor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a stopped broker's replica of a partition straight from its segment files
 * ({@code <data.dir>/logs/<topic>-<partition>/<20-digit base offset>.log}: a 16-byte segment header,
 * then record batches in the format of {@link RecordBatch}), for the split-brain comparison. Reading
 * stops at the first batch that is torn or fails its CRC, as the broker's own recovery would.
 * Stateless.
 */
public final class ReplicaLogReader {

    private static final int SEGMENT_HEADER_BYTES = 16;
    private static final Pattern SEGMENT = Pattern.compile("\\d{20}\\.log");

    private ReplicaLogReader() {}

    /** Every record of {@code broker}'s replica of {@code topic}-{@code partition}; empty when it has none. */
    public static List<ReplicaLogs.Entry> read(Path dataDir, String topic, int partition) {
        Path dir = dataDir.resolve("logs").resolve(topic + "-" + partition);
        List<ReplicaLogs.Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> segments;
        try (Stream<Path> files = Files.list(dir)) {
            segments = files.filter(p -> SEGMENT.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RecordCursor cursor = new RecordCursor();
        RecordBatch batch = new RecordBatch();
        for (Path segment : segments) {
            ByteBuffer all;
            try {
                all = ByteBuffer.wrap(Files.readAllBytes(segment));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int position = SEGMENT_HEADER_BYTES;
            while (position < all.limit()) {
                BatchError error = RecordBatch.validate(all, position, all.limit(), Integer.MAX_VALUE, false);
                if (error != BatchError.NONE) {
                    return out;
                }
                batch.wrap(all, position);
                if (!batch.isControl()) {
                    cursor.reset(batch);
                    while (cursor.next()) {
                        out.add(new ReplicaLogs.Entry(cursor.offset(), new String(cursor.valueBytes(), StandardCharsets.UTF_8)));
                    }
                }
                position += batch.sizeInBytes();
            }
        }
        return out;
    }
}
