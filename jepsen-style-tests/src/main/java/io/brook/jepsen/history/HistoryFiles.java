package io.brook.jepsen.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * History files on disk: plain {@code .jsonl}, or gzip-compressed when the name ends in {@code .gz}
 * (what a run's results folder holds: a 30 s run writes tens of MB of JSON lines, which compress
 * about tenfold). Stateless.
 */
public final class HistoryFiles {

    private HistoryFiles() {}

    /** Whether {@code file} is (to be) gzip-compressed, by its name. */
    public static boolean isCompressed(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }

    /**
     * Copies the history {@code from} to {@code to}, which must not exist, compressing or
     * decompressing as their names say.
     */
    public static void copy(Path from, Path to) throws IOException {
        if (isCompressed(from) == isCompressed(to)) {
            Files.copy(from, to);
            return;
        }
        try (InputStream in = isCompressed(from) ? new GZIPInputStream(Files.newInputStream(from), 1 << 16)
                : Files.newInputStream(from);
             OutputStream raw = Files.newOutputStream(to, java.nio.file.StandardOpenOption.CREATE_NEW);
             OutputStream out = isCompressed(to) ? new GZIPOutputStream(raw, 1 << 16) : raw) {
            in.transferTo(out);
        }
    }
}
