package io.brook.broker.coordinator;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.partition.AppendResult;
import io.brook.broker.partition.Partition;
import io.brook.broker.partition.PartitionManager;
import io.brook.broker.partition.TopicPartition;
import io.brook.protocol.GroupIds;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatchBuilder;
import io.brook.replication.control.TopicImage;
import io.brook.storage.PartitionLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group coordinator of this broker: the single owner of every group it coordinates. One thread
 * ("group-coordinator") holds a {@link GroupShard} per {@code __groups} partition this broker leads,
 * and runs every request, timer and load on it; handlers reach it through {@link #call}.
 *
 * <p>Leadership: the partition's owner thread reports role changes ({@link #onRoleChange}); a new
 * leader's shard loads once the commit end passes its leader marker (so everything below is
 * committed), by replaying the partition ({@link ShardLoader}). A lost leadership, or a failed append,
 * unloads the shard; a new load follows when this broker leads again and its appends have settled.
 *
 * <p>Persistence: {@link #persist} appends a change's records to the shard's partition through the
 * leader's normal append path with acks=all, and completes once they are committed and fsynced.
 * Once {@code groups.snapshot.interval.records} records (and at least as many as the last snapshot
 * held) followed the last snapshot, the shard's groups are appended as a snapshot
 * ({@link ShardSnapshot}), and {@link SnapshotRetention} lets every replica delete the segments
 * below it: a load replays about one segment, the snapshot and what followed it.
 */
public final class CoordinatorService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorService.class);
    private static final long TICK_MS = 100;
    private static final long APPEND_TIMEOUT_MS = 30_000;

    /** A request could not be served here; the code tells the client what to do. */
    static final class CoordinatorException extends RuntimeException {
        final ErrorCode code;

        CoordinatorException(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private final BrokerConfig config;
    private final PartitionManager partitions;
    private final GroupsTopic groupsTopic;
    private final LongSupplier clock;
    private final ScheduledExecutorService thread;
    private final Map<Integer, GroupShard> shards = new HashMap<>();
    private final Set<Integer> probing = new HashSet<>();
    private final GroupTimers timers;
    private final SnapshotRetention retention = new SnapshotRetention();
    private volatile boolean closed;

    public CoordinatorService(BrokerConfig config, PartitionManager partitions, GroupsTopic groupsTopic,
                              Function<String, Integer> topicPartitions, LongSupplier clock) {
        this.config = config;
        this.partitions = partitions;
        this.groupsTopic = groupsTopic;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "group-coordinator");
            t.setDaemon(true);
            return t;
        });
        this.timers = new GroupTimers(this, config, topicPartitions);
        thread.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    BrokerConfig config() {
        return config;
    }

    long now() {
        return clock.getAsLong();
    }

    /** Runs {@code work} on the coordinator thread; its future's outcome (or failure) is the answer. */
    <T> CompletableFuture<T> call(Function<CoordinatorService, CompletableFuture<T>> work) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    work.apply(this).whenComplete((v, t) -> {
                        if (t != null) {
                            answer.completeExceptionally(t);
                        } else {
                            answer.complete(v);
                        }
                    });
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            answer.completeExceptionally(new CoordinatorException(ErrorCode.BROKER_SHUTTING_DOWN, "broker is shutting down"));
        }
        return answer;
    }

    /** The partition of {@code __groups} that holds {@code groupId}, or empty if the topic does not exist yet (it is then created). */
    int partitionOf(String groupId) {
        TopicImage t = groupsTopic.getOrCreate();
        if (t == null) {
            throw new CoordinatorException(ErrorCode.COORDINATOR_NOT_AVAILABLE, GroupIds.GROUPS_TOPIC + " is being created; retry");
        }
        return GroupIds.partitionFor(groupId, t.partitions().size());
    }

    /** Coordinator thread: the loaded shard that holds {@code groupId}, or a CoordinatorException saying why not. */
    GroupShard shardOf(String groupId) {
        int partition = partitionOf(groupId);
        GroupShard shard = shards.get(partition);
        if (shard == null || !shard.stillLeading()) {
            throw new CoordinatorException(ErrorCode.NOT_COORDINATOR, "broker " + config.brokerId() + " does not coordinate group '"
                    + groupId + "' (" + GroupIds.GROUPS_TOPIC + "-" + partition + "); find its coordinator again");
        }
        if (!shard.loaded) {
            throw new CoordinatorException(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, "the groups of " + GroupIds.GROUPS_TOPIC + "-"
                    + partition + " are being loaded; retry");
        }
        return shard;
    }

    /** Coordinator thread: every loaded shard. */
    List<GroupShard> loadedShards() {
        List<GroupShard> out = new ArrayList<>();
        for (GroupShard s : shards.values()) {
            if (s.loaded && s.stillLeading()) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * A copy of every group of the loaded shards, taken on the coordinator thread (for the metrics, at
     * scrape time). Fails like {@link #call} once the coordinator stops.
     */
    public CompletableFuture<List<GroupSummary>> summaries() {
        return call(s -> {
            List<GroupSummary> out = new ArrayList<>();
            for (GroupShard shard : s.loadedShards()) {
                for (CoordinatedGroup g : shard.groups.values()) {
                    Map<TopicPartition, Long> committed = new HashMap<>();
                    g.offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
                    out.add(new GroupSummary(g.groupId, g.state(), g.coordinator.state().members().size(), committed));
                }
            }
            return CompletableFuture.completedFuture(out);
        });
    }

    /**
     * Coordinator thread: appends {@code records} to the shard's partition (acks=all). The future
     * completes on this thread once they are committed, or fails with NOT_COORDINATOR after unloading
     * the shard (its memory may be ahead of the log). Nothing to append: waits for the earlier appends.
     */
    CompletableFuture<Void> persist(GroupShard shard, List<GroupRecords.Encoded> records) {
        if (records.isEmpty()) {
            return shard.lastAppend;
        }
        shard.sinceSnapshot += records.size();
        return append(shard, records);
    }

    private CompletableFuture<Void> append(GroupShard shard, List<GroupRecords.Encoded> records) {
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 256);
        long now = now();
        for (GroupRecords.Encoded r : records) {
            builder.append(now, r.key(), r.value());
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Partition p = shard.partition;
        p.owner().append(p, builder.build(), true, now + APPEND_TIMEOUT_MS, result -> onThread(() -> appended(shard, result, done)));
        shard.lastAppend = done;
        return done;
    }

    private void appended(GroupShard shard, AppendResult result, CompletableFuture<Void> done) {
        if (result.error() == ErrorCode.NONE) {
            done.complete(null);
            return;
        }
        if (shards.get(shard.partition.id().partition()) == shard) {
            LOG.warn("An append to {} failed ({} {}); its groups are unloaded until they are loaded again from the log",
                    shard.partition.id(), result.error(), result.message());
            unload(shard);
            probe(shard.partition);
        }
        done.completeExceptionally(new CoordinatorException(ErrorCode.NOT_COORDINATOR, "the change could not be recorded in "
                + shard.partition.id() + " (" + result.error() + ": " + result.message() + "); find the coordinator and retry"));
    }

    private void onThread(Runnable r) {
        try {
            thread.execute(r);
        } catch (RejectedExecutionException e) {
            LOG.debug("Coordinator stopped; dropped {}", r);
        }
    }

    /**
     * Called on the partition's owner thread when a replica of {@code __groups} changes role: a leader
     * records its log end (past its leader marker) for the load to wait for.
     */
    public void onRoleChange(Partition p) {
        if (!p.id().topic().equals(GroupIds.GROUPS_TOPIC)) {
            return;
        }
        PartitionLog log = p.log();
        boolean leader = p.isLeader() && log != null;
        int term = p.leaderTerm();
        long end = leader ? log.logEndOffset() : -1;
        onThread(() -> roleChanged(p, leader, term, end));
    }

    private void roleChanged(Partition p, boolean leader, int term, long end) {
        int id = p.id().partition();
        probing.remove(id);
        GroupShard current = shards.get(id);
        if (current != null && (!leader || current.term != term || current.partition != p)) {
            unload(current);
            current = null;
        }
        if (leader && current == null && p.isLeader() && p.leaderTerm() == term) {
            shards.put(id, new GroupShard(p, term, end));
            maybeLoad(shards.get(id));
        }
    }

    /** Asks the partition's owner thread for its role, after its queued appends have run. */
    private void probe(Partition p) {
        if (probing.add(p.id().partition())) {
            try {
                p.owner().execute(() -> onRoleChange(p));
            } catch (IllegalStateException e) {
                probing.remove(p.id().partition());
            }
        }
    }

    private void maybeLoad(GroupShard shard) {
        if (shard.loaded || !shard.stillLeading() || shard.partition.highWatermark() < shard.loadAfter) {
            return;
        }
        PartitionLog log = shard.partition.log();
        if (log == null) {
            return;
        }
        long hw = shard.partition.highWatermark();
        try {
            ShardLoader.Loaded loaded = ShardLoader.load(log, hw, config.getInt(BrokerConfig.GROUP_SESSION_TIMEOUT_MS), now());
            shard.groups.putAll(loaded.groups());
            shard.sinceSnapshot = loaded.recordsSinceSnapshot();
            shard.snapshotRecords = loaded.snapshotRecords();
            shard.loaded = true;
        } catch (RuntimeException e) {
            LOG.error("Loading the groups of {} failed; they stay unavailable on this broker", shard.partition.id(), e);
        }
    }

    /**
     * Coordinator thread: appends a snapshot of the shard's groups once enough records followed the last
     * one. Skipped while a group has events not yet turned into records (the snapshot would hold a
     * state whose records follow it), and, with a warning, when it would not fit in one batch.
     */
    private void maybeSnapshot(GroupShard shard) {
        if (shard.sinceSnapshot < Math.max(config.getInt(BrokerConfig.GROUPS_SNAPSHOT_INTERVAL_RECORDS), shard.snapshotRecords)) {
            return;
        }
        for (CoordinatedGroup g : shard.groups.values()) {
            if (g.coordinator.hasPendingEvents()) {
                return;
            }
        }
        List<GroupRecords.Encoded> records = ShardSnapshot.of(shard.groups.values(), now());
        long bytes = 0;
        for (GroupRecords.Encoded r : records) {
            bytes += r.key().length + r.value().length + 16;
        }
        shard.sinceSnapshot = 0;
        shard.snapshotRecords = records.size() - 1;
        int max = config.getInt(BrokerConfig.LOG_MAX_BATCH_BYTES);
        if (bytes > max) {
            LOG.warn("A snapshot of the {} group(s) of {} would take about {} bytes, more than one batch may ({}, {}): not written;"
                    + " its log keeps growing and a new coordinator replays all of it", shard.groups.size(), shard.partition.id(),
                    bytes, BrokerConfig.LOG_MAX_BATCH_BYTES, max);
            return;
        }
        LOG.info("Writing a snapshot of {} group(s) of {} ({} records, about {} bytes)", shard.groups.size(), shard.partition.id(),
                records.size(), bytes);
        append(shard, records);
    }

    private void unload(GroupShard shard) {
        shards.remove(shard.partition.id().partition(), shard);
        if (shard.loaded) {
            LOG.info("Unloaded {} group(s) of {}", shard.groups.size(), shard.partition.id());
        }
    }

    private void tick() {
        if (closed) {
            return;
        }
        try {
            for (GroupShard shard : List.copyOf(shards.values())) {
                if (!shard.stillLeading() || partitions.get(GroupIds.GROUPS_TOPIC, shard.partition.id().partition()) != shard.partition) {
                    unload(shard);
                } else if (!shard.loaded) {
                    maybeLoad(shard);
                }
            }
            List<Partition> replicas = partitions.ofTopic(GroupIds.GROUPS_TOPIC);
            for (Partition p : replicas) {
                if (p.isLeader() && !shards.containsKey(p.id().partition())) {
                    probe(p);
                }
            }
            List<GroupShard> loaded = loadedShards();
            timers.tick(loaded, now());
            for (GroupShard shard : loaded) {
                maybeSnapshot(shard);
            }
            retention.tick(replicas);
        } catch (RuntimeException e) {
            LOG.error("Group coordinator tick failed", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.shutdownNow();
    }
}
