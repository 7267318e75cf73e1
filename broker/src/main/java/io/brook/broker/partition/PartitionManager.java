package io.brook.broker.partition;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.meta.LocalStore;
import io.brook.replication.control.PartitionAssignment;
import io.brook.replication.raft.Outbox;
import io.brook.replication.raft.RaftConfig;
import io.brook.replication.raft.RaftNode;
import io.brook.storage.CorruptSegmentException;
import io.brook.storage.DamagedFileException;
import io.brook.storage.DurableFiles;
import io.brook.storage.LogConfig;
import io.brook.storage.PartitionLog;
import io.brook.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partition replicas on this broker: creates, reconfigures, closes and deletes them (log plus
 * Raft node) on their owner threads, and runs the periodic Raft ticks, flushes and retention. Log
 * directories are {@code <data.dir>/logs/<topic>-<partition>}, each with a durable {@code topic.id}
 * file ({@link PartitionDirectory} says what happens when it is missing, damaged or of another
 * topic); deleted replicas are renamed {@code *.deleted} and removed in the background.
 */
public final class PartitionManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionManager.class);
    /** Election timeouts a new group's other replicas wait, beyond their own, for the preferred one to campaign. */
    static final int PREFERRED_HEAD_START_ELECTIONS = 5;
    /**
     * How long, in election timeouts, a new group's other replicas wait at most for its preferred replica
     * while the preferred one's broker is live ({@link RaftNode#deferElectionTo}).
     */
    static final int PREFERRED_WAIT_ELECTIONS = 60;

    /** How a replica sends its Raft messages, and what the broker knows of its peers' liveness. */
    @FunctionalInterface
    public interface RaftSender {
        void send(int to, String topic, int partition, String topicId, io.brook.replication.raft.RaftMessage m);

        /**
         * Called by the ticker every tick, before the log threads are asked to tick their groups; returns
         * whether a peer's liveness changed since the last call (the log threads then unpark their groups).
         */
        default boolean beforeTicks() {
            return false;
        }

        /** Tells every peer this broker replicates with that it is alive (once per tick, while the log threads tick). */
        default void ping() {
        }

        /** Whether {@code broker} was heard from lately (quiescent partitions wait for a live leader only). */
        default boolean isLive(int broker) {
            return false;
        }
    }

    private final BrokerConfig config;
    private final Path logsDir;
    private final LongSupplier clock;
    private final LocalStore store;
    private final RaftSender sender;
    private final RaftConfig raftConfig;
    private final Consumer<Partition> onRoleChange;
    private final LogThread[] threads;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    /** The same replicas by topic, for walks over one topic's replicas (the groups topic's, each tick). */
    private final Map<String, Set<Partition>> byTopic = new ConcurrentHashMap<>();
    /**
     * Deletions of replicas whose files may still be on disk: a new replica of the same partition (the
     * topic deleted and created again) opens its directory only after they completed.
     */
    private final Map<TopicPartition, CompletableFuture<Void>> deleting = new ConcurrentHashMap<>();
    private volatile Partition metadata;
    private final ScheduledExecutorService ticker;
    /** Fsyncs the logs of a burst side by side ({@code log.flush.threads}), or {@code null} for one after another. */
    private final ExecutorService fsyncPool;
    /**
     * Creates or recovers the files of replicas being opened, and closes them at shutdown, side by side
     * (same size as the fsync pool): a new topic's thousands of replicas each need several fsyncs, which
     * one after another on a log thread took minutes and stalled its Raft traffic meanwhile.
     */
    private final ExecutorService openPool;
    private final LeaderBalancer leaderBalancer;
    private final ReplicaMover replicaMover;
    private volatile boolean shuttingDown;

    public PartitionManager(BrokerConfig config, LongSupplier clock, LocalStore store, RaftSender sender, Runnable afterBurst,
                            RaftConfig raftConfig, Consumer<Partition> onRoleChange) {
        this.config = config;
        this.clock = clock;
        this.store = store;
        this.sender = sender;
        this.raftConfig = raftConfig;
        this.onRoleChange = onRoleChange;
        this.logsDir = config.dataDir().resolve("logs");
        DurableFiles.createDirectories(logsDir);
        int n = config.threads(BrokerConfig.LOG_THREADS);
        int flushThreads = config.getInt(BrokerConfig.LOG_FLUSH_THREADS);
        this.fsyncPool = flushThreads > 1 ? Executors.newFixedThreadPool(flushThreads, daemonThreads("brook-fsync-")) : null;
        this.openPool = Executors.newFixedThreadPool(flushThreads, daemonThreads("brook-open-"));
        this.threads = new LogThread[n];
        for (int i = 0; i < n; i++) {
            threads[i] = new LogThread("brook-log-" + i, clock, afterBurst, store,
                    config.getLong(BrokerConfig.PRODUCER_ID_EXPIRATION_MS), fsyncPool);
            // idle groups need a tick only once per election timeout (see RaftNode.park)
            threads[i].parkEvery(raftConfig.electionTimeoutTicks());
            threads[i].start();
        }
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "brook-log-ticker");
            t.setDaemon(true);
            return t;
        });
        long tickMs = config.getLong(BrokerConfig.RAFT_TICK_MS);
        long flushMs = config.getLong(BrokerConfig.LOG_FLUSH_INTERVAL_MS);
        long retentionMs = config.getLong(BrokerConfig.LOG_RETENTION_CHECK_INTERVAL_MS);
        long stalledNanos = TimeUnit.MILLISECONDS.toNanos(3 * tickMs);
        ticker.scheduleAtFixedRate(() -> {
            boolean livenessChanged = sender.beforeTicks();
            each(t -> t.requestTick(livenessChanged));
            if (!shuttingDown && ticking(stalledNanos)) {
                sender.ping();
            }
        }, tickMs, tickMs, TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(() -> each(t -> t.execute(t::flushOwned)), flushMs, flushMs, TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(() -> each(t -> t.execute(t::retainOwned)), retentionMs, retentionMs, TimeUnit.MILLISECONDS);
        this.leaderBalancer = new LeaderBalancer(clock, config.getLong(BrokerConfig.LEADER_REBALANCE_GRACE_MS),
                config.getInt(BrokerConfig.LEADER_REBALANCE_MAX_TRANSFERS));
        if (config.getBoolean(BrokerConfig.LEADER_REBALANCE_ENABLED)) {
            long rebalanceMs = config.getLong(BrokerConfig.LEADER_REBALANCE_INTERVAL_MS);
            ticker.scheduleWithFixedDelay(this::checkLeaderBalance, rebalanceMs, rebalanceMs, TimeUnit.MILLISECONDS);
        }
        long moveCheckMs = config.getLong(BrokerConfig.REPLICA_MOVE_CHECK_INTERVAL_MS);
        this.replicaMover = new ReplicaMover(clock, tickMs, moveCheckMs * 5);
        ticker.scheduleWithFixedDelay(this::checkMoves, moveCheckMs, moveCheckMs, TimeUnit.MILLISECONDS);
        cleanDeletedDirs();
    }

    /**
     * Whether every log thread ran a tick within {@code nanos}: only then does the broker tell its peers
     * it is alive, so that a stuck log thread lets the followers of its quiescent partitions elect.
     */
    private boolean ticking(long nanos) {
        long now = System.nanoTime();
        for (LogThread t : threads) {
            if (now - t.lastTickNanos() >= nanos) {
                return false;
            }
        }
        return true;
    }

    private void checkMoves() {
        if (!shuttingDown) {
            try {
                replicaMover.check(p -> partitions.get(p.id()) == p);
            } catch (IllegalStateException stopped) {
                // a log thread is gone: the broker is stopping
            } catch (RuntimeException e) {
                LOG.error("Checking replica moves failed", e);
            }
        }
    }

    /**
     * Where the leaders of moved partitions report that the committed configuration is the move's
     * target: {@code reporter} gets the partition, the target replicas, the leader and its term.
     */
    public void onMoveCompleted(MoveCompletionReporter reporter) {
        replicaMover.reporter(reporter);
    }

    /** Tells the controller that a partition's move is complete (see {@link #onMoveCompleted}). */
    @FunctionalInterface
    public interface MoveCompletionReporter {
        void completed(Partition p, List<Integer> replicas, int leaderId, int term);
    }

    private void each(Consumer<LogThread> action) {
        for (LogThread t : threads) {
            try {
                action.accept(t);
            } catch (IllegalStateException stopped) {
                // shutting down
            }
        }
    }

    private void cleanDeletedDirs() {
        try (Stream<Path> dirs = Files.list(logsDir)) {
            for (Path d : dirs.toList()) {
                if (d.getFileName().toString().endsWith(".deleted")) {
                    deleteRecursively(d);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + logsDir, e);
        }
    }

    /** From now on, tells {@code observer} how long each log fsync took (nanoseconds), on the log threads. */
    public void observeFsyncs(java.util.function.LongConsumer observer) {
        for (LogThread t : threads) {
            t.observeFsyncs(observer);
        }
    }

    public Partition get(String topic, int partition) {
        return partitions.get(new TopicPartition(topic, partition));
    }

    public Collection<Partition> all() {
        return partitions.values();
    }

    /** This broker's replicas of {@code topic} (not the metadata partition), without walking the others. */
    public List<Partition> ofTopic(String topic) {
        Set<Partition> s = byTopic.get(topic);
        return s == null ? List.of() : List.copyOf(s);
    }

    public Path logDir(TopicPartition tp) {
        return logsDir.resolve(tp.topic() + "-" + tp.partition());
    }

    private LogThread ownerOf(TopicPartition tp) {
        return threads[Math.floorMod(tp.hashCode(), threads.length)];
    }

    /**
     * Makes sure this broker runs a replica of the partition with these voters (opening or creating
     * its log). A replica of another topic id under the same name is removed first.
     *
     * @param campaign start an election at once if this is a new, empty group's preferred leader
     */
    public CompletableFuture<Void> ensureReplica(String topic, String topicId, int partition, List<Integer> replicas,
                                                 LogConfig logConfig, boolean campaign) {
        TopicPartition tp = new TopicPartition(topic, partition);
        Partition existing = partitions.get(tp);
        if (existing != null && existing.topicId().equals(topicId) && (existing.log() != null || existing.offlineReason() != null)) {
            return CompletableFuture.completedFuture(null);
        }
        // a replica still being opened has no topic id yet: compare the one it was created for, or every image
        // that arrives while thousands of new replicas open would delete and create them again
        CompletableFuture<Void> removed = existing != null && !existing.createdFor().equals(topicId)
                ? deleteReplica(tp) : CompletableFuture.completedFuture(null);
        return removed.thenCompose(v -> open(tp, topicId, replicas, logConfig, campaign));
    }

    private CompletableFuture<Void> open(TopicPartition tp, String topicId, List<Integer> replicas, LogConfig logConfig, boolean campaign) {
        LogThread owner = ownerOf(tp);
        Partition p = partitions.computeIfAbsent(tp, k -> {
            Partition created = new Partition(k, owner, topicId);
            byTopic.compute(k.topic(), (t, set) -> {
                Set<Partition> s = set != null ? set : ConcurrentHashMap.newKeySet();
                s.add(created);
                return s;
            });
            return created;
        });
        CompletableFuture<Void> deletion = deleting.get(tp);
        if (deletion != null) {
            return deletion.handle((v, e) -> null).thenCompose(v -> open(p, topicId, null, replicas, logConfig, campaign));
        }
        return open(p, topicId, null, replicas, logConfig, campaign);
    }

    /**
     * Opens the controller's metadata partition (see {@link MetadataPartition}): a Raft group of the
     * controller voters over the log in {@code dir}, driven like any partition but invisible to clients
     * ({@link #get} and {@link #all} do not return it) and to the replica reconciliation.
     *
     * @param groupId the id its Raft messages carry (peers drop messages of another id)
     * @return the partition, open, or offline with the reason (a damaged log)
     */
    public CompletableFuture<MetadataPartition> openMetadata(Path dir, String groupId, List<Integer> voters, LogConfig logConfig) {
        if (metadata != null) {
            throw new IllegalStateException("the metadata partition is already open");
        }
        TopicPartition tp = new TopicPartition(MetadataPartition.NAME, 0);
        Partition p = new Partition(tp, ownerOf(tp), groupId);
        metadata = p;
        return open(p, groupId, dir, voters, logConfig, true).thenApply(v -> new MetadataPartition(p));
    }

    /** The partition that Raft messages for {@code topic}-{@code partition} go to (the metadata partition included). */
    public Partition raftTarget(String topic, int partition) {
        Partition m = metadata;
        if (m != null && m.id().partition() == partition && m.id().topic().equals(topic)) {
            return m;
        }
        return get(topic, partition);
    }

    /** Every replica on this broker, the metadata partition included. */
    private List<Partition> everything() {
        List<Partition> all = new ArrayList<>(partitions.values());
        Partition m = metadata;
        if (m != null) {
            all.add(m);
        }
        return all;
    }

    private CompletableFuture<Void> open(Partition p, String topicId, Path fixedDir, List<Integer> replicas, LogConfig logConfig,
                                         boolean campaign) {
        LogThread owner = p.owner();
        CompletableFuture<Void> done = new CompletableFuture<>();
        owner.execute(() -> {
            if (p.log() != null || p.offlineReason() != null) {
                done.complete(null);
                return;
            }
            CompletableFuture<Void> opening = p.opening();
            if (opening != null) {
                opening.whenComplete((v, e) -> done.complete(null)); // asked again while its files are being opened
                return;
            }
            p.opening(done);
            // the files (directory, topic id, log recovery: blocking I/O and fsyncs) are opened on the open pool,
            // side by side with other replicas; the Raft node is then built on the owner thread
            openPool.execute(() -> {
                PartitionLog log = null;
                RuntimeException failure = null;
                try {
                    Path dir = fixedDir != null ? createDirectories(fixedDir) : prepareDir(p.id(), topicId);
                    log = PartitionLog.open(dir, logConfig, clock);
                } catch (RuntimeException e) {
                    failure = e;
                }
                PartitionLog opened = log;
                RuntimeException failed = failure;
                Runnable finish = () -> {
                    try {
                        if (failed != null) {
                            throw failed;
                        }
                        start(p, opened, topicId, replicas, campaign);
                    } catch (CorruptSegmentException | DamagedFileException e) {
                        LOG.error("Partition {} is offline: {}", p.id(), e.getMessage());
                        p.failedToOpen(topicId, e.getMessage());
                    } catch (RuntimeException e) {
                        LOG.error("Partition {} failed to open", p.id(), e);
                        p.failedToOpen(topicId, String.valueOf(e.getMessage()));
                    } finally {
                        p.opening(null);
                        done.complete(null);
                    }
                };
                try {
                    owner.execute(finish);
                } catch (IllegalStateException stopped) { // the broker is closing: its log thread is gone
                    if (opened != null) {
                        opened.close();
                    }
                    done.complete(null);
                }
            });
        });
        return done;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + next.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }

    /** Owner thread: builds the Raft node of a replica whose log is open, and starts driving it. */
    private void start(Partition p, PartitionLog log, String topicId, List<Integer> replicas, boolean campaign) {
        TopicPartition tp = p.id();
        LogThread owner = p.owner();
        if (p != metadata && partitions.get(tp) != p) {
            log.close(); // deleted while its files were being opened
            return;
        }
        int me = config.brokerId();
        // a replica being added (not among the group's voters yet) is part of a replicated group too
        boolean replicated = replicas.size() > 1 || !replicas.contains(me);
        AckMark mark = replicated ? AckMark.open(store, topicId, tp, log.dir(), log.logEndOffset()) : null;
        RaftHardState hard = new RaftHardState(store, topicId, tp.partition(), mark, owner);
        Outbox outbox = (to, m) -> owner.send(m, () -> sender.send(to, tp.topic(), tp.partition(), topicId, m));
        ReplicaLog replicaLog = new ReplicaLog(p, log, me, mark);
        RaftNode node = new RaftNode(me, replicas, raftConfig, replicaLog, hard, outbox, p.listener(),
                System.nanoTime() ^ tp.hashCode());
        node.setPeerLiveness(sender::isLive);
        node.setTickClock(owner::tickClock);
        p.ackMark(mark);
        p.opened(log, node, topicId, replicas, p == metadata ? q -> { } : onRoleChange);
        owner.own(p);
        if (mark != null && mark.end() < log.flushedOffset()) {
            replicaLog.requestFlush(); // records what recovery kept as acknowledgeable, at the end of this burst
        }
        boolean fresh = log.logEndOffset() == 0 && hard.load().term() == 0;
        if (replicas.size() == 1 || (campaign && fresh && replicas.get(0) == me)) {
            node.campaign();
        } else if (campaign && fresh) {
            // a new group: give its preferred replica, which campaigns as soon as its broker has
            // opened it, a head start, so that it leads from the start and the leader balancer has
            // nothing to move (brokers open thousands of new replicas at different speeds)
            node.delayElection(PREFERRED_HEAD_START_ELECTIONS * raftConfig.electionTimeoutTicks());
            // and, while the preferred replica's broker is heard from, wait for it however long
            // that broker takes to open its share of a large topic (up to a bound)
            node.deferElectionTo(replicas.get(0), PREFERRED_WAIT_ELECTIONS * raftConfig.electionTimeoutTicks());
        }
    }

    private static Path createDirectories(Path dir) {
        DurableFiles.createDirectories(dir);
        return dir;
    }

    /** The replica's directory, holding a durable {@code topic.id}: see {@link PartitionDirectory}. */
    private Path prepareDir(TopicPartition tp, String topicId) {
        return PartitionDirectory.prepare(logDir(tp), tp, topicId, clock);
    }

    /** Records the metadata's assignment (replicas, move target) on the local replica, if it exists. */
    void assign(String topic, String topicId, PartitionAssignment a) {
        Partition p = get(topic, a.partition());
        if (p != null && p.topicId().equals(topicId)) {
            p.assign(a.replicas(), a.targetReplicas(), a.moveThrottleBytesPerSec());
            replicaMover.assigned(p);
        }
    }

    /** Applies a topic's (changed) configuration to its local replicas. */
    public CompletableFuture<Void> reconfigure(String topic, int partitionCount, LogConfig logConfig) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < partitionCount; i++) {
            Partition p = get(topic, i);
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

    /** Stops and deletes a replica: its log directory (renamed, then removed) and its Raft state. */
    public CompletableFuture<Void> deleteReplica(TopicPartition tp) {
        Partition p = partitions.remove(tp);
        if (p != null) {
            byTopic.computeIfPresent(tp.topic(), (t, set) -> {
                set.remove(p);
                return set.isEmpty() ? null : set;
            });
        }
        if (p == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        deleting.put(tp, done);
        done.whenComplete((v, e) -> deleting.remove(tp, done));
        p.owner().execute(() -> deleteOpened(p, tp, done));
        return done;
    }

    /** Owner thread: {@link #deleteReplica}'s work, once the replica's files are no longer being opened. */
    private void deleteOpened(Partition p, TopicPartition tp, CompletableFuture<Void> done) {
        CompletableFuture<Void> opening = p.opening();
        if (opening != null) {
            opening.whenComplete((v, e) -> p.owner().execute(() -> deleteOpened(p, tp, done)));
            return;
        }
        try {
            p.owner().disown(p);
            PartitionLog log = p.log();
            String topicId = p.topicId();
            p.closed();
            p.wakeWaiters();
            if (log != null) {
                log.close();
            }
            deleteFiles(tp, topicId);
            done.complete(null);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    /**
     * The partitions whose log directories lie in {@code logs/}, running here or not (not the ones being
     * deleted or set aside as orphans).
     */
    public List<TopicPartition> onDisk() {
        List<TopicPartition> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(logsDir)) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                int dash = name.lastIndexOf('-');
                if (!Files.isDirectory(d) || name.endsWith(".deleted") || name.contains(".orphan-") || dash <= 0) {
                    continue;
                }
                try {
                    out.add(new TopicPartition(name.substring(0, dash), Integer.parseInt(name.substring(dash + 1))));
                } catch (NumberFormatException notAPartition) {
                    // not a partition directory
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + logsDir, e);
        }
        return out;
    }

    /**
     * Deletes a replica this broker holds on disk but does not run (its log directory and Raft state), if
     * its directory belongs to the topic incarnation {@code topicId}: a replica that a move took away while
     * the broker was down, which the metadata no longer names, so it is never opened and {@link
     * #deleteReplica} never sees it. Does nothing when the partition runs here or the directory's topic id
     * differs or cannot be read.
     */
    public CompletableFuture<Void> deleteStray(TopicPartition tp, String topicId) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ownerOf(tp).execute(() -> {
            try {
                Path dir = logDir(tp);
                if (partitions.containsKey(tp) || !Files.isDirectory(dir)) {
                    done.complete(null);
                    return;
                }
                TopicIdFile.Contents id;
                try {
                    id = TopicIdFile.read(dir);
                } catch (DamagedFileException e) {
                    done.complete(null);
                    return;
                }
                if (!topicId.equals(id.topicId())) {
                    done.complete(null);
                    return;
                }
                LOG.info("Deleting replica {}: the metadata no longer names this broker (moved away while it was down)", tp);
                deleteFiles(tp, topicId);
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Owner thread: a closed replica's Raft state and log directory (renamed, then removed in the background). */
    private void deleteFiles(TopicPartition tp, String topicId) {
        new RaftHardState(store, topicId, tp.partition()).delete();
        AckMark.delete(store, topicId, tp.partition());
        Path dir = logDir(tp);
        if (Files.exists(dir)) {
            Path gone = dir.resolveSibling(dir.getFileName() + "." + clock.getAsLong() + ".deleted");
            DurableFiles.rename(dir, gone);
            ticker.execute(() -> deleteRecursively(gone));
        }
    }

    private void checkLeaderBalance() {
        if (!shuttingDown) {
            leaderBalancer.check(partitions.values());
        }
    }

    /**
     * Moves the leadership of every partition this broker leads back to its preferred leader now
     * where that broker is caught up (see {@link LeaderBalancer#rebalanceNow}); with {@code dryRun}
     * only reports what it would move.
     */
    public CompletableFuture<List<LeaderBalancer.Move>> rebalanceLeaders(boolean dryRun) {
        return leaderBalancer.rebalanceNow(partitions.values(), dryRun);
    }

    /**
     * Hands leadership of every partition this broker leads to its most caught-up follower, and
     * waits (up to {@code timeoutMs}) until it leads none.
     */
    public void transferLeadership(long timeoutMs) {
        for (Partition p : everything()) {
            try {
                p.owner().execute(() -> {
                    RaftNode r = p.raft();
                    if (r != null && r.isLeader() && r.voters().size() > 1) {
                        int best = -1;
                        long bestMatch = -1;
                        for (Map.Entry<Integer, Long> e : r.followerMatchEnds().entrySet()) {
                            if (e.getValue() > bestMatch) {
                                best = e.getKey();
                                bestMatch = e.getValue();
                            }
                        }
                        if (best >= 0) {
                            r.transferLeadership(best);
                        }
                    }
                });
            } catch (IllegalStateException stopped) {
                // its thread is already gone
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline && leadsReplicatedPartitions()) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean leadsReplicatedPartitions() {
        for (Partition p : everything()) {
            if (p.isLeader() && p.replicas().size() > 1) {
                return true;
            }
        }
        return false;
    }

    /**
     * The broker is shutting down: from now on waiting fetches answer with what they have, and those
     * waiting now are woken, so that none holds the graceful shutdown until its max wait runs out.
     */
    public void beginShutdown() {
        shuttingDown = true;
        for (Partition p : partitions.values()) {
            try {
                p.owner().execute(p::wakeWaiters);
            } catch (IllegalStateException stopped) {
                // its thread is already gone, and so are its waiters
            }
        }
    }

    /** Whether {@link #beginShutdown()} was called. */
    public boolean shuttingDown() {
        return shuttingDown;
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

    /**
     * Takes every replica out of service on its owner thread, closes its log (flushing it and writing
     * its indexes, checkpoint and producer snapshot durably) on the open pool, side by side, then stops
     * the threads. One log after another on the owner threads took 20 s of a controlled shutdown with
     * 10,000 replicas (several fsyncs each).
     */
    @Override
    public void close() {
        ticker.shutdownNow();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Partition p : everything()) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            try {
                p.owner().execute(() -> {
                    PartitionLog log = p.log();
                    try {
                        p.closed();
                        p.wakeWaiters();
                    } catch (RuntimeException e) {
                        LOG.error("Closing {} failed", p.id(), e);
                    }
                    if (log == null) {
                        done.complete(null);
                        return;
                    }
                    // the owner thread no longer touches the log once the replica is closed
                    closeLog(p, log, done);
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
        if (fsyncPool != null) {
            fsyncPool.shutdown();
        }
        openPool.shutdown();
    }

    private void closeLog(Partition p, PartitionLog log, CompletableFuture<Void> done) {
        Runnable close = () -> {
            try {
                log.close();
            } catch (RuntimeException e) {
                LOG.error("Closing {} failed", p.id(), e);
            }
            done.complete(null);
        };
        try {
            openPool.execute(close);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            close.run();
        }
    }
}
