package io.brook.broker.meta;

import io.brook.storage.DurableFiles;
import io.brook.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The broker's local state that is not a log, in a RocksDB database: keys are prefixed by kind
 * ({@code raft/<topic id>/<partition>} for Raft hard state, {@code ack/<topic id>/<partition>} for a
 * replica's acknowledged end; see docs/formats.md). Thread-safe (RocksDB is); callers serialize
 * logically related updates.
 *
 * <p>Durability: every write is synced (WAL fsync) before it returns, because a Raft vote or term
 * forgotten after a power loss lets a replica vote twice in a term. RocksDB checks every WAL
 * record, SST block and the MANIFEST with its own CRCs. The options that decide what happens to a
 * damaged file, chosen against that synced-write rule:
 * <ul>
 * <li>{@code paranoid_checks} on (RocksDB's default, set so that it stays): corruption found in a
 *     file fails the open, or stops writes, instead of being skipped;</li>
 * <li>WAL recovery mode {@code kTolerateCorruptedTailRecords}: an incomplete record at the end of
 *     the WAL is dropped, which is always a write that had not returned (its fsync had not
 *     finished), so nothing acknowledged is lost and the broker restarts after a power loss; any
 *     other damaged record fails the open with RocksDB's "Corruption" message, like a damaged
 *     segment below the recovery point. RocksDB's default, {@code kPointInTimeRecovery}, would
 *     instead open and silently drop every record from the first damaged one on, synced or not,
 *     forgetting votes; {@code kAbsoluteConsistency} would refuse to open after an ordinary power
 *     loss.</li>
 * </ul>
 * The directory is created with its parent fsynced; RocksDB fsyncs its own files and directory.
 */
public final class LocalStore implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final Options options;
    private final RocksDB db;
    private final WriteOptions syncWrites;
    private final WriteOptions unsyncedWrites;

    private LocalStore(Path dir, Options options, RocksDB db) {
        this.dir = dir;
        this.options = options;
        this.db = db;
        this.syncWrites = new WriteOptions().setSync(true);
        this.unsyncedWrites = new WriteOptions().setSync(false);
    }

    /** Opens (creating if needed) the store in {@code dir}. */
    public static LocalStore open(Path dir) {
        try {
            DurableFiles.createDirectories(dir);
            Options options = options();
            try {
                return new LocalStore(dir, options, RocksDB.open(options, dir.toString()));
            } catch (RocksDBException e) {
                options.close();
                throw e;
            }
        } catch (RocksDBException e) {
            boolean corrupt = e.getStatus() != null && e.getStatus().getCode() == Status.Code.Corruption;
            throw new IllegalStateException("cannot open local state in " + dir + ": "
                    + (corrupt ? "Corruption: " + e.getMessage() + " (RocksDB found damage in data that was synced; the"
                    + " broker does not start rather than forget Raft votes and terms: see docs/durability.md)" : e.getMessage()), e);
        } catch (StorageException e) {
            throw new IllegalStateException("cannot open local state in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The options every open uses (see the class comment for why). */
    static Options options() {
        return new Options().setCreateIfMissing(true).setKeepLogFileNum(2).setMaxManifestFileSize(4 * 1024 * 1024)
                .setParanoidChecks(true).setWalRecoveryMode(WALRecoveryMode.TolerateCorruptedTailRecords);
    }

    /** The value stored under {@code key}, or {@code null}. */
    public byte[] get(String key) {
        try {
            return db.get(key.getBytes(StandardCharsets.UTF_8));
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read " + key + " from " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Stores {@code value} under {@code key}, durably (synced WAL) before returning. */
    public void put(String key, byte[] value) {
        try {
            db.put(syncWrites, key.getBytes(StandardCharsets.UTF_8), value);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write " + key + " to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stores {@code value} under {@code key} in the WAL without syncing it: readable at once, durable
     * only after the next {@link #syncWal()} (or synced write) returns. For writes that many partitions
     * make in one burst of a log thread, which then syncs once before anything depending on them leaves
     * the broker.
     */
    public void putUnsynced(String key, byte[] value) {
        try {
            db.put(unsyncedWrites, key.getBytes(StandardCharsets.UTF_8), value);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write " + key + " to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Makes every write so far durable (fsyncs the WAL). */
    public void syncWal() {
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot sync the WAL of " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stores every entry of {@code entries} in one atomic write, durably (one synced WAL write for all)
     * before returning.
     */
    public void putAll(Map<String, byte[]> entries) {
        try (WriteBatch batch = new WriteBatch()) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                batch.put(e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue());
            }
            db.write(syncWrites, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write " + entries.size() + " keys to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes {@code key}, durably. */
    public void delete(String key) {
        try {
            db.delete(syncWrites, key.getBytes(StandardCharsets.UTF_8));
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot delete " + key + " from " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        syncWrites.close();
        unsyncedWrites.close();
        db.close();
        options.close();
    }
}
