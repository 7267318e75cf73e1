package io.brook.broker.meta;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The broker's local state that is not a log, in a RocksDB database: keys are prefixed by kind
 * ({@code raft/<topic id>/<partition>} for Raft hard state, {@code ack/<topic id>/<partition>} for a
 * replica's acknowledged end; see docs/formats.md). Every write is synced (WAL fsync) before it returns. Thread-safe (RocksDB is); callers serialize logically
 * related updates.
 */
public final class LocalStore implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final Options options;
    private final RocksDB db;
    private final WriteOptions syncWrites;

    private LocalStore(Path dir, Options options, RocksDB db) {
        this.dir = dir;
        this.options = options;
        this.db = db;
        this.syncWrites = new WriteOptions().setSync(true);
    }

    /** Opens (creating if needed) the store in {@code dir}. */
    public static LocalStore open(Path dir) {
        try {
            Files.createDirectories(dir);
            Options options = new Options().setCreateIfMissing(true).setKeepLogFileNum(2).setMaxManifestFileSize(4 * 1024 * 1024);
            try {
                return new LocalStore(dir, options, RocksDB.open(options, dir.toString()));
            } catch (RocksDBException e) {
                options.close();
                throw e;
            }
        } catch (RocksDBException | java.io.IOException e) {
            throw new IllegalStateException("cannot open local state in " + dir + ": " + e.getMessage(), e);
        }
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
        db.close();
        options.close();
    }
}
