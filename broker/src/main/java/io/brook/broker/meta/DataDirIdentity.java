package io.brook.broker.meta;

import io.brook.storage.ChecksummedProperties;
import io.brook.storage.DamagedFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whose data a data directory holds: {@code <data.dir>/meta.properties}, a {@link ChecksummedProperties}
 * file (format version 1) with {@code cluster.id} and {@code broker.id}, written when the directory is
 * first used. A broker refuses to start on a directory of another broker id or cluster: its Raft votes
 * and logs belong to that broker, and running them under another id could make one member vote twice in a
 * term or merge two clusters' metadata.
 *
 * <ul>
 * <li>absent: written (an empty directory, or one from a Brook that did not write this file: it is
 *     adopted, with a log line);</li>
 * <li>valid and matching: nothing to do;</li>
 * <li>another broker id or cluster id, or damaged: the broker does not start, and nothing in the
 *     directory is changed; the message says what the file holds and what to do.</li>
 * </ul>
 * Stateless; called once at start, before anything else in the directory is opened.
 */
public final class DataDirIdentity {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirIdentity.class);
    static final String FILE = "meta.properties";
    static final String CLUSTER_ID = "cluster.id";
    static final String BROKER_ID = "broker.id";

    private DataDirIdentity() {
    }

    /**
     * Checks (or records) that {@code dataDir} belongs to this broker of this cluster.
     *
     * @throws IllegalStateException with a one-line reason when it belongs to another, or the file is damaged
     */
    public static void claim(Path dataDir, String clusterId, int brokerId) {
        ChecksummedProperties file = new ChecksummedProperties(dataDir.resolve(FILE), 1, 1,
                "Brook data directory identity: do not edit (the broker refuses a directory of another broker or cluster)");
        Optional<ChecksummedProperties.Content> content;
        try {
            content = file.read();
        } catch (DamagedFileException e) {
            throw new IllegalStateException(e.getMessage() + "; if " + dataDir + " is broker " + brokerId + "'s of cluster '"
                    + clusterId + "', delete " + file.path() + " and start again (it is then written anew)", e);
        }
        if (content.isEmpty()) {
            boolean used = holdsData(dataDir);
            Map<String, String> entries = new LinkedHashMap<>();
            entries.put(CLUSTER_ID, clusterId);
            entries.put(BROKER_ID, Integer.toString(brokerId));
            file.write(entries);
            if (used) {
                LOG.info("Data directory {} had no {}; recorded it as broker {} of cluster '{}'", dataDir, FILE, brokerId, clusterId);
            }
            return;
        }
        Map<String, String> e = content.get().entries();
        String recordedCluster = e.get(CLUSTER_ID);
        String recordedBroker = e.get(BROKER_ID);
        if (!clusterId.equals(recordedCluster) || !Integer.toString(brokerId).equals(recordedBroker)) {
            throw new IllegalStateException("data directory " + dataDir + " belongs to broker " + recordedBroker + " of cluster '"
                    + recordedCluster + "' (" + file.path() + "), but this broker is configured as broker " + brokerId
                    + " of cluster '" + clusterId + "'; start it with broker.id=" + recordedBroker + " and cluster.id="
                    + recordedCluster + ", or give it its own data.dir (nothing was changed)");
        }
    }

    private static boolean holdsData(Path dataDir) {
        try (Stream<Path> entries = Files.list(dataDir)) {
            return entries.map(p -> p.getFileName().toString())
                    .anyMatch(name -> !name.startsWith(FILE) && !name.equals(DataDirLock.FILE));
        } catch (IOException e) {
            return true;
        }
    }
}
