package io.brook.jepsen.powerfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether this machine can mount the power-loss file system, and its program: the C sources bundled
 * with this class ({@code powerfs.c}, {@code state.c}, {@code state.h}) compiled with gcc against libfuse3 on first use, into
 * {@code -Dbrook.powerfs.dir} (the Maven build sets {@code target/powerfs}; default: a folder under
 * the temporary directory), under a name that carries the source's hash, so a changed source is
 * rebuilt and concurrent builds do not clash. Thread-safe; the answers are computed once per JVM.
 */
public final class PowerFs {

    /** System property: the folder the program is built into. */
    public static final String BUILD_DIR_PROPERTY = "brook.powerfs.dir";
    /** What to install on Debian when gcc or libfuse3 is missing. */
    public static final String INSTALL_HINT = "apt-get install -y gcc fuse3 libfuse3-dev";

    /** The bundled sources; the first two are compiled, the header is included. */
    private static final List<String> SOURCES = List.of("powerfs.c", "state.c", "state.h");
    private static Optional<String> unavailable;
    private static Path binary;

    private PowerFs() {}

    /**
     * Why this machine cannot mount the file system, or empty when it can: Linux, root, {@code
     * /dev/fuse}, gcc and libfuse3's headers, and a trial mount that starts and stops (a container
     * without the right to mount fails there). A build that fails on a machine that has all of these
     * is not a reason but a bug: it throws {@link PowerFsException}.
     */
    public static synchronized Optional<String> unavailableReason() {
        if (unavailable == null) {
            unavailable = Optional.ofNullable(check());
        }
        return unavailable;
    }

    /** Fails with {@link PowerFsUnavailableException} saying why, unless the file system can be mounted here. */
    public static void requireAvailable() {
        Optional<String> reason = unavailableReason();
        if (reason.isPresent()) {
            throw new PowerFsUnavailableException(reason.get());
        }
    }

    private static String check() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return "FUSE mounts are set up for Linux only, this is " + System.getProperty("os.name");
        }
        long uid = effectiveUid();
        if (uid != 0) {
            return "not root (uid " + uid + "): mounting a FUSE file system here needs root";
        }
        if (!Files.exists(Path.of("/dev/fuse"))) {
            return "no /dev/fuse (load the fuse module, or give the container the device)";
        }
        if (findOnPath("gcc").isEmpty()) {
            return "no gcc on the PATH (" + INSTALL_HINT + ")";
        }
        if (fuseFlags(true).isEmpty()) {
            return "libfuse3's headers are missing (" + INSTALL_HINT + ")";
        }
        binary();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("brook-powerfs-probe");
            try (PowerFsMount probe = PowerFsMount.mount(dir.resolve("mnt"), dir.resolve("powerfs.log"))) {
                probe.stats();
            }
            return null;
        } catch (IOException | PowerFsException e) {
            return "a trial mount failed: " + e.getMessage() + trialLog(dir);
        } finally {
            deleteQuietly(dir);
        }
    }

    /**
     * The program, built on first use. Fails with {@link PowerFsException} (the compiler's output in the
     * message) when it cannot be built.
     */
    public static synchronized Path binary() {
        if (binary != null) {
            return binary;
        }
        List<byte[]> sources = SOURCES.stream().map(PowerFs::source).toList();
        Path dir = Path.of(System.getProperty(BUILD_DIR_PROPERTY,
                Path.of(System.getProperty("java.io.tmpdir"), "brook-powerfs").toString())).toAbsolutePath();
        String hash = hash(sources);
        Path out = dir.resolve("powerfs-" + hash);
        if (!Files.isExecutable(out)) {
            compile(sources, dir.resolve("src-" + hash), out);
        }
        binary = out;
        return out;
    }

    private static void compile(List<byte[]> sources, Path dir, Path out) {
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < SOURCES.size(); i++) {
                Files.write(dir.resolve(SOURCES.get(i)), sources.get(i));
            }
            Path src = dir.resolve(SOURCES.get(0));
            Path tmp = Files.createTempFile(out.getParent(), "powerfs-", ".tmp");
            List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-o", tmp.toString(), src.toString(),
                    dir.resolve(SOURCES.get(1)).toString()));
            cmd.addAll(fuseFlags(false).orElse(List.of("-I/usr/include/fuse3", "-lfuse3")));
            cmd.add("-lpthread");
            Path log = dir.resolve("gcc.log");
            Process gcc = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!gcc.waitFor(120, TimeUnit.SECONDS)) {
                gcc.destroyForcibly();
                throw new PowerFsException("gcc did not finish building " + src + " within 120 s");
            }
            if (gcc.exitValue() != 0) {
                Files.deleteIfExists(tmp);
                String output = Files.readString(log, StandardCharsets.UTF_8);
                throw new PowerFsException("building the power-loss file system failed (" + String.join(" ", cmd)
                        + "): " + output.substring(0, Math.min(2000, output.length())));
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new PowerFsException("cannot build the power-loss file system in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PowerFsException("interrupted while building the power-loss file system", e);
        }
    }

    /** {@code pkg-config}'s compiler and linker flags for fuse3; with {@code headersOnly}, whether the headers are there. */
    private static Optional<List<String>> fuseFlags(boolean headersOnly) {
        if (findOnPath("pkg-config").isPresent()) {
            try {
                Process p = new ProcessBuilder("pkg-config", "--cflags", "--libs", "fuse3").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(List.of(out.split("\\s+")));
                }
            } catch (IOException e) {
                // fall through to the usual place
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean there = Files.exists(Path.of("/usr/include/fuse3/fuse_lowlevel.h"));
        return there || !headersOnly ? Optional.of(List.of("-I/usr/include/fuse3", "-lfuse3")) : Optional.empty();
    }

    private static byte[] source(String name) {
        try (InputStream in = PowerFs.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new PowerFsException("the resource " + name + " is missing beside " + PowerFs.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(List<byte[]> sources) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sources.forEach(sha::update);
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static Optional<Path> findOnPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** True when {@code dir} is the mount point of a mounted powerfs (live or left behind by a killed daemon). */
    public static boolean isMounted(Path dir) {
        return mountPoints().contains(dir.toAbsolutePath().normalize());
    }

    /** Every powerfs mount point of this mount namespace, from {@code /proc/self/mountinfo}. */
    private static List<Path> mountPoints() {
        List<Path> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                // id parent major:minor root mountpoint options ... - fstype source superoptions
                String[] f = line.split(" ");
                int dash = line.indexOf(" - ");
                if (f.length > 4 && dash > 0 && line.substring(dash + 3).startsWith("fuse.powerfs ")) {
                    out.add(Path.of(unescape(f[4])));
                }
            }
        } catch (IOException e) {
            return List.of(); // not Linux: nothing can be mounted
        }
        return out;
    }

    private static String unescape(String mountinfoField) {
        return mountinfoField.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    /** Detaches a powerfs mount at {@code dir} if there is one (e.g. left by a daemon that was killed). */
    public static void unmountIfMounted(Path dir) {
        if (isMounted(dir)) {
            detach(dir.toAbsolutePath().normalize());
        }
    }

    /** Detaches every powerfs mount at or under {@code dir}, deepest first. */
    public static void unmountUnder(Path dir) {
        Path top = dir.toAbsolutePath().normalize();
        mountPoints().stream().filter(p -> p.startsWith(top)).sorted(java.util.Comparator.reverseOrder())
                .forEach(PowerFs::detach);
    }

    private static void detach(Path mountPoint) {
        try {
            Process p = new ProcessBuilder("umount", "-l", mountPoint.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new PowerFsException("cannot unmount the powerfs mount " + mountPoint + ": " + out);
            }
        } catch (IOException e) {
            throw new PowerFsException("cannot unmount the powerfs mount " + mountPoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PowerFsException("interrupted while unmounting " + mountPoint, e);
        }
    }

    private static String trialLog(Path dir) {
        try {
            return dir == null ? "" : " (" + Files.readString(dir.resolve("powerfs.log"), StandardCharsets.UTF_8).strip() + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a probe folder in the temporary directory: nothing depends on it going away
        }
    }
}
