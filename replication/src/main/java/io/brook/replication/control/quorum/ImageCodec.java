package io.brook.replication.control.quorum;

import io.brook.replication.control.BrokerRegistration;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.PartitionAssignment;
import io.brook.replication.control.StoredCredential;
import io.brook.replication.control.TopicImage;
import io.brook.replication.control.acl.AclBinding;
import io.brook.replication.control.acl.AclCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The body of a {@link MetadataImage}, shared by the query answer ({@link CommandCodec}) and the snapshot
 * ({@link MetadataSnapshot}), which carry the format version. Fields as {@link WireIo} writes them;
 * brokers ascending by id, topics by name, configs by key, partitions by number (implicit), so equal
 * images encode to equal bytes.
 *
 * <pre>
 * int64  version
 * int64  nowMs
 * int32  brokerCount
 *   int32 id, string host, int32 port, string rack, int64 lastHeartbeatMs   (brokerCount times)
 * int32  topicCount
 *   string name, string id, int32 replicationFactor                          (topicCount times)
 *   int32 configCount, then configCount x (string key, string value)
 *   int32 partitionCount, then partitionCount x
 *     (int32 leader, int32 leaderTerm, int32 replicaCount, replicaCount x int32 brokerId)
 * since version 2 of the enclosing format:
 * int64  nextProducerId
 * int32  blockCount
 *   int32 brokerId, int64 firstIdOfItsNewestBlock                            (blockCount times)
 * since version 3:
 * int32  peerCount (= brokerCount)
 *   int32 id, string peerHost, int32 peerPort                               (peerCount times, ascending id)
 * since version 4:
 * int32  userCount
 *   string name, int32 credentialCount, credentialCount x
 *     (string mechanism, int32 length, credential bytes)                    (users by name, mechanisms by name)
 * int32  length, then the ACL bindings in creation order ({@code AclCodec})
 * since version 5:
 * int32  moveCount (partitions with a replica move in progress, by topic name, then partition)
 *   string topic, int32 partition, int32 targetCount, targetCount x int32 brokerId,
 *   int64 throttleBytesPerSec                                               (moveCount times)
 * </pre>
 * Version 1 (without the producer ids) reads as an image in which no producer id was allocated; before
 * version 5 no partition is moving.
 * A broker without a heartbeat entry (never produced by the state machine) is written with
 * lastHeartbeatMs -1 and read back without one.
 */
final class ImageCodec {

    static final int MAX_BROKERS = 100_000;
    static final int MAX_TOPICS = 1_000_000;
    static final int MAX_CONFIGS = 10_000;
    static final int MAX_REPLICAS = 1_000;
    static final int MAX_USERS = 1_000_000;

    private ImageCodec() {
    }

    /** Writes the body of the newest version (5). */
    static void write(DataOutputStream out, MetadataImage image) throws IOException {
        out.writeLong(image.version());
        out.writeLong(image.nowMs());
        Map<Integer, BrokerRegistration> brokers = new TreeMap<>(image.brokers());
        out.writeInt(brokers.size());
        for (BrokerRegistration b : brokers.values()) {
            out.writeInt(b.id());
            WireIo.writeString(out, b.host());
            out.writeInt(b.port());
            WireIo.writeString(out, b.rack());
            out.writeLong(image.lastHeartbeatMs().getOrDefault(b.id(), -1L));
        }
        Map<String, TopicImage> topics = new TreeMap<>(image.topics());
        out.writeInt(topics.size());
        for (TopicImage t : topics.values()) {
            WireIo.writeString(out, t.name());
            WireIo.writeString(out, t.id());
            out.writeInt(t.replicationFactor());
            Map<String, String> configs = new TreeMap<>(t.configs());
            out.writeInt(configs.size());
            for (Map.Entry<String, String> e : configs.entrySet()) {
                WireIo.writeString(out, e.getKey());
                WireIo.writeString(out, e.getValue());
            }
            out.writeInt(t.partitions().size());
            for (int p = 0; p < t.partitions().size(); p++) {
                PartitionAssignment a = t.partitions().get(p);
                if (a.partition() != p) {
                    throw new IllegalArgumentException("topic " + t.name() + " has partition " + a.partition() + " at " + p);
                }
                out.writeInt(a.leader());
                out.writeInt(a.leaderTerm());
                out.writeInt(a.replicas().size());
                for (int b : a.replicas()) {
                    out.writeInt(b);
                }
            }
        }
        out.writeLong(image.nextProducerId());
        Map<Integer, Long> blocks = new TreeMap<>(image.producerIdBlocks());
        out.writeInt(blocks.size());
        for (Map.Entry<Integer, Long> e : blocks.entrySet()) {
            out.writeInt(e.getKey());
            out.writeLong(e.getValue());
        }
        out.writeInt(brokers.size());
        for (BrokerRegistration b : brokers.values()) {
            out.writeInt(b.id());
            WireIo.writeString(out, b.peerHost());
            out.writeInt(b.peerPort());
        }
        Map<String, Map<String, StoredCredential>> users = new TreeMap<>(image.users());
        out.writeInt(users.size());
        for (Map.Entry<String, Map<String, StoredCredential>> u : users.entrySet()) {
            WireIo.writeString(out, u.getKey());
            Map<String, StoredCredential> byMechanism = new TreeMap<>(u.getValue());
            out.writeInt(byMechanism.size());
            for (StoredCredential c : byMechanism.values()) {
                WireIo.writeString(out, c.mechanism());
                WireIo.writeBytes(out, c.bytes());
            }
        }
        WireIo.writeBytes(out, AclCodec.encode(image.acls()));
        writeMoves(out, topics);
    }

    private static void writeMoves(DataOutputStream out, Map<String, TopicImage> sortedTopics) throws IOException {
        List<TopicImage> topicOf = new ArrayList<>();
        List<PartitionAssignment> moving = new ArrayList<>();
        for (TopicImage t : sortedTopics.values()) {
            for (PartitionAssignment a : t.partitions()) {
                if (a.moving()) {
                    topicOf.add(t);
                    moving.add(a);
                }
            }
        }
        out.writeInt(moving.size());
        for (int i = 0; i < moving.size(); i++) {
            PartitionAssignment a = moving.get(i);
            WireIo.writeString(out, topicOf.get(i).name());
            out.writeInt(a.partition());
            CommandCodec.writeIds(out, a.targetReplicas());
            out.writeLong(a.moveThrottleBytesPerSec());
        }
    }

    /** Reads the moves of a version 5 body into {@code topics} (read before them, without moves). */
    private static void readMoves(DataInputStream in, Map<String, TopicImage> topics) throws IOException {
        int count = WireIo.readCount(in, CommandCodec.MAX_MOVES, "move count");
        for (int i = 0; i < count; i++) {
            String name = WireIo.readString(in);
            int partition = in.readInt();
            List<Integer> target = CommandCodec.readIds(in);
            long throttle = in.readLong();
            TopicImage t = topics.get(name);
            if (t == null || partition < 0 || partition >= t.partitions().size() || target.isEmpty() || throttle < 0) {
                throw new IOException("move of partition " + partition + " of topic '" + name + "' to " + target
                        + " at " + throttle + " B/s does not fit the image");
            }
            List<PartitionAssignment> partitions = new ArrayList<>(t.partitions());
            PartitionAssignment a = partitions.get(partition);
            partitions.set(partition, new PartitionAssignment(partition, a.replicas(), a.leader(), a.leaderTerm(), target, throttle));
            topics.put(name, new TopicImage(name, t.id(), t.replicationFactor(), t.configs(), partitions));
        }
    }

    /**
     * Reads a body of {@code formatVersion} (1 to 5) of the enclosing format; before version 3 a broker's
     * peer address is its client address, before version 4 there are no users and no ACLs, before 5 no moves.
     */
    static MetadataImage read(DataInputStream in, int formatVersion) throws IOException {
        long version = in.readLong();
        long nowMs = in.readLong();
        int brokerCount = WireIo.readCount(in, MAX_BROKERS, "broker count");
        Map<Integer, BrokerRegistration> brokers = new HashMap<>();
        Map<Integer, Long> heartbeats = new HashMap<>();
        for (int i = 0; i < brokerCount; i++) {
            int id = in.readInt();
            String host = WireIo.readString(in);
            int port = in.readInt();
            String rack = WireIo.readString(in);
            long heartbeat = in.readLong();
            brokers.put(id, new BrokerRegistration(id, host, port, rack));
            if (heartbeat != -1) {
                heartbeats.put(id, heartbeat);
            }
        }
        int topicCount = WireIo.readCount(in, MAX_TOPICS, "topic count");
        Map<String, TopicImage> topics = new HashMap<>();
        for (int i = 0; i < topicCount; i++) {
            String name = WireIo.readString(in);
            String id = WireIo.readString(in);
            int replicationFactor = in.readInt();
            int configCount = WireIo.readCount(in, MAX_CONFIGS, "config count");
            Map<String, String> configs = new HashMap<>();
            for (int c = 0; c < configCount; c++) {
                configs.put(WireIo.readString(in), WireIo.readString(in));
            }
            int partitionCount = WireIo.readCount(in, MetadataState.MAX_PARTITIONS, "partition count");
            List<PartitionAssignment> partitions = new ArrayList<>(partitionCount);
            for (int p = 0; p < partitionCount; p++) {
                int leader = in.readInt();
                int leaderTerm = in.readInt();
                int replicaCount = WireIo.readCount(in, MAX_REPLICAS, "replica count");
                List<Integer> replicas = new ArrayList<>(replicaCount);
                for (int r = 0; r < replicaCount; r++) {
                    replicas.add(in.readInt());
                }
                partitions.add(new PartitionAssignment(p, replicas, leader, leaderTerm));
            }
            topics.put(name, new TopicImage(name, id, replicationFactor, configs, partitions));
        }
        if (formatVersion < 2) {
            return new MetadataImage(version, brokers, heartbeats, topics, nowMs);
        }
        long nextProducerId = in.readLong();
        int blockCount = WireIo.readCount(in, MAX_BROKERS, "producer id block count");
        Map<Integer, Long> blocks = new HashMap<>();
        for (int i = 0; i < blockCount; i++) {
            blocks.put(in.readInt(), in.readLong());
        }
        if (formatVersion >= 3) {
            int peerCount = WireIo.readCount(in, MAX_BROKERS, "peer address count");
            for (int i = 0; i < peerCount; i++) {
                int id = in.readInt();
                String peerHost = WireIo.readString(in);
                int peerPort = in.readInt();
                BrokerRegistration b = brokers.get(id);
                if (b == null) {
                    throw new IOException("peer address of broker " + id + ", which is not in the image");
                }
                brokers.put(id, new BrokerRegistration(id, b.host(), b.port(), b.rack(), peerHost, peerPort));
            }
        }
        if (formatVersion < 4) {
            return new MetadataImage(version, brokers, heartbeats, topics, nowMs, nextProducerId, blocks);
        }
        int userCount = WireIo.readCount(in, MAX_USERS, "user count");
        Map<String, Map<String, StoredCredential>> users = new HashMap<>();
        for (int i = 0; i < userCount; i++) {
            String name = WireIo.readString(in);
            int credentials = WireIo.readCount(in, MAX_CONFIGS, "credential count");
            Map<String, StoredCredential> byMechanism = new HashMap<>();
            for (int c = 0; c < credentials; c++) {
                String mechanism = WireIo.readString(in);
                byMechanism.put(mechanism, new StoredCredential(mechanism, WireIo.readBytes(in)));
            }
            users.put(name, byMechanism);
        }
        List<AclBinding> acls = CommandCodec.readAcls(in);
        if (formatVersion >= 5) {
            readMoves(in, topics);
        }
        return new MetadataImage(version, brokers, heartbeats, topics, nowMs, nextProducerId, blocks, users, acls);
    }
}
