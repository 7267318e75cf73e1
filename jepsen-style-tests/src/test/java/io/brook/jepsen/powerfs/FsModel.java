package io.brook.jepsen.powerfs;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The power-loss file system's semantics as plain Java, for the randomized test: a fixed set of
 * directories whose entries name files; each file has current and durable bytes, each directory
 * current and durable entries. Mirrors the rules in {@code powerfs.c}'s header. Not thread-safe.
 */
final class FsModel {

    /** A file: identity matters (after a power loss one file can have two names). */
    static final class File {
        byte[] current = new byte[0];
        byte[] durable = new byte[0];
    }

    private final Map<String, Map<String, File>> current = new TreeMap<>();
    private final Map<String, Map<String, File>> durable = new TreeMap<>();

    FsModel(Set<String> dirs) {
        for (String d : dirs) {
            current.put(d, new TreeMap<>());
            durable.put(d, new TreeMap<>());
        }
    }

    File file(String dir, String name) {
        return current.get(dir).get(name);
    }

    void create(String dir, String name) {
        current.get(dir).putIfAbsent(name, new File());
    }

    void write(String dir, String name, long offset, byte[] data) {
        File f = file(dir, name);
        int end = (int) offset + data.length;
        if (end > f.current.length) {
            f.current = Arrays.copyOf(f.current, end);
        }
        System.arraycopy(data, 0, f.current, (int) offset, data.length);
    }

    void truncate(String dir, String name, long size) {
        File f = file(dir, name);
        if (size < f.current.length) {
            f.current = Arrays.copyOf(f.current, (int) size);
        }
    }

    void fsync(String dir, String name) {
        File f = file(dir, name);
        f.durable = f.current.clone();
    }

    void fsyncDir(String dir) {
        durable.put(dir, new TreeMap<>(current.get(dir)));
    }

    /** A journal commit: every directory's entries become durable, no file data does. */
    void commitEntries() {
        current.keySet().forEach(this::fsyncDir);
    }

    void unlink(String dir, String name) {
        current.get(dir).remove(name);
    }

    /** rename(2): replaces the target; a no-op when both names are the same file. */
    void rename(String fromDir, String from, String toDir, String to) {
        File f = file(fromDir, from);
        if (current.get(toDir).get(to) == f) {
            return;
        }
        current.get(fromDir).remove(from);
        current.get(toDir).put(to, f);
    }

    void powerLoss() {
        Map<File, Boolean> seen = new IdentityHashMap<>();
        for (String d : durable.keySet()) {
            current.put(d, new TreeMap<>(durable.get(d)));
            for (File f : durable.get(d).values()) {
                if (seen.put(f, true) == null) {
                    f.current = f.durable.clone();
                }
            }
        }
    }

    /** The current tree as directory -> name -> content. */
    Map<String, Map<String, byte[]>> snapshot() {
        Map<String, Map<String, byte[]>> out = new TreeMap<>();
        current.forEach((d, entries) -> {
            Map<String, byte[]> files = new TreeMap<>();
            entries.forEach((n, f) -> files.put(n, f.current.clone()));
            out.put(d, files);
        });
        return out;
    }
}
