package io.brook.replication.control.quorum;

import io.brook.replication.control.BrokerRegistration;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.MetadataResult;
import io.brook.replication.control.MetadataResult.Error;
import io.brook.replication.control.Reassignment;
import io.brook.replication.control.StoredCredential;
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
 * The command, result and image bytes of the controller: commands as the metadata log's records carry
 * them ({@link MetadataRecords}) and as brokers forward them to the controller leader
 * ({@link ControlMessages}), results and image answers as the leader returns them. Fields as
 * {@link WireIo} writes them (big-endian; string = int32 length + UTF-8).
 * Every message starts with a format version byte, currently {@value #VERSION}; a reader reads versions 1
 * to {@value #VERSION} and refuses others. Fields are only ever appended, under a new version. Version 2 added the command
 * ALLOCATE_PRODUCER_IDS, the error PRODUCER_IDS_EXHAUSTED and the producer ids at the end of the image
 * body; version 3 the command REGISTER_BROKER_PEER (a registration with the broker's peer listener, which
 * writers now use instead of REGISTER_BROKER) and the peer addresses at the end of the image body;
 * version 4 the commands UPSERT_USER, DELETE_USER, CREATE_ACLS, DELETE_ACLS, the error USER_NOT_FOUND
 * and the users and ACLs at the end of the image body; version 5 the commands REASSIGN_PARTITIONS and
 * COMPLETE_REASSIGNMENT, the error INVALID_REPLICA_ASSIGNMENT and the replica moves at the end of the image
 * body; everything else is as in version 1.
 *
 * <p><b>Command batch</b> (forwarded to the leader; each command of it becomes one log record):
 * <pre>
 * int8   version = 1
 * int32  count (1..{@value #MAX_BATCH})
 * count x command:
 *   int8 type, then by type:
 *   1 REGISTER_BROKER  int32 id, string host, int32 port, string rack
 *   2 HEARTBEAT        int32 brokerId
 *   3 CREATE_TOPIC     string name, string topicId, int32 partitions, int32 replicationFactor,
 *                      int32 configCount, configCount x (string key, string value),
 *                      int8 validateOnly (0|1), int64 liveTimeoutMs
 *   4 DELETE_TOPIC     string name
 *   5 ALTER_TOPIC      string name, int32 partitions (new total, 0 = unchanged),
 *                      int32 setCount, setCount x (string key, string value),
 *                      int32 deleteCount, deleteCount x string key,
 *                      int8 validateOnly (0|1), int64 liveTimeoutMs
 *   6 REPORT_LEADER    string topic, int32 partition, int32 leaderId, int32 term
 *   7 ALLOCATE_PRODUCER_IDS  int32 brokerId                                    (version 2)
 *   8 REGISTER_BROKER_PEER   int32 id, string host, int32 port, string rack,
 *                            string peerHost, int32 peerPort                   (version 3)
 *   9 UPSERT_USER     string name, string mechanism, bytes credential           (version 4)
 *  10 DELETE_USER     string name, string mechanism (empty: all)                (version 4)
 *  11 CREATE_ACLS     bytes aclBindings ({@link AclCodec})                      (version 4)
 *  12 DELETE_ACLS     bytes aclBindings ({@link AclCodec})                      (version 4)
 *  13 REASSIGN_PARTITIONS  int32 count (0..{@value #MAX_MOVES}), count x (string topic, int32 partition,
 *                          int32 replicaCount, replicaCount x int32 brokerId, int64 throttleBytesPerSec),
 *                          int8 validateOnly (0|1)                               (version 5)
 *  14 COMPLETE_REASSIGNMENT  string topic, int32 partition, string topicId, int32 replicaCount,
 *                            replicaCount x int32 brokerId, int32 leaderId, int32 term  (version 5)
 * (bytes = int32 length + that many bytes)
 * </pre>
 * <b>Result batch</b> (the answer to a command batch, one result per command, in order):
 * <pre>
 * int8   version = 1
 * int32  count
 * count x (int8 errorCode, string message, int64 stateVersionAfter)
 * </pre>
 * Error codes: 0 NONE, 1 TOPIC_ALREADY_EXISTS, 2 UNKNOWN_TOPIC, 3 INVALID_PARTITION_COUNT,
 * 4 INVALID_REPLICATION_FACTOR, 5 CONTROLLER_NOT_AVAILABLE, 6 UNKNOWN_BROKER, 7 PRODUCER_IDS_EXHAUSTED (version 2),
 * 8 USER_NOT_FOUND (version 4), 9 INVALID_REPLICA_ASSIGNMENT (version 5).
 *
 * <p><b>Image query</b> (not logged) and its <b>answer</b>:
 * <pre>
 * query:  int8 version = 1, int64 knownVersion
 * answer: int8 version = 1, int8 kind, then
 *         kind 0 UNCHANGED: int64 currentVersion (not newer than knownVersion)
 *         kind 1 IMAGE:     the image body of {@link ImageCodec}
 * </pre>
 * Stateless and thread-safe.
 */
final class CommandCodec {

    static final byte VERSION = 5;
    static final byte OLDEST_VERSION = 1;
    static final int MAX_BATCH = 1_000;
    /** The most partitions one REASSIGN_PARTITIONS command moves. */
    static final int MAX_MOVES = 1_000_000;

    private static final byte REGISTER_BROKER = 1;
    private static final byte HEARTBEAT = 2;
    private static final byte CREATE_TOPIC = 3;
    private static final byte DELETE_TOPIC = 4;
    private static final byte ALTER_TOPIC = 5;
    private static final byte REPORT_LEADER = 6;
    private static final byte ALLOCATE_PRODUCER_IDS = 7;
    private static final byte REGISTER_BROKER_PEER = 8;
    private static final byte UPSERT_USER = 9;
    private static final byte DELETE_USER = 10;
    private static final byte CREATE_ACLS = 11;
    private static final byte DELETE_ACLS = 12;
    private static final byte REASSIGN_PARTITIONS = 13;
    private static final byte COMPLETE_REASSIGNMENT = 14;

    private static final byte UNCHANGED = 0;
    private static final byte IMAGE = 1;

    private static final Error[] ERRORS = {Error.NONE, Error.TOPIC_ALREADY_EXISTS, Error.UNKNOWN_TOPIC,
        Error.INVALID_PARTITION_COUNT, Error.INVALID_REPLICATION_FACTOR, Error.CONTROLLER_NOT_AVAILABLE,
        Error.UNKNOWN_BROKER, Error.PRODUCER_IDS_EXHAUSTED, Error.USER_NOT_FOUND, Error.INVALID_REPLICA_ASSIGNMENT};

    private CommandCodec() {
    }

    // ---- commands

    static byte[] encodeCommands(List<MetadataCommand> commands) {
        if (commands.isEmpty() || commands.size() > MAX_BATCH) {
            throw new IllegalArgumentException("batch of " + commands.size() + " commands");
        }
        return WireIo.encode(out -> {
            out.writeByte(VERSION);
            out.writeInt(commands.size());
            for (MetadataCommand c : commands) {
                writeCommand(out, c);
            }
        });
    }

    static List<MetadataCommand> decodeCommands(byte[] bytes) {
        return WireIo.decode(bytes, "command batch", in -> {
            WireIo.readVersion(in, OLDEST_VERSION, VERSION, "command batch");
            int count = WireIo.readCount(in, MAX_BATCH, "command count");
            List<MetadataCommand> commands = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                commands.add(readCommand(in));
            }
            return commands;
        });
    }

    static void writeCommand(DataOutputStream out, MetadataCommand command) throws IOException {
        if (command instanceof MetadataCommand.RegisterBroker c) {
            out.writeByte(REGISTER_BROKER_PEER);
            BrokerRegistration b = c.broker();
            out.writeInt(b.id());
            WireIo.writeString(out, b.host());
            out.writeInt(b.port());
            WireIo.writeString(out, b.rack());
            WireIo.writeString(out, b.peerHost());
            out.writeInt(b.peerPort());
        } else if (command instanceof MetadataCommand.Heartbeat c) {
            out.writeByte(HEARTBEAT);
            out.writeInt(c.brokerId());
        } else if (command instanceof MetadataCommand.CreateTopic c) {
            out.writeByte(CREATE_TOPIC);
            WireIo.writeString(out, c.name());
            WireIo.writeString(out, c.topicId());
            out.writeInt(c.partitions());
            out.writeInt(c.replicationFactor());
            writeMap(out, c.configs());
            out.writeBoolean(c.validateOnly());
            out.writeLong(c.liveTimeoutMs());
        } else if (command instanceof MetadataCommand.DeleteTopic c) {
            out.writeByte(DELETE_TOPIC);
            WireIo.writeString(out, c.name());
        } else if (command instanceof MetadataCommand.AlterTopic c) {
            out.writeByte(ALTER_TOPIC);
            WireIo.writeString(out, c.name());
            out.writeInt(c.partitions());
            writeMap(out, c.set());
            out.writeInt(c.delete().size());
            for (String key : c.delete()) {
                WireIo.writeString(out, key);
            }
            out.writeBoolean(c.validateOnly());
            out.writeLong(c.liveTimeoutMs());
        } else if (command instanceof MetadataCommand.AllocateProducerIds c) {
            out.writeByte(ALLOCATE_PRODUCER_IDS);
            out.writeInt(c.brokerId());
        } else if (command instanceof MetadataCommand.ReportLeader c) {
            out.writeByte(REPORT_LEADER);
            WireIo.writeString(out, c.topic());
            out.writeInt(c.partition());
            out.writeInt(c.leaderId());
            out.writeInt(c.term());
        } else if (command instanceof MetadataCommand.UpsertUser c) {
            out.writeByte(UPSERT_USER);
            WireIo.writeString(out, c.name());
            WireIo.writeString(out, c.credential().mechanism());
            WireIo.writeBytes(out, c.credential().bytes());
        } else if (command instanceof MetadataCommand.DeleteUser c) {
            out.writeByte(DELETE_USER);
            WireIo.writeString(out, c.name());
            WireIo.writeString(out, c.mechanism());
        } else if (command instanceof MetadataCommand.CreateAcls c) {
            out.writeByte(CREATE_ACLS);
            WireIo.writeBytes(out, AclCodec.encode(c.acls()));
        } else if (command instanceof MetadataCommand.DeleteAcls c) {
            out.writeByte(DELETE_ACLS);
            WireIo.writeBytes(out, AclCodec.encode(c.acls()));
        } else if (command instanceof MetadataCommand.ReassignPartitions c) {
            out.writeByte(REASSIGN_PARTITIONS);
            out.writeInt(c.moves().size());
            for (Reassignment m : c.moves()) {
                WireIo.writeString(out, m.topic());
                out.writeInt(m.partition());
                writeIds(out, m.targetReplicas());
                out.writeLong(m.throttleBytesPerSec());
            }
            out.writeBoolean(c.validateOnly());
        } else if (command instanceof MetadataCommand.CompleteReassignment c) {
            out.writeByte(COMPLETE_REASSIGNMENT);
            WireIo.writeString(out, c.topic());
            out.writeInt(c.partition());
            WireIo.writeString(out, c.topicId());
            writeIds(out, c.replicas());
            out.writeInt(c.leaderId());
            out.writeInt(c.term());
        } else {
            throw new IllegalArgumentException("unknown command " + command);
        }
    }

    static MetadataCommand readCommand(DataInputStream in) throws IOException {
        byte type = in.readByte();
        switch (type) {
            case REGISTER_BROKER:
                return new MetadataCommand.RegisterBroker(new BrokerRegistration(in.readInt(), WireIo.readString(in),
                        in.readInt(), WireIo.readString(in)));
            case REGISTER_BROKER_PEER:
                return new MetadataCommand.RegisterBroker(new BrokerRegistration(in.readInt(), WireIo.readString(in),
                        in.readInt(), WireIo.readString(in), WireIo.readString(in), in.readInt()));
            case HEARTBEAT:
                return new MetadataCommand.Heartbeat(in.readInt());
            case CREATE_TOPIC:
                return new MetadataCommand.CreateTopic(WireIo.readString(in), WireIo.readString(in), in.readInt(),
                        in.readInt(), readMap(in), in.readBoolean(), in.readLong());
            case DELETE_TOPIC:
                return new MetadataCommand.DeleteTopic(WireIo.readString(in));
            case ALTER_TOPIC: {
                String name = WireIo.readString(in);
                int partitions = in.readInt();
                Map<String, String> set = readMap(in);
                int deleteCount = WireIo.readCount(in, ImageCodec.MAX_CONFIGS, "config deletion count");
                List<String> delete = new ArrayList<>(deleteCount);
                for (int i = 0; i < deleteCount; i++) {
                    delete.add(WireIo.readString(in));
                }
                return new MetadataCommand.AlterTopic(name, partitions, set, delete, in.readBoolean(), in.readLong());
            }
            case REPORT_LEADER:
                return new MetadataCommand.ReportLeader(WireIo.readString(in), in.readInt(), in.readInt(), in.readInt());
            case ALLOCATE_PRODUCER_IDS:
                return new MetadataCommand.AllocateProducerIds(in.readInt());
            case UPSERT_USER: {
                String name = WireIo.readString(in);
                String mechanism = WireIo.readString(in);
                return new MetadataCommand.UpsertUser(name, new StoredCredential(mechanism, WireIo.readBytes(in)));
            }
            case DELETE_USER:
                return new MetadataCommand.DeleteUser(WireIo.readString(in), WireIo.readString(in));
            case CREATE_ACLS:
                return new MetadataCommand.CreateAcls(readAcls(in));
            case DELETE_ACLS:
                return new MetadataCommand.DeleteAcls(readAcls(in));
            case REASSIGN_PARTITIONS: {
                int count = WireIo.readCount(in, MAX_MOVES, "move count");
                List<Reassignment> moves = new ArrayList<>(Math.min(count, 1024));
                for (int i = 0; i < count; i++) {
                    moves.add(new Reassignment(WireIo.readString(in), in.readInt(), readIds(in), in.readLong()));
                }
                return new MetadataCommand.ReassignPartitions(moves, in.readBoolean());
            }
            case COMPLETE_REASSIGNMENT:
                return new MetadataCommand.CompleteReassignment(WireIo.readString(in), in.readInt(), WireIo.readString(in),
                        readIds(in), in.readInt(), in.readInt());
            default:
                throw new IOException("unknown command type " + type);
        }
    }

    static List<AclBinding> readAcls(DataInputStream in) throws IOException {
        try {
            return AclCodec.decode(WireIo.readBytes(in));
        } catch (IllegalArgumentException e) {
            throw new IOException("ACL bindings: " + e.getMessage(), e);
        }
    }

    /** int32 count, then count x int32: a replica list. */
    static void writeIds(DataOutputStream out, List<Integer> ids) throws IOException {
        out.writeInt(ids.size());
        for (int id : ids) {
            out.writeInt(id);
        }
    }

    static List<Integer> readIds(DataInputStream in) throws IOException {
        int count = WireIo.readCount(in, ImageCodec.MAX_REPLICAS, "replica count");
        List<Integer> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(in.readInt());
        }
        return ids;
    }

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        Map<String, String> sorted = new TreeMap<>(map);
        out.writeInt(sorted.size());
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            WireIo.writeString(out, e.getKey());
            WireIo.writeString(out, e.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int count = WireIo.readCount(in, ImageCodec.MAX_CONFIGS, "config count");
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < count; i++) {
            map.put(WireIo.readString(in), WireIo.readString(in));
        }
        return map;
    }

    // ---- results

    static byte[] encodeResults(List<MetadataState.Applied> results) {
        return WireIo.encode(out -> {
            out.writeByte(VERSION);
            out.writeInt(results.size());
            for (MetadataState.Applied a : results) {
                out.writeByte(errorCode(a.result().error()));
                WireIo.writeString(out, a.result().message());
                out.writeLong(a.version());
            }
        });
    }

    static List<MetadataState.Applied> decodeResults(byte[] bytes) {
        return WireIo.decode(bytes, "result batch", in -> {
            WireIo.readVersion(in, OLDEST_VERSION, VERSION, "result batch");
            int count = WireIo.readCount(in, MAX_BATCH, "result count");
            List<MetadataState.Applied> results = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int code = in.readByte();
                if (code < 0 || code >= ERRORS.length) {
                    throw new IOException("unknown error code " + code);
                }
                results.add(new MetadataState.Applied(new MetadataResult(ERRORS[code], WireIo.readString(in)), in.readLong()));
            }
            return results;
        });
    }

    private static int errorCode(Error error) {
        for (int i = 0; i < ERRORS.length; i++) {
            if (ERRORS[i] == error) {
                return i;
            }
        }
        throw new IllegalArgumentException("no wire code for " + error);
    }

    // ---- image query

    static byte[] encodeQuery(long knownVersion) {
        return WireIo.encode(out -> {
            out.writeByte(VERSION);
            out.writeLong(knownVersion);
        });
    }

    static long decodeQuery(byte[] bytes) {
        return WireIo.decode(bytes, "image query", in -> {
            WireIo.readVersion(in, OLDEST_VERSION, VERSION, "image query");
            return in.readLong();
        });
    }

    /** The answer to a query from a caller that knows {@code knownVersion}. */
    static byte[] encodeAnswer(MetadataImage image, long knownVersion) {
        return image.version() > knownVersion ? encodeImage(image) : encodeUnchanged(image.version());
    }

    /** An IMAGE answer (the service caches it per version: every broker polls for it). */
    static byte[] encodeImage(MetadataImage image) {
        return WireIo.encode(out -> {
            out.writeByte(VERSION);
            out.writeByte(IMAGE);
            ImageCodec.write(out, image);
        });
    }

    static byte[] encodeUnchanged(long currentVersion) {
        return WireIo.encode(out -> {
            out.writeByte(VERSION);
            out.writeByte(UNCHANGED);
            out.writeLong(currentVersion);
        });
    }

    /** @return the image, or {@code null} when the answer says the caller's version is current */
    static MetadataImage decodeAnswer(byte[] bytes) {
        return WireIo.decode(bytes, "image answer", in -> {
            byte version = WireIo.readVersion(in, OLDEST_VERSION, VERSION, "image answer");
            byte kind = in.readByte();
            if (kind == UNCHANGED) {
                in.readLong();
                return null;
            }
            if (kind != IMAGE) {
                throw new IOException("unknown answer kind " + kind);
            }
            return ImageCodec.read(in, version);
        });
    }
}
