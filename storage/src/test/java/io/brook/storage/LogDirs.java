package io.brook.storage;

import io.brook.protocol.record.RecordBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** File-level helpers for the storage tests: snapshots, crash copies and byte surgery on a log directory. */
public final class LogDirs {

    /** Size of the segment file header, before the first batch. */
    public static final int SEGMENT_HEADER = 16;

    private LogDirs() {}

    /** Every file name in {@code dir} with its size. */
    public static Map<String, Long> sizes(Path dir) {
        Map<String, Long> sizes = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                sizes.put(p.getFileName().toString(), Files.size(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sizes;
    }

    /** Every file name in {@code dir} with its content. */
    public static Map<String, ByteBuffer> contents(Path dir) {
        Map<String, ByteBuffer> contents = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                contents.put(p.getFileName().toString(), ByteBuffer.wrap(Files.readAllBytes(p)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return contents;
    }

    /** The files in {@code dir} whose names end with {@code suffix}, sorted. */
    public static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The segment files of {@code dir}, oldest first. */
    public static List<Path> segments(Path dir) {
        return files(dir, ".log");
    }

    public static String segmentName(long baseOffset) {
        return String.format("%020d.log", baseOffset);
    }

    /**
     * Copies every file of a log directory, e.g. while the log is open: what a machine that crashed
     * at this moment would find on disk (for data that was flushed).
     */
    public static Path crashCopy(Path dir, Path target) {
        try {
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.copy(p, target.resolve(p.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    public static void flipByte(Path file, long position) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, position);
            b.put(0, (byte) (b.get(0) ^ 0x5a)).position(0);
            ch.write(b, position);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void truncate(Path file, long size) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void appendBytes(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Positions of the batches in a segment file (after its header), walking the length fields. */
    public static List<Integer> batchPositions(Path segment) {
        try {
            ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(segment));
            List<Integer> positions = new ArrayList<>();
            for (int p = SEGMENT_HEADER; p + RecordBatch.LOG_OVERHEAD <= file.limit(); ) {
                positions.add(p);
                p += RecordBatch.LOG_OVERHEAD + file.getInt(p + RecordBatch.LENGTH_OFFSET);
            }
            return positions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Base offset of the batch at {@code position} of a segment file. */
    public static long baseOffsetAt(Path segment, int position) {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8);
            ch.read(b, position);
            return b.getLong(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
