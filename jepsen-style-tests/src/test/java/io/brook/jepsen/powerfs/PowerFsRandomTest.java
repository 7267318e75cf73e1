package io.brook.jepsen.powerfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random sequences of writes, truncations, fsyncs, directory fsyncs, creates, unlinks, renames (within
 * and across two directories), journal commits of the entries, power losses and remounts on a real mount, checked after every step
 * against {@link FsModel}. Seeds are printed; {@code -Dbrook.seed=N} replays one, {@code
 * -Dbrook.powerfs.cases=N} sets how many run.
 */
class PowerFsRandomTest {

    private static final List<String> DIRS = List.of("", "sub");
    private static final List<String> NAMES = List.of("a", "b", "c", "d");
    private static final int STEPS = 300;

    @TempDir
    Path tmp;

    @BeforeAll
    static void fuseCanBeMounted() {
        var reason = PowerFs.unavailableReason();
        Assumptions.assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElse(""));
    }

    @Test
    void every_step_matches_the_model() throws Exception {
        String replay = System.getProperty("brook.seed");
        long base = replay != null && !replay.isBlank() ? Long.parseLong(replay.trim()) : System.nanoTime();
        int cases = replay != null && !replay.isBlank() ? 1 : Integer.getInteger("brook.powerfs.cases", 8);
        System.out.println("PowerFsRandomTest: seeds " + base + " .. " + (base + cases - 1)
                + " (replay one with -Dbrook.seed=N)");
        for (long seed = base; seed < base + cases; seed++) {
            try {
                runCase(seed, tmp.resolve("case-" + (seed - base)));
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + " failed (replay with -Dbrook.seed=" + seed + "): " + t, t);
            }
        }
    }

    private void runCase(long seed, Path dir) throws IOException {
        Random random = new Random(seed);
        try (PowerFsMount mount = PowerFsMount.mount(dir.resolve("mnt"), dir.resolve("powerfs.log"))) {
            Path root = mount.mountpoint();
            Files.createDirectory(root.resolve("sub"));
            PowerFsTest.fsyncDir(root);
            FsModel model = new FsModel(Set.copyOf(DIRS));
            List<String> log = new ArrayList<>();
            for (int step = 0; step < STEPS; step++) {
                String what = step(random, root, mount, model);
                log.add(step + ": " + what);
                assertThat(tree(root)).as("after %s (last steps: %s)", what, tail(log))
                        .isEqualTo(render(model.snapshot()));
            }
        }
    }

    private static String step(Random random, Path root, PowerFsMount mount, FsModel model) throws IOException {
        String dir = DIRS.get(random.nextInt(DIRS.size()));
        String name = NAMES.get(random.nextInt(NAMES.size()));
        Path path = root.resolve(dir).resolve(name);
        boolean exists = model.file(dir, name) != null;
        int roll = random.nextInt(100);
        if (!exists && roll < 60) {
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                model.create(dir, name);
            }
            return "create " + dir + "/" + name;
        }
        if (roll < 4) {
            mount.powerLoss();
            model.powerLoss();
            return "power-loss";
        }
        if (roll < 6) {
            mount.remount();
            return "remount";
        }
        if (roll < 7) {
            mount.commitEntries();
            model.commitEntries();
            return "commit-entries";
        }
        if (roll < 18) {
            PowerFsTest.fsyncDir(root.resolve(dir));
            model.fsyncDir(dir);
            return "fsyncdir " + dir;
        }
        if (!exists) {
            return "nothing (" + dir + "/" + name + " does not exist)";
        }
        if (roll < 50) {
            long offset = random.nextInt(3 * 4096 + 200);
            byte[] data = new byte[1 + random.nextInt(random.nextBoolean() ? 100 : 6000)];
            random.nextBytes(data);
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(data);
                long at = offset;
                while (b.hasRemaining()) {
                    at += ch.write(b, at);
                }
            }
            model.write(dir, name, offset, data);
            return "write " + dir + "/" + name + " " + data.length + " bytes at " + offset;
        }
        if (roll < 56) {
            long size = random.nextInt(model.file(dir, name).current.length + 1);
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                ch.truncate(size);
            }
            model.truncate(dir, name, size);
            return "truncate " + dir + "/" + name + " to " + size;
        }
        if (roll < 76) {
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                ch.force(random.nextBoolean());
            }
            model.fsync(dir, name);
            return "fsync " + dir + "/" + name;
        }
        if (roll < 84) {
            Files.delete(path);
            model.unlink(dir, name);
            return "unlink " + dir + "/" + name;
        }
        String toDir = DIRS.get(random.nextInt(DIRS.size()));
        String to = NAMES.get(random.nextInt(NAMES.size()));
        Files.move(path, root.resolve(toDir).resolve(to), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        model.rename(dir, name, toDir, to);
        return "rename " + dir + "/" + name + " to " + toDir + "/" + to;
    }

    /** The mounted tree as directory -> name -> content (hex), in the model's shape. */
    private static Map<String, Map<String, String>> tree(Path root) throws IOException {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (String d : DIRS) {
            Map<String, String> files = new TreeMap<>();
            try (Stream<Path> list = Files.list(root.resolve(d))) {
                for (Path p : list.toList()) {
                    if (Files.isRegularFile(p)) {
                        files.put(p.getFileName().toString(), describe(Files.readAllBytes(p)));
                    }
                }
            }
            out.put(d, files);
        }
        return out;
    }

    private static Map<String, Map<String, String>> render(Map<String, Map<String, byte[]>> snapshot) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        snapshot.forEach((d, files) -> {
            Map<String, String> m = new TreeMap<>();
            files.forEach((n, bytes) -> m.put(n, describe(bytes)));
            out.put(d, m);
        });
        return out;
    }

    /** Length and a hash, so a mismatch prints short. */
    private static String describe(byte[] b) {
        return b.length + " bytes #" + Integer.toHexString(java.util.Arrays.hashCode(b));
    }

    private static List<String> tail(List<String> log) {
        return log.subList(Math.max(0, log.size() - 8), log.size());
    }
}
