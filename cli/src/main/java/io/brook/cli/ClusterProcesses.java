package io.brook.cli;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Broker processes of {@code brook cluster}: the command line that starts one (the CLI's own
 * {@code java} and classpath running {@code server}), starting it detached from the CLI, telling
 * whether a recorded pid is still that broker, and stopping it. Stateless.
 */
final class ClusterProcesses {

    /** Main class of every broker process; with the data directory, how a recorded process is recognised. */
    static final String MAIN_CLASS = Main.class.getName();

    private ClusterProcesses() {}

    /** {@code java [jvmOptions] -cp <the CLI's classpath> io.brook.cli.Main server [serverArgs]}. */
    static List<String> serverCommand(List<String> jvmOptions, List<String> serverArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(MAIN_CLASS);
        cmd.add("server");
        cmd.addAll(serverArgs);
        return cmd;
    }

    /** The java running this CLI. */
    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** This JVM's classpath with every entry made absolute (a broker does not depend on the caller's directory). */
    static String classpath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(Path.of(e).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * Starts {@code command} with stdout and stderr appended to {@code log} and no stdin. Where
     * {@code setsid} exists the process gets a session of its own, so that Ctrl-C or a closed
     * terminal of the CLI does not reach it; setsid execs, so the pid is the broker's.
     */
    static Process start(List<String> command, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        setsid().ifPresent(cmd::add);
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        File devNull = new File("/dev/null");
        if (devNull.exists()) {
            pb.redirectInput(ProcessBuilder.Redirect.from(devNull));
        }
        return pb.start();
    }

    private static Optional<String> setsid() {
        for (String p : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(p))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The live process of a recorded node: its pid runs, and its command line is a Brook server
     * with the node's data directory. Anything else (gone, or the pid reused by another program)
     * is empty, and must not be signalled.
     */
    static Optional<ProcessHandle> brokerProcess(ClusterRecord.Node node) {
        if (node.pid() <= 0) {
            return Optional.empty();
        }
        Optional<ProcessHandle> h = ProcessHandle.of(node.pid()).filter(ProcessHandle::isAlive);
        if (h.isEmpty()) {
            return Optional.empty();
        }
        List<String> args = commandLine(h.get());
        return isBrokerOf(args, node.dataDir()) ? h : Optional.empty();
    }

    /** Whether {@code args} is {@code ... io.brook.cli.Main server ... --data <dataDir> ...}. */
    static boolean isBrokerOf(List<String> args, Path dataDir) {
        int main = args.indexOf(MAIN_CLASS);
        if (main < 0 || main + 1 >= args.size() || !args.get(main + 1).equals("server")) {
            return false;
        }
        for (int i = main + 2; i < args.size() - 1; i++) {
            if (args.get(i).equals("--data") && args.get(i + 1).equals(dataDir.toString())) {
                return true;
            }
        }
        return false;
    }

    /** The process's arguments: from /proc/PID/cmdline on Linux, else what the JDK can tell. */
    static List<String> commandLine(ProcessHandle h) {
        Path proc = Path.of("/proc", String.valueOf(h.pid()), "cmdline");
        if (Files.isDirectory(Path.of("/proc", "self"))) {
            try {
                String raw = new String(Files.readAllBytes(proc), StandardCharsets.UTF_8);
                return Arrays.asList(raw.split("\0"));
            } catch (IOException e) {
                return List.of();
            }
        }
        ProcessHandle.Info info = h.info();
        List<String> out = new ArrayList<>();
        info.command().ifPresent(out::add);
        info.arguments().ifPresent(a -> out.addAll(Arrays.asList(a)));
        return out;
    }

    /** Outcome of stopping one process. */
    enum Stopped { TERMINATED, KILLED, STILL_RUNNING }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL and wait a little more. */
    static Stopped stop(ProcessHandle h, Duration grace) {
        h.destroy();
        if (await(h, grace)) {
            return Stopped.TERMINATED;
        }
        h.destroyForcibly();
        return await(h, Duration.ofSeconds(10)) ? Stopped.KILLED : Stopped.STILL_RUNNING;
    }

    /** Stops several processes at once: SIGTERM to all, then waits as {@link #stop} does; results in the same order. */
    static List<Stopped> stopAll(List<ProcessHandle> handles, Duration grace) {
        handles.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        List<Stopped> out = new ArrayList<>();
        for (ProcessHandle h : handles) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            out.add(stop(h, left));
        }
        return out;
    }

    private static boolean await(ProcessHandle h, Duration d) {
        try {
            h.onExit().get(d.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !h.isAlive();
        } catch (ExecutionException e) {
            return !h.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !h.isAlive();
        }
    }

    /** Whether something already listens on (or holds) {@code host:port}. */
    static boolean portBusy(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** The last non-blank line of a log file (read from its last 8 KiB), for error messages; empty when there is none. */
    static String lastLine(Path log) {
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(log)) {
            long size = ch.size();
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) Math.min(size, 8192));
            ch.position(size - buf.capacity());
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // read the tail fully
            }
            String[] lines = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                if (!lines[i].isBlank()) {
                    return lines[i].strip();
                }
            }
        } catch (IOException e) {
            // no log yet: nothing to quote
        }
        return "";
    }
}
