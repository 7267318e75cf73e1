package io.brook.storage.property;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Turns a copy of a live log directory into what a machine crash could leave behind: the active
 * segment keeps everything up to its flushed position, and beyond it is cut at a random length,
 * gets random bytes flipped and random garbage appended; leftover temporary files appear; index
 * files of sealed segments may vanish. Segment files are parsed here with an independent reader, so
 * the simulation does not trust the code under test.
 */
final class CrashSimulator {

    static final int SEGMENT_HEADER = 16;

    private final Random random;
    private final StringBuilder log = new StringBuilder();

    CrashSimulator(Random random) {
        this.random = random;
    }

    /** What was done, for failure messages. */
    String describe() {
        return log.toString();
    }

    /**
     * Copies {@code live} into {@code target} and damages the copy.
     *
     * @param flushedOffset every offset below it was flushed in the live log
     */
    void crashCopy(Path live, Path target, long flushedOffset) throws IOException {
        log.setLength(0);
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(live)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        List<Path> segments;
        try (Stream<Path> files = Files.list(target)) {
            segments = files.filter(p -> p.getFileName().toString().matches("\\d{20}\\.log")).sorted().toList();
        }
        if (segments.isEmpty()) {
            return;
        }
        Path active = segments.get(segments.size() - 1);
        long activeBase = Long.parseLong(active.getFileName().toString().substring(0, 20));
        if (flushedOffset < activeBase) {
            throw new AssertionError("flushed offset " + flushedOffset + " is below the active segment " + activeBase
                    + ": a sealed segment would hold unflushed data");
        }
        long flushedPos = positionOf(active, flushedOffset);
        long size = Files.size(active);
        log.append("active=").append(active.getFileName()).append(" size=").append(size).append(" flushedPos=").append(flushedPos);
        try (FileChannel ch = FileChannel.open(active, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            long cut = size;
            if (size > flushedPos && random.nextInt(10) < 7) {
                cut = flushedPos + (long) (random.nextDouble() * (size - flushedPos + 1));
                ch.truncate(cut);
                log.append(" cut=").append(cut);
            }
            if (cut > flushedPos && random.nextBoolean()) {
                int flips = 1 + random.nextInt(5);
                for (int i = 0; i < flips; i++) {
                    long at = flushedPos + (long) (random.nextDouble() * (cut - flushedPos));
                    ByteBuffer b = ByteBuffer.allocate(1);
                    ch.read(b, at);
                    b.put(0, (byte) (b.get(0) ^ (1 + random.nextInt(255))));
                    b.rewind();
                    ch.write(b, at);
                    log.append(" flip@").append(at);
                }
            }
            if (random.nextInt(5) == 0) {
                byte[] garbage = new byte[1 + random.nextInt(200)];
                random.nextBytes(garbage);
                if (random.nextBoolean()) {
                    java.util.Arrays.fill(garbage, (byte) 0);
                }
                ch.write(ByteBuffer.wrap(garbage), ch.size());
                log.append(" garbage=").append(garbage.length);
            }
        }
        if (random.nextInt(5) == 0) {
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            Files.write(target.resolve("recovery-point.tmp"), junk);
            Files.write(target.resolve(active.getFileName().toString().replace(".log", ".index.tmp")), junk);
            log.append(" tmpfiles");
        }
        if (segments.size() > 1 && random.nextInt(8) == 0) {
            Path sealed = segments.get(random.nextInt(segments.size() - 1));
            String stem = sealed.getFileName().toString().replace(".log", "");
            Files.deleteIfExists(target.resolve(stem + ".index"));
            Files.deleteIfExists(target.resolve(stem + ".timeindex"));
            log.append(" dropIndexOf=").append(stem);
        }
    }

    /** Byte position of the first batch at or after {@code offset} (or the end of the file). */
    static long positionOf(Path segment, long offset) throws IOException {
        byte[] all = Files.readAllBytes(segment);
        ByteBuffer b = ByteBuffer.wrap(all);
        int p = SEGMENT_HEADER;
        while (p + 12 <= all.length) {
            long base = b.getLong(p);
            int len = b.getInt(p + 8);
            if (base >= offset || len < 0 || p + 12L + len > all.length) {
                return p;
            }
            p += 12 + len;
        }
        return Math.min(p, all.length);
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
