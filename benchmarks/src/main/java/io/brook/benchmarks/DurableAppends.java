package io.brook.benchmarks;

import io.brook.storage.DurableFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Line files the benchmarks add to (result rows under {@code benchmarks/results/}, the pid lists of
 * processes they started): lines are added durably, the whole file with the new lines written to a
 * temporary file, fsynced and renamed over it ({@link DurableFiles#replace}), so a reader or a crash
 * sees the file before or after, never a cut line. Meant for small files (a few hundred lines).
 */
public final class DurableAppends {

    private DurableAppends() {
    }

    /** Adds {@code text} (whole lines) at the end of {@code file}, creating it if needed. */
    public static void append(Path file, String text) {
        byte[] earlier = DurableFiles.read(file).orElse(new byte[0]);
        byte[] added = text.getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(earlier, earlier.length + added.length);
        System.arraycopy(added, 0, all, earlier.length, added.length);
        DurableFiles.replace(file, all);
    }
}
