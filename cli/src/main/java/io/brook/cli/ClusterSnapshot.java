package io.brook.cli;

import io.brook.protocol.message.ApiVersionsResponse;
import io.brook.protocol.message.BrokerInfo;
import io.brook.protocol.message.DescribeTopicsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.MetadataResponse;
import io.brook.protocol.message.PartitionDescription;
import io.brook.protocol.message.PartitionMetadata;
import io.brook.protocol.message.ReplicaState;
import io.brook.protocol.message.TopicDescription;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code brook cluster status} shows, gathered by asking every broker for itself: who it is
 * (ApiVersions), its view of the cluster (Metadata), and its topics with offsets (DescribeTopics).
 * A partition's offsets and replica progress come from its leader's own answer, the only broker
 * that knows every replica's match end; its metadata from the leader too, else from the answer
 * with the highest leader term.
 *
 * @param clusterId empty when no broker answered
 * @param controllerId -1 when unknown
 */
record ClusterSnapshot(String clusterId, int controllerId, List<Broker> brokers, List<PartitionState> partitions) {

    /**
     * A broker: known from the record of {@code cluster up}, the bootstrap list or a broker's metadata.
     *
     * @param id -1 when it never answered and nothing else names it
     * @param pid the recorded pid when {@code cluster up} started it and it still runs, else -1
     * @param recorded whether {@code cluster up} started it
     * @param problem why it did not answer; empty when alive
     */
    record Broker(int id, String host, int port, boolean alive, long pid, boolean recorded, String problem) {

        String address() {
            return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    /**
     * One replica's progress as its leader reports it.
     *
     * @param matchEnd -1 when the leader does not know it
     * @param lag the leader's log end minus {@code matchEnd}; -1 when unknown
     */
    record ReplicaLag(int brokerId, long matchEnd, long lag) {}

    /**
     * A partition.
     *
     * @param inSyncReplicas as the partition's leader reports it; {@code null} when the leader did
     *     not answer: a follower cannot know which replicas are in sync (its metadata lists them all)
     * @param highWatermark -1 when no leader answered
     * @param logEndOffset the leader's log end; -1 when no leader answered
     * @param reportedBy the broker whose answer the offsets come from (the leader), or -1
     */
    record PartitionState(String topic, int partition, int leader, int leaderTerm, List<Integer> replicas,
                          List<Integer> inSyncReplicas, long highWatermark, long logEndOffset, int reportedBy,
                          List<ReplicaLag> replicaLag) {}

    /** A place to ask, before anyone answered. */
    record Seed(int id, String host, int port, long pid, boolean recorded) {}

    long aliveCount() {
        return brokers.stream().filter(Broker::alive).count();
    }

    /** Whether the broker with this id answered. */
    boolean alive(int brokerId) {
        return brokerId >= 0 && brokers.stream().anyMatch(b -> b.id() == brokerId && b.alive());
    }

    /**
     * Whether the controller the metadata names answered: after it stops, the others keep naming it
     * until the voters elect another (or for good, when too few voters are left to elect one).
     */
    boolean controllerAlive() {
        return alive(controllerId);
    }

    /** Asks every seed and every broker the answers name; never throws for an unreachable broker. */
    static ClusterSnapshot gather(List<Seed> seeds, ClusterWire wire) {
        Map<String, Seed> byAddress = new LinkedHashMap<>();
        for (Seed s : seeds) {
            byAddress.putIfAbsent(s.host() + ":" + s.port(), s);
        }
        Map<String, Broker> probed = new LinkedHashMap<>();
        Map<Integer, MetadataResponse> metadataById = new HashMap<>();
        List<MetadataResponse> metadata = new ArrayList<>();
        // the answers may name brokers we have not asked yet: ask until nothing new turns up
        boolean more = true;
        while (more) {
            more = false;
            for (Seed s : List.copyOf(byAddress.values())) {
                String key = s.host() + ":" + s.port();
                if (probed.containsKey(key)) {
                    continue;
                }
                Broker b = probe(s, wire, metadata, metadataById);
                probed.put(key, b);
                for (MetadataResponse m : metadata) {
                    for (BrokerInfo info : m.getBrokersList()) {
                        String k = info.getHost() + ":" + info.getPort();
                        if (!byAddress.containsKey(k)) {
                            byAddress.put(k, new Seed(info.getId(), info.getHost(), info.getPort(), -1, false));
                            more = true;
                        }
                    }
                }
            }
        }
        MetadataResponse view = pickView(metadata, metadataById);
        List<Broker> brokers = dedupe(probed.values(), view);
        Map<Integer, DescribeTopicsResponse> topicsById = new TreeMap<>();
        for (Broker b : brokers) {
            if (b.alive()) {
                try {
                    topicsById.put(b.id(), wire.describeAllTopics(b.host(), b.port()));
                } catch (IOException e) {
                    // it answered a moment ago: show the brokers anyway, with what the others said
                }
            }
        }
        return new ClusterSnapshot(view == null ? "" : view.getClusterId(), view == null ? -1 : view.getControllerId(),
                brokers, partitions(topicsById));
    }

    private static Broker probe(Seed s, ClusterWire wire, List<MetadataResponse> metadata, Map<Integer, MetadataResponse> byId) {
        try {
            ApiVersionsResponse who = wire.apiVersions(s.host(), s.port());
            MetadataResponse m = wire.metadata(s.host(), s.port());
            metadata.add(m);
            byId.put(who.getBrokerId(), m);
            return new Broker(who.getBrokerId(), s.host(), s.port(), true, s.pid(), s.recorded(), "");
        } catch (IOException e) {
            return new Broker(s.id(), s.host(), s.port(), false, s.pid(), s.recorded(), ErrorHandler.message(e));
        }
    }

    /** The controller's own metadata if it answered, else the first answer; null when none. */
    private static MetadataResponse pickView(List<MetadataResponse> all, Map<Integer, MetadataResponse> byId) {
        for (MetadataResponse m : all) {
            if (m.getControllerId() >= 0 && byId.containsKey(m.getControllerId())) {
                return byId.get(m.getControllerId());
            }
        }
        return all.isEmpty() ? null : all.get(0);
    }

    /**
     * One row per broker: the same broker reached under two names (a bootstrap alias) is shown
     * once; a broker that never answered gets its id from the metadata when its address is listed.
     */
    private static List<Broker> dedupe(java.util.Collection<Broker> probed, MetadataResponse view) {
        Map<String, Integer> idByAddress = new HashMap<>();
        Map<Integer, BrokerInfo> advertised = new HashMap<>();
        if (view != null) {
            for (BrokerInfo info : view.getBrokersList()) {
                idByAddress.put(info.getHost() + ":" + info.getPort(), info.getId());
                advertised.put(info.getId(), info);
            }
        }
        Map<String, Broker> out = new LinkedHashMap<>();
        for (Broker b : probed) {
            int id = b.id() >= 0 ? b.id() : idByAddress.getOrDefault(b.host() + ":" + b.port(), -1);
            BrokerInfo a = advertised.get(id);
            // shown under the address the cluster advertises, not a bootstrap alias of it
            Broker fixed = new Broker(id, a == null ? b.host() : a.getHost(), a == null ? b.port() : a.getPort(), b.alive(),
                    b.pid(), b.recorded(), b.problem());
            String key = id >= 0 ? "id:" + id : "addr:" + b.address();
            Broker prev = out.get(key);
            out.put(key, prev == null ? fixed : better(fixed, prev) ? merge(fixed, prev) : merge(prev, fixed));
        }
        List<Broker> list = new ArrayList<>(out.values());
        list.sort(Comparator.comparingInt((Broker b) -> b.id() < 0 ? Integer.MAX_VALUE : b.id()).thenComparing(Broker::address));
        return list;
    }

    private static boolean better(Broker candidate, Broker current) {
        return (candidate.alive() && !current.alive()) || (candidate.recorded() && !current.recorded());
    }

    /** Keeps the recorded pid whichever entry wins. */
    private static Broker merge(Broker winner, Broker other) {
        long pid = winner.pid() >= 0 ? winner.pid() : other.pid();
        return new Broker(winner.id(), winner.host(), winner.port(), winner.alive() || other.alive(), pid,
                winner.recorded() || other.recorded(), winner.alive() ? "" : winner.problem());
    }

    /** Every partition of every answer, merged as the class comment says; by topic, then partition. */
    static List<PartitionState> partitions(Map<Integer, DescribeTopicsResponse> answers) {
        // topic -> partition -> answers from each broker
        Map<String, Map<Integer, List<PartitionDescription>>> all = new TreeMap<>();
        for (DescribeTopicsResponse r : answers.values()) {
            for (TopicDescription t : r.getTopicsList()) {
                if (t.getErrorCode() != ErrorCode.NONE) {
                    continue;
                }
                for (PartitionDescription p : t.getPartitionsList()) {
                    all.computeIfAbsent(t.getName(), k -> new TreeMap<>())
                            .computeIfAbsent(p.getMetadata().getPartition(), k -> new ArrayList<>()).add(p);
                }
            }
        }
        List<PartitionState> out = new ArrayList<>();
        all.forEach((topic, parts) -> parts.forEach((partition, descriptions) -> out.add(merge(topic, partition, descriptions))));
        return out;
    }

    private static PartitionState merge(String topic, int partition, List<PartitionDescription> answers) {
        PartitionDescription fromLeader = null;
        PartitionDescription newest = answers.get(0);
        for (PartitionDescription p : answers) {
            PartitionMetadata m = p.getMetadata();
            if (m.getLeaderTerm() > newest.getMetadata().getLeaderTerm()) {
                newest = p;
            }
            if (p.getReplicasCount() > 0 && p.getReportedBy() >= 0 && p.getReportedBy() == m.getLeaderId()
                    && (fromLeader == null || m.getLeaderTerm() > fromLeader.getMetadata().getLeaderTerm())) {
                fromLeader = p;
            }
        }
        PartitionMetadata m = (fromLeader != null ? fromLeader : newest).getMetadata();
        List<ReplicaLag> lags = new ArrayList<>();
        Map<Integer, Long> match = new HashMap<>();
        if (fromLeader != null) {
            for (ReplicaState r : fromLeader.getReplicasList()) {
                match.put(r.getBrokerId(), r.getMatchEnd());
            }
        }
        for (int replica : m.getReplicasList()) {
            long end = match.getOrDefault(replica, -1L);
            long lag = fromLeader == null || end < 0 ? -1 : Math.max(0, fromLeader.getLogEndOffset() - end);
            lags.add(new ReplicaLag(replica, end, lag));
        }
        return new PartitionState(topic, partition, m.getLeaderId(), m.getLeaderTerm(), m.getReplicasList(),
                fromLeader == null ? null : m.getInSyncReplicasList(), fromLeader == null ? -1 : fromLeader.getHighWatermark(),
                fromLeader == null ? -1 : fromLeader.getLogEndOffset(), fromLeader == null ? -1 : fromLeader.getReportedBy(), lags);
    }
}
