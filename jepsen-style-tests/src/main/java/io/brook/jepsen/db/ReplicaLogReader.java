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
import java.util.function.Consumer;
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
        List<ReplicaLogs.Entry> out = new ArrayList<>();
        RecordCursor cursor = new RecordCursor();
        forEachBatch(dataDir.resolve("logs").resolve(topic + "-" + partition), batch -> {
            if (!batch.isControl()) {
                cursor.reset(batch);
                while (cursor.next()) {
                    out.add(new ReplicaLogs.Entry(cursor.offset(), new String(cursor.valueBytes(), StandardCharsets.UTF_8)));
                }
            }
        });
        return out;
    }

    /** The segment files of a partition directory in offset order; empty when the directory does not exist. */
    public static List<Path> segments(Path partitionDir) {
        if (!Files.isDirectory(partitionDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(partitionDir)) {
            return files.filter(p -> SEGMENT.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Hands every whole batch with a valid CRC of the partition directory's segments, in offset
     * order, to {@code sink}; stops at the first torn or corrupt one. The batch is a view valid only
     * during the call.
     */
    public static void forEachBatch(Path partitionDir, Consumer<RecordBatch> sink) {
        RecordBatch batch = new RecordBatch();
        for (Path segment : segments(partitionDir)) {
            ByteBuffer all;
            try {
                all = ByteBuffer.wrap(Files.readAllBytes(segment));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int position = SEGMENT_HEADER_BYTES;
            while (position < all.limit()) {
                if (RecordBatch.validate(all, position, all.limit(), Integer.MAX_VALUE, false) != BatchError.NONE) {
                    return;
                }
                batch.wrap(all, position);
                sink.accept(batch);
                position += batch.sizeInBytes();
            }
        }
    }
}
