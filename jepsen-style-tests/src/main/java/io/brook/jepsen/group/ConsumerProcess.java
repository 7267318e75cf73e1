package io.brook.jepsen.group;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@link GroupConsumerMain} in its own JVM, launched from this JVM's classpath, writing what it
 * consumed to {@link #output()} and its log to {@link #logFile()}. Not thread-safe: one test thread
 * controls it.
 */
public final class ConsumerProcess implements AutoCloseable {

    private final String name;
    private final List<String> args;
    private final Path output;
    private final Path logFile;
    private Process process;

    /**
     * @param instanceId the {@code group.instance.id}, or {@code null} for a dynamic member
     */
    public ConsumerProcess(String name, String bootstrap, String group, String topic, Path dir, String instanceId) {
        this.name = name;
        this.output = dir.resolve(name + ".out");
        this.logFile = dir.resolve(name + ".log");
        this.args = new ArrayList<>(List.of(bootstrap, group, topic, output.toString()));
        if (instanceId != null) {
            args.add(instanceId);
        }
    }

    public String name() {
        return name;
    }

    public Path output() {
        return output;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Starts the JVM; output and log are appended to across restarts. */
    public void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms32m", "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), GroupConsumerMain.class.getName()));
        cmd.addAll(args);
        try {
            Files.createDirectories(output.getParent());
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** SIGKILL: the member neither commits nor leaves; its session must expire. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(10_000);
        }
    }

    /** SIGTERM: the consumer closes and leaves the group; SIGKILL after {@code timeoutMs}. */
    public void stop(long timeoutMs) {
        if (!isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(timeoutMs)) {
            kill();
        }
    }

    private boolean waitFor(long timeoutMs) {
        try {
            return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The lines written so far (a partly written last line is left out). */
    public List<String> lines() {
        try {
            if (!Files.exists(output)) {
                return List.of();
            }
            String all = Files.readString(output, StandardCharsets.UTF_8);
            int end = all.lastIndexOf('\n');
            return end < 0 ? List.of() : List.of(all.substring(0, end).split("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        kill();
    }
}
