package io.brook.broker.partition;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.config.TopicConfig;
import io.brook.broker.meta.TopicInfo;
import io.brook.storage.CorruptSegmentException;
import io.brook.storage.LogConfig;
import io.brook.storage.PartitionLog;
import io.brook.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partition replicas on this broker: opens, reconfigures, closes and deletes their logs on their
 * owner threads, and runs the periodic flush and retention. Log directories are
 * {@code <data.dir>/logs/<topic>-<partition>}; deleted ones are renamed {@code *.deleted} and removed
 * in the background; at startup, directories of unknown topics are renamed {@code *.orphan-<time>} so
 * that a new topic of the same name never adopts old data.
 */
public final class PartitionManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionManager.class);

    private final BrokerConfig config;
    private final Path logsDir;
    private final LongSupplier clock;
    private final LogThread[] threads;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;

    public PartitionManager(BrokerConfig config, LongSupplier clock) {
        this.config = config;
        this.clock = clock;
        this.logsDir = config.dataDir().resolve("logs");
        try {
            Files.createDirectories(logsDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logsDir, e);
        }
        int n = config.threads(BrokerConfig.LOG_THREADS);
        this.threads = new LogThread[n];
        for (int i = 0; i < n; i++) {
            threads[i] = new LogThread("brook-log-" + i, clock);
            threads[i].start();
        }
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "brook-log-ticker");
            t.setDaemon(true);
            return t;
        });
        long flushMs = config.getLong(BrokerConfig.LOG_FLUSH_INTERVAL_MS);
        long retentionMs = config.getLong(BrokerConfig.LOG_RETENTION_CHECK_INTERVAL_MS);
        ticker.scheduleWithFixedDelay(() -> each(t -> t.execute(t::flushOwned)), flushMs, flushMs, TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(() -> each(t -> t.execute(t::retainOwned)), retentionMs, retentionMs, TimeUnit.MILLISECONDS);
    }

    private void each(java.util.function.Consumer<LogThread> action) {
        for (LogThread t : threads) {
            try {
                action.accept(t);
            } catch (IllegalStateException stopped) {
                // shutting down
            }
        }
    }

    /** Renames log directories that belong to no known topic out of the way (never deletes them). */
    public void quarantineOrphans(Map<String, TopicInfo> topics) {
        try (Stream<Path> dirs = Files.list(logsDir)) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                if (name.endsWith(".deleted")) {
                    deleteRecursively(d);
                    continue;
                }
                if (name.contains(".orphan-")) {
                    continue;
                }
                int dash = name.lastIndexOf('-');
                boolean known = false;
                if (dash > 0) {
                    TopicInfo t = topics.get(name.substring(0, dash));
                    try {
                        int p = Integer.parseInt(name.substring(dash + 1));
                        known = t != null && p >= 0 && p < t.partitions();
                    } catch (NumberFormatException e) {
                        known = false;
                    }
                }
                if (!known) {
                    Path target = d.resolveSibling(name + ".orphan-" + clock.getAsLong());
                    LOG.warn("Log directory {} belongs to no known topic; moved to {}", d, target);
                    Files.move(d, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + logsDir, e);
        }
    }

    public Partition get(String topic, int partition) {
        return partitions.get(new TopicPartition(topic, partition));
    }

    public Path logDir(TopicPartition tp) {
        return logsDir.resolve(tp.topic() + "-" + tp.partition());
    }

    private LogThread ownerOf(TopicPartition tp) {
        return threads[Math.floorMod(tp.hashCode(), threads.length)];
    }

    /**
     * Opens (creating if needed) the logs of partitions {@code from} (inclusive) to the topic's
     * partition count. A partition whose log cannot be opened (corruption) is registered offline
     * and the others open normally.
     */
    public CompletableFuture<Void> openPartitions(TopicInfo topic, int from) {
        LogConfig logConfig = TopicConfig.toLogConfig(topic.configs(), config);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = from; i < topic.partitions(); i++) {
            TopicPartition tp = new TopicPartition(topic.name(), i);
            LogThread owner = ownerOf(tp);
            Partition p = partitions.computeIfAbsent(tp, k -> new Partition(k, owner));
            CompletableFuture<Void> done = new CompletableFuture<>();
            owner.execute(() -> {
                try {
                    if (p.log() == null) {
                        p.opened(PartitionLog.open(logDir(tp), logConfig, clock));
                        owner.own(p);
                    }
                } catch (CorruptSegmentException e) {
                    LOG.error("Partition {} is offline: {}", tp, e.getMessage());
                    p.offline(e.getMessage());
                } catch (RuntimeException e) {
                    LOG.error("Partition {} failed to open", tp, e);
                    p.offline(String.valueOf(e.getMessage()));
                }
                done.complete(null);
            });
            all.add(done);
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture[0]));
    }

    /** Applies a topic's (changed) configuration to its open logs. */
    public CompletableFuture<Void> reconfigure(TopicInfo topic) {
        LogConfig logConfig = TopicConfig.toLogConfig(topic.configs(), config);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < topic.partitions(); i++) {
            Partition p = get(topic.name(), i);
            if (p == null) {
                continue;
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            p.owner().execute(() -> {
                PartitionLog log = p.log();
                if (log != null) {
                    log.reconfigure(logConfig);
                }
                done.complete(null);
            });
            all.add(done);
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture[0]));
    }

    /** Closes and deletes every partition of a topic (directories renamed, then removed). */
    public CompletableFuture<Void> deletePartitions(String topic, int count) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TopicPartition tp = new TopicPartition(topic, i);
            Partition p = partitions.remove(tp);
            if (p == null) {
                continue;
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            p.owner().execute(() -> {
                try {
                    p.owner().disown(p);
                    PartitionLog log = p.log();
                    p.closed();
                    p.wakeWaiters();
                    if (log != null) {
                        log.close();
                    }
                    Path dir = logDir(tp);
                    if (Files.exists(dir)) {
                        Path gone = dir.resolveSibling(dir.getFileName() + "." + clock.getAsLong() + ".deleted");
                        Files.move(dir, gone);
                        ticker.execute(() -> deleteRecursively(gone));
                    }
                    done.complete(null);
                } catch (IOException | RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
            all.add(done);
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture[0]));
    }

    static void markOffline(Partition p, StorageException e) {
        LOG.error("Partition {} is offline after a storage failure", p.id(), e);
        PartitionLog log = p.log();
        p.offline(e.getMessage());
        p.wakeWaiters();
        if (log != null) {
            try {
                log.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }

    /** Closes every log (flushing it) on its owner thread, then stops the threads. */
    @Override
    public void close() {
        ticker.shutdownNow();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Partition p : partitions.values()) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            try {
                p.owner().execute(() -> {
                    try {
                        PartitionLog log = p.log();
                        p.closed();
                        p.wakeWaiters();
                        if (log != null) {
                            log.close();
                        }
                    } catch (RuntimeException e) {
                        LOG.error("Closing {} failed", p.id(), e);
                    }
                    done.complete(null);
                });
                all.add(done);
            } catch (IllegalStateException stopped) {
                // its thread is already gone
            }
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).orTimeout(60, TimeUnit.SECONDS).exceptionally(t -> null).join();
        for (LogThread t : threads) {
            t.close();
        }
    }
}
