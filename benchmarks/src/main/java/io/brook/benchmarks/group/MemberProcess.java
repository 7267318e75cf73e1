package io.brook.benchmarks.group;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A group member in a JVM of its own, so that the benchmark can kill it with SIGKILL. Runs a {@link
 * MemberLoop} and writes what it reports to stdout, one line each, for {@link ChildMember} to replay:
 * {@code A time partitions} (assigned), {@code R time partitions} (revoked), {@code L time partitions}
 * (lost), {@code D time partition records oldestSent} (delivered); partitions comma-separated. Exits
 * when stdin closes, so it never outlives the benchmark.
 *
 * <p>Arguments: system bootstrap sessionTimeoutMs heartbeatIntervalMs group topic.
 */
public final class MemberProcess {

    private MemberProcess() {}

    public static void main(String[] args) {
        GroupSystem system = GroupSystem.create(args[0],
                new GroupSystem.Settings(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3])));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Thread watchdog = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                while (in.readLine() != null) {
                    // the parent writes nothing; end of input means it is gone
                }
            } catch (IOException e) {
                // same as end of input
            }
            Runtime.getRuntime().halt(0);
        }, "stdin-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        new MemberLoop(system, args[4], args[5], 0, new LineRecorder(out)).run();
    }

    /** Writes reports as lines, flushed at once. */
    private record LineRecorder(PrintStream out) implements Recorder {
        @Override
        public void assigned(int member, long atMs, Collection<Integer> partitions) {
            line("A " + atMs + " " + join(partitions));
        }

        @Override
        public void revoked(int member, long atMs, Collection<Integer> partitions, boolean lost) {
            line((lost ? "L " : "R ") + atMs + " " + join(partitions));
        }

        @Override
        public void delivered(int member, long atMs, int partition, int records, long oldestSentMs) {
            line("D " + atMs + " " + partition + " " + records + " " + oldestSentMs);
        }

        private synchronized void line(String s) {
            out.println(s);
            out.flush();
        }

        private static String join(Collection<Integer> partitions) {
            List<String> s = new ArrayList<>(partitions.size());
            for (int p : partitions) {
                s.add(Integer.toString(p));
            }
            return s.isEmpty() ? "-" : String.join(",", s);
        }
    }
}
