package io.brook.broker.partition;

import io.brook.storage.DamagedFileException;
import io.brook.storage.DurableFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a partition's log directory {@code <logs>/<topic>-<partition>} ready for one incarnation of
 * its topic (the topic id the controller assigns), deciding from its {@link TopicIdFile}:
 *
 * <ul>
 * <li>no directory: create it (and fsync {@code logs/}), then write {@code topic.id} durably, so the
 *     file exists before any segment does;</li>
 * <li>no file, or an empty one (what the old non-durable write left after a power loss): adopt the
 *     controller's id, write it durably and log a warning: the data stays and is served;</li>
 * <li>the same id: use the directory (a pre-version-1 plain-text file is rewritten in the current
 *     format first);</li>
 * <li>another id (a deleted topic's leftovers): move the directory aside to
 *     {@code *.orphan-<time>} (never deleted; {@code logs/} fsynced) and start a fresh one;</li>
 * <li>a damaged file: change nothing and throw a {@link DamagedFileException} that says what the
 *     operator can do; the partition stays offline.</li>
 * </ul>
 *
 * Stateless; called on the partition's owner thread.
 */
final class PartitionDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionDirectory.class);

    private PartitionDirectory() {}

    /**
     * @return {@code dir}, holding a valid {@code topic.id} of {@code topicId}
     * @throws DamagedFileException when the directory's {@code topic.id} is damaged (nothing was changed)
     */
    static Path prepare(Path dir, TopicPartition tp, String topicId, LongSupplier clock) {
        if (!Files.exists(dir)) {
            return create(dir, topicId);
        }
        TopicIdFile.Contents found;
        try {
            found = TopicIdFile.read(dir);
        } catch (DamagedFileException e) {
            throw e.withAdvice("partition " + tp + " stays offline and nothing in " + dir + " was changed. If the"
                    + " directory holds this partition's data, delete " + TopicIdFile.NAME + " and restart the broker:"
                    + " it then adopts the topic id " + topicId + " that the controller assigns; if it holds another"
                    + " topic's data, move the directory out of " + dir.getParent());
        }
        switch (found.kind()) {
            case ABSENT, EMPTY -> {
                LOG.warn("{} of partition {} is {} (lost in a crash or power failure before it was made durable);"
                        + " adopting the topic id {} that the controller assigns and keeping the data in {}",
                        TopicIdFile.path(dir), tp, found.kind() == TopicIdFile.Kind.EMPTY ? "empty" : "missing", topicId, dir);
                TopicIdFile.write(dir, topicId);
                return dir;
            }
            case CURRENT, LEGACY -> {
                if (found.topicId().equals(topicId)) {
                    if (found.kind() == TopicIdFile.Kind.LEGACY) {
                        LOG.info("Rewriting {} in the checksummed format", TopicIdFile.path(dir));
                        TopicIdFile.write(dir, topicId);
                    }
                    return dir;
                }
                Path aside = dir.resolveSibling(dir.getFileName() + ".orphan-" + clock.getAsLong());
                LOG.warn("Log directory {} belongs to topic id {}, not {}; moved to {} (nothing is deleted)", dir,
                        found.topicId(), topicId, aside);
                DurableFiles.rename(dir, aside);
                return create(dir, topicId);
            }
            default -> throw new IllegalStateException("unexpected " + found.kind());
        }
    }

    private static Path create(Path dir, String topicId) {
        DurableFiles.createDirectories(dir);
        TopicIdFile.write(dir, topicId);
        return dir;
    }
}
