package io.brook.broker.partition;

import io.brook.broker.meta.LocalStore;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replicated partition replica's <em>acknowledged end</em>: the highest log end it has counted as
 * durable towards a commit (as a follower, the match end of a successful AppendResponse; as leader,
 * its own flushed end), and whether it is <em>recovering</em> (its log lost entries it had
 * acknowledged; see {@link io.brook.replication.raft.RaftNode}). Kept in the broker's RocksDB under
 * {@code ack/<topic id>/<partition>}:
 *
 * <pre>
 * offset  size  field
 *      0     1  version int8 (1)
 *      1     8  acknowledged end int64, big-endian
 *      9     1  flags int8: bit 0 recovering
 * </pre>
 *
 * <p>Rules: the end is written, synced, after the log's fsync and before the Raft node learns of it
 * ({@link LogThread}, one write per burst for every partition flushed in it), and the node only sees
 * a flushed offset no higher than the end written ({@link ReplicaLog#flushedOffset()}), so no ack is
 * ever sent beyond it. A truncation or reset by Raft lowers it first. While recovering it only rises.
 * On open, a log that ends below it makes the replica recovering, and the flag stays until the node
 * reports it has caught up. A missing value reads as end 0, not recovering: a replica created before
 * this record existed, or a RocksDB that was wiped (which this cannot detect). An operator who
 * accepts losing what a damaged replica had acknowledged puts a file {@value #ACCEPT_LOSS_FILE} into
 * its log directory: the next open takes the log as it is and deletes the file.
 *
 * <p>Threads: the partition's owner thread.
 */
final class AckMark {

    /** A file in the log directory that tells the next open to take a damaged log as it is. */
    static final String ACCEPT_LOSS_FILE = "accept-data-loss";

    private static final Logger LOG = LoggerFactory.getLogger(AckMark.class);
    private static final byte VERSION = 1;
    private static final int SIZE = 10;

    private final LocalStore store;
    private final String key;
    private final TopicPartition tp;
    private long end;
    private boolean recovering;
    private long pending = -1;

    private AckMark(LocalStore store, String key, TopicPartition tp, long end, boolean recovering) {
        this.store = store;
        this.key = key;
        this.tp = tp;
        this.end = end;
        this.recovering = recovering;
    }

    static String key(String topicId, int partition) {
        return "ack/" + topicId + "/" + partition;
    }

    /**
     * The mark of a replica whose log was just opened (after recovery, everything in it is on disk)
     * and ends at {@code recoveredEnd}; writes it when the replica turns out damaged or the operator
     * accepted the damage.
     */
    static AckMark open(LocalStore store, String topicId, TopicPartition tp, Path logDir, long recoveredEnd) {
        String key = key(topicId, tp.partition());
        byte[] v = store.get(key);
        boolean known = v != null && v.length == SIZE && v[0] == VERSION;
        long end = known ? ByteBuffer.wrap(v, 1, 8).getLong() : 0;
        boolean recovering = known && (v[9] & 1) != 0;
        AckMark mark = new AckMark(store, key, tp, end, recovering);
        Path accept = logDir.resolve(ACCEPT_LOSS_FILE);
        if (Files.exists(accept)) {
            LOG.warn("Partition {}: {} found: taking its log as it is (ends at {}, had acknowledged up to {}{}); whatever it had "
                    + "acknowledged beyond that is lost unless another replica holds it", tp, accept, recoveredEnd, end,
                    recovering ? ", was recovering" : "");
            mark.write(recoveredEnd, false);
            try {
                Files.delete(accept);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot delete " + accept, e);
            }
        } else if (recovering) {
            LOG.warn("Partition {} is still recovering (log ends at {}, had acknowledged up to {}): it will not vote or count "
                    + "towards commits until it has caught up from a leader", tp, recoveredEnd, end);
        } else if (recoveredEnd < end) {
            LOG.warn("Partition {} lost records it had acknowledged: its log ends at {} but it had acknowledged up to {}; it will "
                    + "not vote or count towards commits until it has caught up from a leader", tp, recoveredEnd, end);
            mark.write(end, true);
        }
        return mark;
    }

    /** Removes the mark of a deleted replica, durably. */
    static void delete(LocalStore store, String topicId, int partition) {
        store.delete(key(topicId, partition));
    }

    String key() {
        return key;
    }

    /** The acknowledged end as written. */
    long end() {
        return end;
    }

    boolean recovering() {
        return recovering;
    }

    /**
     * The value to write once the log is fsynced up to {@code flushedEnd}, or {@code null} when it
     * would not change; {@link #written()} makes it current after the write.
     */
    byte[] afterFlush(long flushedEnd) {
        long next = recovering ? Math.max(end, flushedEnd) : flushedEnd;
        if (next == end) {
            pending = -1;
            return null;
        }
        pending = next;
        return encode(next, recovering);
    }

    /** The value {@link #afterFlush} returned is on disk. */
    void written() {
        if (pending >= 0) {
            end = pending;
            pending = -1;
        }
    }

    /** Raft is about to remove the log from {@code newEnd} on: what it covered was never committed. */
    void lowerTo(long newEnd) {
        if (end > newEnd) {
            write(newEnd, recovering);
        }
    }

    /** The node caught up from a leader; {@code acknowledgedEnd} is what it has acknowledged since. */
    void recovered(long acknowledgedEnd) {
        write(acknowledgedEnd, false);
        LOG.info("Partition {} has caught up from the leader up to {}: it votes and counts towards commits again", tp, acknowledgedEnd);
    }

    private void write(long newEnd, boolean newRecovering) {
        store.put(key, encode(newEnd, newRecovering));
        end = newEnd;
        recovering = newRecovering;
    }

    private static byte[] encode(long end, boolean recovering) {
        return ByteBuffer.allocate(SIZE).put(VERSION).putLong(end).put((byte) (recovering ? 1 : 0)).array();
    }
}
