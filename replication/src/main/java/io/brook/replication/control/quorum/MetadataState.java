package io.brook.replication.control.quorum;

import io.brook.replication.control.BrokerRegistration;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.MetadataResult;
import io.brook.replication.control.MetadataResult.Error;
import io.brook.replication.control.PartitionAssignment;
import io.brook.replication.control.StoredCredential;
import io.brook.replication.control.TopicImage;
import io.brook.replication.control.acl.AclBinding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The controller's replicated state machine: brokers, their last heartbeat, topics with
 * their replica assignments and reported leaders, and a version that increases with every change.
 *
 * <p>Deterministic: the outcome of {@link #apply} depends only on the state, the command and the log
 * entry's timestamp, so every controller replica computes the same state. The state's clock is the
 * largest entry timestamp seen (entries from a new leader may carry an older wall clock). Refused and
 * validate-only commands change nothing, not even the version.
 *
 * <p>Not thread-safe: owned by the metadata log's owner thread ({@link MetadataApplier}).
 */
final class MetadataState {

    /** The most partitions one topic may have. */
    static final int MAX_PARTITIONS = 10_000;

    /** The outcome of one command and the state's version after it. */
    record Applied(MetadataResult result, long version) {
    }

    private final TreeMap<Integer, BrokerRegistration> brokers = new TreeMap<>();
    private final TreeMap<Integer, Long> heartbeats = new TreeMap<>();
    private final TreeMap<String, TopicImage> topics = new TreeMap<>();
    private final TreeMap<Integer, Long> producerIdBlocks = new TreeMap<>();
    private final TreeMap<String, TreeMap<String, StoredCredential>> users = new TreeMap<>();
    private final LinkedHashSet<AclBinding> acls = new LinkedHashSet<>();
    private long nextProducerId;
    private long version;
    private long clockMs;
    private long versionTimeMs;
    private int topicRotation;
    private MetadataImage image = MetadataImage.EMPTY;

    MetadataState() {
    }

    /** The state a snapshot describes (see {@link MetadataSnapshot}). */
    static MetadataState restore(MetadataImage image, long clockMs, int topicRotation) {
        MetadataState s = new MetadataState();
        s.brokers.putAll(image.brokers());
        s.heartbeats.putAll(image.lastHeartbeatMs());
        s.topics.putAll(image.topics());
        s.producerIdBlocks.putAll(image.producerIdBlocks());
        image.users().forEach((name, byMechanism) -> s.users.put(name, new TreeMap<>(byMechanism)));
        s.acls.addAll(image.acls());
        s.nextProducerId = image.nextProducerId();
        s.version = image.version();
        s.versionTimeMs = image.nowMs();
        s.clockMs = clockMs;
        s.topicRotation = topicRotation;
        s.image = image;
        return s;
    }

    /** The state at its current version (cached until the next change). */
    MetadataImage image() {
        if (image.version() != version) {
            image = new MetadataImage(version, brokers, heartbeats, topics, versionTimeMs, nextProducerId, producerIdBlocks,
                    new TreeMap<>(users), new ArrayList<>(acls));
        }
        return image;
    }

    long version() {
        return version;
    }

    /** The largest entry timestamp applied so far. */
    long clockMs() {
        return clockMs;
    }

    /** Where the next topic's first preferred leader sits among the sorted live brokers (mod their count). */
    int topicRotation() {
        return topicRotation;
    }

    Applied apply(MetadataCommand command, long entryTimestampMs) {
        clockMs = Math.max(clockMs, entryTimestampMs);
        MetadataResult r;
        if (command instanceof MetadataCommand.RegisterBroker c) {
            r = register(c);
        } else if (command instanceof MetadataCommand.Heartbeat c) {
            r = heartbeat(c);
        } else if (command instanceof MetadataCommand.CreateTopic c) {
            r = create(c);
        } else if (command instanceof MetadataCommand.DeleteTopic c) {
            r = delete(c);
        } else if (command instanceof MetadataCommand.AlterTopic c) {
            r = alter(c);
        } else if (command instanceof MetadataCommand.ReportLeader c) {
            r = reportLeader(c);
        } else if (command instanceof MetadataCommand.AllocateProducerIds c) {
            r = allocateProducerIds(c);
        } else if (command instanceof MetadataCommand.UpsertUser c) {
            users.computeIfAbsent(c.name(), n -> new TreeMap<>()).put(c.credential().mechanism(), c.credential());
            changed();
            r = MetadataResult.OK;
        } else if (command instanceof MetadataCommand.DeleteUser c) {
            r = deleteUser(c);
        } else if (command instanceof MetadataCommand.CreateAcls c) {
            r = acls.addAll(c.acls()) ? changedOk() : MetadataResult.OK;
        } else if (command instanceof MetadataCommand.DeleteAcls c) {
            r = acls.removeAll(c.acls()) ? changedOk() : MetadataResult.OK;
        } else if (command instanceof MetadataCommand.ReassignPartitions c) {
            r = reassign(c);
        } else if (command instanceof MetadataCommand.CompleteReassignment c) {
            r = completeReassignment(c);
        } else {
            throw new IllegalArgumentException("unknown command " + command);
        }
        return new Applied(r, version);
    }

    private MetadataResult register(MetadataCommand.RegisterBroker c) {
        BrokerRegistration b = c.broker();
        brokers.put(b.id(), b);
        heartbeats.put(b.id(), clockMs);
        changed();
        return MetadataResult.OK;
    }

    private MetadataResult heartbeat(MetadataCommand.Heartbeat c) {
        if (!brokers.containsKey(c.brokerId())) {
            return error(Error.UNKNOWN_BROKER, "Broker " + c.brokerId() + " is not registered; register it again.");
        }
        heartbeats.put(c.brokerId(), clockMs);
        changed();
        return MetadataResult.OK;
    }

    private MetadataResult create(MetadataCommand.CreateTopic c) {
        TopicImage existing = topics.get(c.name());
        if (existing != null) {
            return existing.id().equals(c.topicId())
                    ? MetadataResult.OK
                    : error(Error.TOPIC_ALREADY_EXISTS, "Topic '" + c.name() + "' already exists.");
        }
        if (c.partitions() < 1 || c.partitions() > MAX_PARTITIONS) {
            return error(Error.INVALID_PARTITION_COUNT, "Number of partitions must be between 1 and " + MAX_PARTITIONS
                    + ", got " + c.partitions() + ".");
        }
        List<Integer> live = liveBrokers(c.liveTimeoutMs());
        MetadataResult rf = checkReplicationFactor(c.replicationFactor(), live.size());
        if (rf != null || c.validateOnly()) {
            return rf != null ? rf : MetadataResult.OK;
        }
        int start = topicRotation++;
        List<List<Integer>> replicas = ReplicaAssigner.assign(live, racks(live), start, c.partitions(), c.replicationFactor(), Map.of());
        List<PartitionAssignment> partitions = new ArrayList<>(c.partitions());
        for (int p = 0; p < c.partitions(); p++) {
            partitions.add(new PartitionAssignment(p, replicas.get(p), -1, -1));
        }
        topics.put(c.name(), new TopicImage(c.name(), c.topicId(), c.replicationFactor(), c.configs(), partitions));
        changed();
        return MetadataResult.OK;
    }

    private MetadataResult delete(MetadataCommand.DeleteTopic c) {
        if (topics.remove(c.name()) == null) {
            return unknownTopic(c.name());
        }
        changed();
        return MetadataResult.OK;
    }

    private MetadataResult alter(MetadataCommand.AlterTopic c) {
        TopicImage t = topics.get(c.name());
        if (t == null) {
            return unknownTopic(c.name());
        }
        int current = t.partitions().size();
        List<Integer> live = List.of();
        if (c.partitions() != 0) {
            if (c.partitions() <= current || c.partitions() > MAX_PARTITIONS) {
                return error(Error.INVALID_PARTITION_COUNT, "Topic '" + c.name() + "' has " + current
                        + " partitions; the new count must be larger and at most " + MAX_PARTITIONS + ", got "
                        + c.partitions() + ".");
            }
            live = liveBrokers(c.liveTimeoutMs());
            MetadataResult rf = checkReplicationFactor(t.replicationFactor(), live.size());
            if (rf != null) {
                return rf;
            }
        }
        Map<String, String> configs = new TreeMap<>(t.configs());
        configs.putAll(c.set());
        c.delete().forEach(configs::remove);
        boolean configsChanged = !configs.equals(t.configs());
        if (c.validateOnly() || (c.partitions() == 0 && !configsChanged)) {
            return MetadataResult.OK;
        }
        List<PartitionAssignment> partitions = new ArrayList<>(t.partitions());
        if (c.partitions() != 0) {
            partitions.addAll(newPartitions(t, c.partitions() - current, live));
        }
        topics.put(c.name(), new TopicImage(t.name(), t.id(), t.replicationFactor(), configs, partitions));
        changed();
        return MetadataResult.OK;
    }

    /**
     * Continues the topic's leader rotation where partition 0's preferred leader sits among the live
     * brokers (so with an unchanged broker set new partitions follow the creation pattern), and balances
     * followers against the replicas the topic already has.
     */
    private List<PartitionAssignment> newPartitions(TopicImage t, int count, List<Integer> live) {
        int current = t.partitions().size();
        int firstLeader = t.partitions().get(0).replicas().get(0);
        int at = live.indexOf(firstLeader);
        int start = (at >= 0 ? at : topicRotation) + current;
        Map<Integer, Integer> load = new HashMap<>();
        for (PartitionAssignment p : t.partitions()) {
            p.replicas().forEach(b -> load.merge(b, 1, Integer::sum));
        }
        List<List<Integer>> replicas = ReplicaAssigner.assign(live, racks(live), start, count, t.replicationFactor(), load);
        List<PartitionAssignment> added = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            added.add(new PartitionAssignment(current + k, replicas.get(k), -1, -1));
        }
        return added;
    }

    private MetadataResult reportLeader(MetadataCommand.ReportLeader c) {
        TopicImage t = topics.get(c.topic());
        if (t == null) {
            return unknownTopic(c.topic());
        }
        if (c.partition() < 0 || c.partition() >= t.partitions().size()) {
            return error(Error.UNKNOWN_TOPIC, "Topic '" + c.topic() + "' has no partition " + c.partition() + ".");
        }
        PartitionAssignment p = t.partitions().get(c.partition());
        if (c.term() < p.leaderTerm()) {
            return new MetadataResult(Error.NONE, "Ignored: term " + c.term() + " is older than " + p.leaderTerm() + ".");
        }
        if (c.term() == p.leaderTerm() && c.leaderId() == p.leader()) {
            return MetadataResult.OK;
        }
        List<PartitionAssignment> partitions = new ArrayList<>(t.partitions());
        replacePartition(t, p.withLeader(c.leaderId(), c.term()));
        changed();
        return MetadataResult.OK;
    }

    /** Validates every move first (all or none), then records each; see {@link PartitionMoves}. */
    private MetadataResult reassign(MetadataCommand.ReassignPartitions c) {
        MetadataResult invalid = PartitionMoves.validate(c.moves(), topics, brokers.keySet());
        if (invalid != null || c.validateOnly()) {
            return invalid != null ? invalid : MetadataResult.OK;
        }
        boolean any = false;
        for (var m : c.moves()) {
            TopicImage t = topics.get(m.topic());
            PartitionAssignment p = t.partitions().get(m.partition());
            PartitionAssignment next = PartitionMoves.reassigned(p, m);
            if (!next.equals(p)) {
                replacePartition(t, next);
                any = true;
            }
        }
        return any ? changedOk() : MetadataResult.OK;
    }

    private MetadataResult completeReassignment(MetadataCommand.CompleteReassignment c) {
        TopicImage t = topics.get(c.topic());
        if (t == null || !t.id().equals(c.topicId()) || c.partition() < 0 || c.partition() >= t.partitions().size()) {
            return new MetadataResult(Error.NONE, "Ignored: topic '" + c.topic() + "' with id " + c.topicId()
                    + " and partition " + c.partition() + " does not exist.");
        }
        PartitionAssignment next = PartitionMoves.completed(t.partitions().get(c.partition()), c);
        if (next == null) {
            return new MetadataResult(Error.NONE, "Ignored: no move of partition " + c.partition() + " of topic '" + c.topic()
                    + "' to " + c.replicas() + " is in progress.");
        }
        replacePartition(t, next);
        return changedOk();
    }

    /** Stores {@code p} in place of the partition of the same number of {@code t}. */
    private void replacePartition(TopicImage t, PartitionAssignment p) {
        List<PartitionAssignment> partitions = new ArrayList<>(t.partitions());
        partitions.set(p.partition(), p);
        topics.put(t.name(), new TopicImage(t.name(), t.id(), t.replicationFactor(), t.configs(), partitions));
    }

    private MetadataResult allocateProducerIds(MetadataCommand.AllocateProducerIds c) {
        if (nextProducerId > Long.MAX_VALUE - MetadataImage.PRODUCER_ID_BLOCK_SIZE) {
            return error(Error.PRODUCER_IDS_EXHAUSTED, "Every producer id was given out.");
        }
        producerIdBlocks.put(c.brokerId(), nextProducerId);
        nextProducerId += MetadataImage.PRODUCER_ID_BLOCK_SIZE;
        changed();
        return MetadataResult.OK;
    }

    /** Registered brokers whose last heartbeat is at most {@code timeoutMs} old, ascending. */
    /** The registered rack of each of these brokers ("" for none). */
    private Map<Integer, String> racks(List<Integer> ids) {
        Map<Integer, String> racks = new HashMap<>();
        for (int id : ids) {
            BrokerRegistration b = brokers.get(id);
            racks.put(id, b == null ? "" : b.rack());
        }
        return racks;
    }

    List<Integer> liveBrokers(long timeoutMs) {
        List<Integer> live = new ArrayList<>();
        heartbeats.forEach((id, last) -> {
            if (clockMs - last <= timeoutMs) {
                live.add(id);
            }
        });
        return live;
    }

    private static MetadataResult checkReplicationFactor(int replicationFactor, int liveBrokers) {
        if (replicationFactor < 1) {
            return error(Error.INVALID_REPLICATION_FACTOR, "Replication factor must be at least 1, got "
                    + replicationFactor + ".");
        }
        if (replicationFactor > liveBrokers) {
            return error(Error.INVALID_REPLICATION_FACTOR, "Replication factor " + replicationFactor
                    + " is larger than the number of live brokers (" + liveBrokers + ").");
        }
        return null;
    }

    private MetadataResult deleteUser(MetadataCommand.DeleteUser c) {
        TreeMap<String, StoredCredential> byMechanism = users.get(c.name());
        if (byMechanism == null || (!c.mechanism().isEmpty() && !byMechanism.containsKey(c.mechanism()))) {
            return error(Error.USER_NOT_FOUND, "User '" + c.name() + "'" + (c.mechanism().isEmpty() ? "" : " has no " + c.mechanism()
                    + " credential") + (byMechanism == null ? " does not exist" : "") + ".");
        }
        if (c.mechanism().isEmpty()) {
            users.remove(c.name());
        } else {
            byMechanism.remove(c.mechanism());
            if (byMechanism.isEmpty()) {
                users.remove(c.name());
            }
        }
        changed();
        return MetadataResult.OK;
    }

    private MetadataResult changedOk() {
        changed();
        return MetadataResult.OK;
    }

    private void changed() {
        version++;
        versionTimeMs = clockMs;
    }

    private static MetadataResult unknownTopic(String name) {
        return error(Error.UNKNOWN_TOPIC, "Topic '" + name + "' does not exist.");
    }

    private static MetadataResult error(Error error, String message) {
        return new MetadataResult(error, message);
    }
}
