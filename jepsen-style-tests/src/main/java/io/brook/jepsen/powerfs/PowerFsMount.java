package io.brook.jepsen.powerfs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One mount of the power-loss file system: a {@code powerfs} process serving {@code mountpoint},
 * driven through its standard input ({@code power-loss}, {@code remount}, {@code commit-entries},
 * {@code stats}, {@code quit}) and answering one line per command on its standard output. Its messages and this class's
 * record of every answer go to {@code log}. The file system's content lives in that process: closing
 * the mount discards it, so copy out what should be kept first.
 *
 * <p>Whoever mounts closes. Not thread-safe: one harness thread drives a mount.
 */
public final class PowerFsMount implements AutoCloseable {

    private static final long COMMAND_TIMEOUT_MS = 60_000;
    private static final String EOF = "\u0000eof";

    private final Path mountpoint;
    private final Path log;
    private final Process process;
    private final OutputStream commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private int powerLosses;
    private boolean closed;

    private PowerFsMount(Path mountpoint, Path log, Process process) {
        this.mountpoint = mountpoint;
        this.log = log;
        this.process = process;
        this.commands = process.getOutputStream();
        Thread reader = new Thread(this::readAnswers, "powerfs-" + mountpoint.getFileName());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Mounts an empty power-loss file system over {@code mountpoint} (created if missing; a stale mount
     * there is detached first) and returns once it serves.
     *
     * @param log where the process's messages go (appended)
     */
    public static PowerFsMount mount(Path mountpoint, Path log) {
        Path binary = PowerFs.binary();
        PowerFs.unmountIfMounted(mountpoint);
        Process process;
        try {
            Files.createDirectories(mountpoint);
            Files.createDirectories(log.toAbsolutePath().getParent());
            process = new ProcessBuilder(binary.toString(), mountpoint.toAbsolutePath().toString())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new PowerFsException("cannot start " + binary + " on " + mountpoint, e);
        }
        PowerFsMount mount = new PowerFsMount(mountpoint, log, process);
        try {
            mount.await("mounted start");
        } catch (RuntimeException e) {
            mount.close();
            throw e;
        }
        return mount;
    }

    public Path mountpoint() {
        return mountpoint;
    }

    /** How many power losses this mount has been through. */
    public int powerLosses() {
        return powerLosses;
    }

    /**
     * Cuts the power: unmounts, reverts every file and directory to its durable state and mounts again.
     * Whatever runs on the file system must be dead already (killed -9): a live process would keep the
     * old mount busy. Returns the file system's counters after the revert.
     */
    public String powerLoss() {
        String answer = command("power-loss", "mounted power-loss");
        powerLosses++;
        return answer;
    }

    /** Unmounts and mounts again without losing anything (the kernel's caches start empty). */
    public String remount() {
        return command("remount", "mounted remount");
    }

    /**
     * Makes every directory's current entries durable and no file data, as a journal commit of ext4
     * would: after a power loss, files created since come back with their names and their last
     * fsynced size (0 when never fsynced).
     */
    public String commitEntries() {
        return command("commit-entries", "committed");
    }

    /** The counters: live inodes, pages held, bytes, pages not durable yet. */
    public String stats() {
        return command("stats", "stats");
    }

    private String command(String command, String expected) {
        if (closed || !process.isAlive()) {
            throw new PowerFsException("the powerfs mount on " + mountpoint + " is not running; see " + log);
        }
        try {
            commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            commands.flush();
        } catch (IOException e) {
            throw new PowerFsException("cannot send '" + command + "' to powerfs on " + mountpoint + "; see " + log, e);
        }
        return await(expected);
    }

    private String await(String expected) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(COMMAND_TIMEOUT_MS);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : answers.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new PowerFsException("powerfs on " + mountpoint + " did not answer '" + expected + "' within "
                            + COMMAND_TIMEOUT_MS + " ms; see " + log);
                }
                if (line.equals(EOF)) {
                    throw new PowerFsException("powerfs on " + mountpoint + " exited before answering '" + expected
                            + "'; see " + log);
                }
                note(line);
                if (line.startsWith("error")) {
                    throw new PowerFsException("powerfs on " + mountpoint + ": " + line);
                }
                if (line.startsWith(expected)) {
                    return line.substring(expected.length()).trim();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PowerFsException("interrupted while waiting for powerfs on " + mountpoint, e);
        }
    }

    private void readAnswers() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                answers.add(line);
            }
        } catch (IOException e) {
            // the process went away; EOF below says so
        }
        answers.add(EOF);
    }

    private void note(String line) {
        try {
            Files.writeString(log, "powerfs answered: " + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is for people; the answer itself is returned
        }
    }

    /**
     * Unmounts and stops the process (everything on the file system is gone); kills it if it does not
     * stop within 30 s and detaches a mount it left. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (process.isAlive()) {
                try {
                    commands.write("quit\n".getBytes(StandardCharsets.UTF_8));
                    commands.close();
                } catch (IOException e) {
                    // it is on its way out already
                }
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(30, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            PowerFs.unmountIfMounted(mountpoint);
        }
    }

    @Override
    public String toString() {
        return "powerfs on " + mountpoint + " (pid " + process.pid() + ")";
    }
}
