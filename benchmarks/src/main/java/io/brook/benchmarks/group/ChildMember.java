package io.brook.benchmarks.group;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a {@link MemberProcess} with this JVM's java binary, flags and class path, and replays its
 * report lines into a {@link Recorder} under the member number the parent gave it. {@link #kill()}
 * sends SIGKILL: the consumer gets no chance to leave the group, so only the coordinator's session
 * timeout can move its partitions.
 */
final class ChildMember {

    private final Process process;
    private final Thread reader;

    ChildMember(int index, Recorder recorder, File log, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MemberProcess.class.getName());
        cmd.addAll(args);
        process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log)).start();
        reader = new Thread(() -> replay(index, recorder), "child-member-" + index);
        reader.setDaemon(true);
        reader.start();
    }

    private void replay(int index, Recorder recorder) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ");
                long at = Long.parseLong(f[1]);
                switch (f[0]) {
                    case "A" -> recorder.assigned(index, at, partitions(f[2]));
                    case "R" -> recorder.revoked(index, at, partitions(f[2]), false);
                    case "L" -> recorder.revoked(index, at, partitions(f[2]), true);
                    case "D" -> recorder.delivered(index, at, Integer.parseInt(f[2]), Integer.parseInt(f[3]), Long.parseLong(f[4]));
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process was killed mid-line or its output was garbled: nothing more to replay
        }
    }

    private static List<Integer> partitions(String s) {
        List<Integer> out = new ArrayList<>();
        if (!s.equals("-")) {
            for (String p : s.split(",")) {
                out.add(Integer.parseInt(p));
            }
        }
        return out;
    }

    /** SIGKILL (Process.destroyForcibly on Linux), then waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    boolean alive() {
        return process.isAlive();
    }
}
