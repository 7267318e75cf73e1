package io.brook.broker.metrics;

import io.brook.broker.partition.Partition;
import io.brook.broker.partition.PartitionManager;
import io.brook.storage.PartitionLog;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Map;

/**
 * The state of this broker's partition replicas, read from the {@link PartitionManager} when scraped
 * (never updated on the hot path): per partition its log end, high watermark, size, Raft term, role
 * and, where this broker leads, each follower's lag; per broker the under-replicated and offline
 * counts. Reads only volatile fields and the log's thread-safe accessors, from the scraping thread.
 */
final class PartitionGauges {

    /** A replica's role as the {@code role} label gives it. */
    static String role(Partition p) {
        if (p.offlineReason() != null || p.log() == null) {
            return "offline";
        }
        if (p.isLeader()) {
            return "leader";
        }
        return p.leaderId() >= 0 ? "follower" : "candidate";
    }

    /** Whether a partition this broker leads has a follower behind the high watermark (the in-sync rule of describe). */
    static boolean underReplicated(Partition p) {
        if (!p.isLeader()) {
            return false;
        }
        long hw = p.highWatermark();
        int inSync = 0;
        for (long end : p.replicaProgress().values()) {
            if (end >= hw) {
                inSync++;
            }
        }
        return inSync < p.replicas().size() - 1;
    }

    private PartitionGauges() {
    }

    static void register(PrometheusRegistry registry, PartitionManager partitions) {
        perPartition(registry, partitions, "brook_partition_log_end_offset", null,
                "The offset the next record appended to this replica's log will get.", (p, log) -> log.logEndOffset());
        perPartition(registry, partitions, "brook_partition_high_watermark", null,
                "Offsets below it are committed and visible to consumers.", (p, log) -> p.highWatermark());
        perPartition(registry, partitions, "brook_partition_log_size_bytes", Unit.BYTES,
                "Bytes in this replica's segment files.", (p, log) -> log.sizeInBytes());
        perPartition(registry, partitions, "brook_partition_raft_term", null,
                "The Raft term of the last leader this replica learned of (-1: none yet).", (p, log) -> p.leaderTerm());
        GaugeWithCallback.builder().name("brook_partition_role")
                .help("1 for each replica on this broker, labelled with its role: leader, follower, candidate (no leader "
                        + "known: an election is running) or offline (storage failed or not open).")
                .labelNames("topic", "partition", "role")
                .callback(cb -> partitions.all().forEach(p -> cb.call(1, p.id().topic(), Integer.toString(p.id().partition()), role(p))))
                .register(registry);
        GaugeWithCallback.builder().name("brook_partition_follower_lag_records")
                .help("Partitions this broker leads: per follower, offsets between the leader's log end and the end of the "
                        + "follower's log known to match (the whole log while unknown).")
                .labelNames("topic", "partition", "follower")
                .callback(cb -> partitions.all().forEach(p -> {
                    PartitionLog log = p.log();
                    if (log == null || !p.isLeader()) {
                        return;
                    }
                    long end = log.logEndOffset();
                    for (Map.Entry<Integer, Long> e : p.replicaProgress().entrySet()) {
                        long lag = e.getValue() < 0 ? end - log.logStartOffset() : Math.max(0, end - e.getValue());
                        cb.call(lag, p.id().topic(), Integer.toString(p.id().partition()), Integer.toString(e.getKey()));
                    }
                }))
                .register(registry);
        GaugeWithCallback.builder().name("brook_partitions_under_replicated")
                .help("Partitions this broker leads with a follower behind the high watermark (out of sync).")
                .callback(cb -> cb.call(partitions.all().stream().filter(PartitionGauges::underReplicated).count()))
                .register(registry);
        GaugeWithCallback.builder().name("brook_partitions_quiescent")
                .help("Replicas on this broker whose Raft group is quiescent (idle: heartbeats every "
                        + "raft.quiescent.heartbeat.ticks instead of raft.heartbeat.ticks).")
                .callback(cb -> cb.call(partitions.all().stream().filter(Partition::isQuiescent).count()))
                .register(registry);
        GaugeWithCallback.builder().name("brook_partitions_offline")
                .help("Replicas on this broker whose partition has no leader they know of, or whose storage is offline.")
                .callback(cb -> cb.call(partitions.all().stream().filter(p -> p.leaderId() < 0 || p.log() == null).count()))
                .register(registry);
    }

    /** A per-partition value of a replica whose log is open. */
    private interface Reading {
        double of(Partition p, PartitionLog log);
    }

    private static void perPartition(PrometheusRegistry registry, PartitionManager partitions, String name, Unit unit, String help,
            Reading reading) {
        GaugeWithCallback.Builder b = GaugeWithCallback.builder().name(name).help(help).labelNames("topic", "partition");
        if (unit != null) {
            b.unit(unit);
        }
        b.callback(cb -> partitions.all().forEach(p -> {
            PartitionLog log = p.log();
            if (log == null) {
                return;
            }
            double value;
            try {
                value = reading.of(p, log);
            } catch (RuntimeException closedUnderUs) {
                return; // the replica closed (deleted, moved, shutting down) during the scrape: left out of this one
            }
            cb.call(value, p.id().topic(), Integer.toString(p.id().partition()));
        })).register(registry);
    }
}
