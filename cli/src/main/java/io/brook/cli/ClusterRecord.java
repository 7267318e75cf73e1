package io.brook.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code brook cluster up} started, kept in {@code <data>/cluster.properties} so that
 * {@code cluster status} and {@code cluster down} find the processes again:
 *
 * <pre>
 * format.version=1
 * nodes=3
 * voters=1@127.0.0.1:19192,...
 * node.1.address=127.0.0.1:19192
 * node.1.pid=4242
 * node.1.data=/abs/data/cluster/node1     (also the marker: the process's command line must hold it)
 * node.1.log=/abs/data/cluster/node1.log
 * node.1.command=java ... io.brook.cli.Main server ...   (for people; not parsed)
 * </pre>
 *
 * Written to a temporary file and moved into place, so a reader never sees half a record.
 *
 * @param dir the cluster directory ({@code --data}), absolute
 */
record ClusterRecord(Path dir, String voters, List<Node> nodes) {

    static final String FILE_NAME = "cluster.properties";
    private static final String FORMAT_VERSION = "1";

    /**
     * One broker process.
     *
     * @param pid the process id, or -1 when it was never started
     */
    record Node(int id, String host, int port, long pid, Path dataDir, Path logFile, String command) {

        String address() {
            return host + ":" + port;
        }

        Node withPid(long newPid, String newCommand) {
            return new Node(id, host, port, newPid, dataDir, logFile, newCommand);
        }
    }

    ClusterRecord {
        nodes = List.copyOf(nodes);
    }

    static Path file(Path dir) {
        return dir.resolve(FILE_NAME);
    }

    /** The record in {@code dir}, if there is one; a record that cannot be read is an error (exit 1). */
    static Optional<ClusterRecord> read(Path dir) {
        Path file = file(dir);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(ExitCodes.FAILED, "cannot read " + file + ": " + e.getMessage());
        }
        try {
            if (!FORMAT_VERSION.equals(p.getProperty("format.version"))) {
                throw new IllegalArgumentException("unknown format.version " + p.getProperty("format.version"));
            }
            int n = Integer.parseInt(required(p, "nodes"));
            List<Node> nodes = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                String prefix = "node." + i + ".";
                String address = required(p, prefix + "address");
                int colon = address.lastIndexOf(':');
                nodes.add(new Node(i, address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)),
                        Long.parseLong(required(p, prefix + "pid")), Path.of(required(p, prefix + "data")),
                        Path.of(required(p, prefix + "log")), p.getProperty(prefix + "command", "")));
            }
            return Optional.of(new ClusterRecord(dir, p.getProperty("voters", ""), nodes));
        } catch (RuntimeException e) {
            throw new CliException(ExitCodes.FAILED, "cannot read " + file + ": " + e.getMessage()
                    + " (delete it if no cluster of this directory is running)");
        }
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v.trim();
    }

    /** Writes the record atomically (temporary file, then rename). */
    void write() {
        Properties p = new Properties();
        p.setProperty("format.version", FORMAT_VERSION);
        p.setProperty("nodes", String.valueOf(nodes.size()));
        p.setProperty("voters", voters);
        for (Node n : nodes) {
            String prefix = "node." + n.id() + ".";
            p.setProperty(prefix + "address", n.address());
            p.setProperty(prefix + "pid", String.valueOf(n.pid()));
            p.setProperty(prefix + "data", n.dataDir().toString());
            p.setProperty(prefix + "log", n.logFile().toString());
            p.setProperty(prefix + "command", n.command());
        }
        Path file = file(dir);
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        try {
            Files.createDirectories(dir);
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "Written by 'brook cluster up'; read by 'brook cluster status' and 'brook cluster down'.");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Removes the record (not the data); no error when it is already gone. */
    static void delete(Path dir) {
        try {
            Files.deleteIfExists(file(dir));
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot delete " + file(dir) + ": " + e.getMessage());
        }
    }
}
