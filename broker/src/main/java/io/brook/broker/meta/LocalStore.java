package io.brook.broker.meta;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * The broker's local state that is not a log, in a RocksDB database. Keys are prefixed by kind
 * ({@code topic/<name>} for {@link TopicInfo} records). Every write is synced (WAL fsync) before it
 * returns. Thread-safe (RocksDB is); callers serialize logically related updates.
 */
public final class LocalStore implements AutoCloseable {

    private static final String TOPIC_PREFIX = "topic/";

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

    public Map<String, TopicInfo> loadTopics() {
        Map<String, TopicInfo> topics = new LinkedHashMap<>();
        try (RocksIterator it = db.newIterator()) {
            byte[] prefix = TOPIC_PREFIX.getBytes(StandardCharsets.UTF_8);
            for (it.seek(prefix); it.isValid(); it.next()) {
                String key = new String(it.key(), StandardCharsets.UTF_8);
                if (!key.startsWith(TOPIC_PREFIX)) {
                    break;
                }
                TopicInfo t = TopicInfo.decode(it.value());
                topics.put(t.name(), t);
            }
        }
        return topics;
    }

    public void putTopic(TopicInfo topic) {
        put(TOPIC_PREFIX + topic.name(), topic.encode());
    }

    public void deleteTopic(String name) {
        try {
            db.delete(syncWrites, (TOPIC_PREFIX + name).getBytes(StandardCharsets.UTF_8));
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot delete topic " + name + " from " + dir + ": " + e.getMessage(), e);
        }
    }

    private void put(String key, byte[] value) {
        try {
            db.put(syncWrites, key.getBytes(StandardCharsets.UTF_8), value);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write " + key + " to " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        syncWrites.close();
        db.close();
        options.close();
    }
}
