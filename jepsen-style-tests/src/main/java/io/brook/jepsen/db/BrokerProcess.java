package io.brook.jepsen.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One broker in its own JVM, launched from this JVM's classpath (the project's own build, or the
 * distribution's when run by {@code brook verify}) through {@code io.brook.broker.Main}, listening on
 * 127.0.0.1:{@link #port()} with its own data directory and log file. Not thread-safe: one test
 * thread controls it.
 */
public final class BrokerProcess implements AutoCloseable {

    private final int id;
    private final int port;
    private final Path dataDir;
    private final Path logFile;
    private final Map<String, String> config;
    private Process process;
    private int starts;
    private boolean paused;

    /**
     * @param config broker config keys passed with {@code --set}
     */
    public BrokerProcess(int id, int port, Path dataDir, Path logFile, Map<String, String> config) {
        this.id = id;
        this.port = port;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.config = new LinkedHashMap<>(config);
    }

    public int id() {
        return id;
    }

    public int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * Changes broker config keys for the next start (e.g. turning security on in a rolling restart).
     *
     * @throws IllegalStateException while the broker runs
     */
    public void reconfigure(Map<String, String> changes) {
        if (isAlive()) {
            throw new IllegalStateException("broker " + id + " is running: stop it before changing its config");
        }
        config.putAll(changes);
    }

    /** The config keys passed at the next start (a copy). */
    public Map<String, String> config() {
        return new LinkedHashMap<>(config);
    }

    /** Starts the JVM (the log file is appended to across restarts). */
    public void start() {
        if (isAlive()) {
            throw new IllegalStateException("broker " + id + " is already running");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xms64m");
        cmd.add("-Xmx320m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Dbrook.log.level=INFO");
        // RocksDB extracts its native library (15 MB) into java.io.tmpdir and deletes it at a clean
        // exit only: a killed broker left one copy in /tmp per start. Here it goes into the cluster's
        // root, which is deleted with the cluster.
        cmd.add("-Djava.io.tmpdir=" + jvmTmpDir());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.brook.broker.Main");
        cmd.add("broker.id=" + id);
        cmd.add("listener=" + address());
        cmd.add("data.dir=" + dataDir);
        config.forEach((k, v) -> cmd.add(k + "=" + v));
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(jvmTmpDir());
            Files.writeString(logFile, "---- start " + (++starts) + " of broker " + id + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start broker " + id, e);
        }
    }

    /** The broker JVM's java.io.tmpdir: beside its data directory, not in it. */
    private Path jvmTmpDir() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".tmp");
    }

    /** Waits until the broker's log says it registered with the controller quorum ({@code timeoutMs} at most). */
    public void awaitStarted(long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            if (hasStarted()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("broker " + id + " did not start within " + timeoutMs + " ms; see " + logFile);
    }

    /**
     * Whether the broker's current run has registered with the controller quorum, without waiting.
     *
     * @throws IllegalStateException if the process has exited (the message names its exit code and log)
     */
    public boolean hasStarted() {
        if (!isAlive()) {
            throw new IllegalStateException("broker " + id + " exited with " + process.exitValue() + "; see " + logFile);
        }
        return lastRunLog(starts).contains("Broker " + id + " registered as");
    }

    private String lastRunLog(int run) {
        try {
            String all = Files.readString(logFile, StandardCharsets.UTF_8);
            int at = all.lastIndexOf("---- start " + run + " of broker " + id);
            return at < 0 ? "" : all.substring(at);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * SIGTERM, then waits for a graceful shutdown (SIGKILL after {@code timeoutMs}).
     *
     * @return true when the process exited on the SIGTERM (or was not running), false when it had to be killed
     */
    public boolean stop(long timeoutMs) {
        if (!isAlive()) {
            return true;
        }
        process.destroy();
        try {
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                kill();
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            return false;
        }
    }

    /** SIGKILL: no shutdown, no flush. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        paused = false;
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: the process freezes (sockets stay open, nothing answers). */
    public void pause() {
        signal("STOP");
        paused = isAlive();
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
        paused = false;
    }

    /** Running and not paused: it can answer requests. */
    public boolean isResponsive() {
        return isAlive() && !paused;
    }

    private void signal(String sig) {
        if (!isAlive()) {
            return;
        }
        try {
            Process p = new ProcessBuilder("kill", "-" + sig, String.valueOf(process.pid())).inheritIO().start();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the process if it runs (resuming it first if paused). Idempotent. */
    @Override
    public void close() {
        if (isAlive()) {
            resume();
            kill();
        }
    }

    @Override
    public String toString() {
        return "broker " + id + " (" + address() + ", pid " + pid() + ")";
    }
}
