package io.brook.cli;

import io.brook.storage.ChecksummedProperties;
import io.brook.storage.DamagedFileException;
import io.brook.storage.DurableFiles;
import io.brook.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code brook cluster up} started, kept in {@code <data>/cluster.properties} so that
 * {@code cluster status} and {@code cluster down} find the processes again. A
 * {@link ChecksummedProperties} file, format version 2 (version 1, written before the checksum
 * existed, is still read):
 *
 * <pre>
 * # Written by 'brook cluster up'; read by 'brook cluster status' and 'brook cluster down'.
 * format.version=2
 * nodes=3
 * voters=1@127.0.0.1:19192,...
 * node.1.address=127.0.0.1:19192
 * node.1.pid=4242
 * node.1.data=/abs/data/cluster/node1     (also the marker: the process's command line must hold it)
 * node.1.log=/abs/data/cluster/node1.log
 * node.1.command=java ... io.brook.cli.Main server ...   (for people; not parsed)
 * ...
 * checksum.crc32c=1a2b3c4d
 * </pre>
 *
 * Written durably (temporary file, fsync, rename, fsync the directory), so after a crash or power
 * loss the file holds the previous record or the new one. An empty, cut or otherwise damaged file
 * is an error (exit 1) that says what to do, never taken for "no cluster": {@code cluster up} does
 * not start over node data it can no longer account for.
 *
 * @param dir the cluster directory ({@code --data}), absolute
 */
record ClusterRecord(Path dir, String voters, List<Node> nodes) {

    static final String FILE_NAME = "cluster.properties";
    /** The format written; 2 added the checksum. */
    static final int FORMAT_VERSION = 2;
    private static final String COMMENT = "Written by 'brook cluster up'; read by 'brook cluster status' and 'brook cluster down'.";

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

    private static ChecksummedProperties properties(Path dir) {
        return new ChecksummedProperties(file(dir), FORMAT_VERSION, FORMAT_VERSION, COMMENT);
    }

    /** The record in {@code dir}, if there is one; a record that cannot be read is an error (exit 1). */
    static Optional<ClusterRecord> read(Path dir) {
        Path file = file(dir);
        Optional<ChecksummedProperties.Content> content;
        try {
            content = properties(dir).read();
        } catch (DamagedFileException e) {
            throw new CliException(ExitCodes.FAILED, e.getMessage() + "; " + whatToDo(dir));
        } catch (StorageException e) {
            throw new CliException(ExitCodes.FAILED, e.getMessage());
        }
        if (content.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> p = content.get().entries();
        try {
            int n = Integer.parseInt(required(p, "nodes"));
            List<Node> nodes = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                String prefix = "node." + i + ".";
                String address = required(p, prefix + "address");
                int colon = address.lastIndexOf(':');
                nodes.add(new Node(i, address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)),
                        Long.parseLong(required(p, prefix + "pid")), Path.of(required(p, prefix + "data")),
                        Path.of(required(p, prefix + "log")), p.getOrDefault(prefix + "command", "")));
            }
            return Optional.of(new ClusterRecord(dir, p.getOrDefault("voters", ""), nodes));
        } catch (RuntimeException e) {
            throw new CliException(ExitCodes.FAILED, "cannot read " + file + ": " + e.getMessage() + "; " + whatToDo(dir));
        }
    }

    /** What the user can do about a record that cannot be read. */
    private static String whatToDo(Path dir) {
        return "if no broker of this cluster runs (check: pgrep -af " + dir.resolve("node") + "), delete the file"
                + " and run 'brook cluster up' with the same --nodes and --base-port as before: the brokers keep their"
                + " data in " + dir.resolve("nodeN");
    }

    private static String required(Map<String, String> p, String key) {
        String v = p.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v.trim();
    }

    /** Writes the record durably and atomically. */
    void write() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("nodes", String.valueOf(nodes.size()));
        p.put("voters", voters);
        for (Node n : nodes) {
            String prefix = "node." + n.id() + ".";
            p.put(prefix + "address", n.address());
            p.put(prefix + "pid", String.valueOf(n.pid()));
            p.put(prefix + "data", n.dataDir().toString());
            p.put(prefix + "log", n.logFile().toString());
            p.put(prefix + "command", n.command());
        }
        try {
            DurableFiles.createDirectories(dir);
            properties(dir).write(p);
        } catch (StorageException e) {
            throw new CliException(ExitCodes.FAILED, e.getMessage());
        }
    }

    /** Removes the record (not the data); no error when it is already gone. */
    static void delete(Path dir) {
        try {
            if (Files.deleteIfExists(file(dir))) {
                DurableFiles.fsyncDirectory(dir);
            }
        } catch (IOException | StorageException e) {
            throw new CliException(ExitCodes.FAILED, "cannot delete " + file(dir) + ": " + e.getMessage());
        }
    }
}
