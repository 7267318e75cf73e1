package io.brook.protocol;

/**
 * The APIs a broker serves, with the versions this build understands. A request names its API by
 * {@link #id()} and a version in its frame header; a broker answers versions outside
 * [{@link #minVersion()}, {@link #maxVersion()}] with {@code UNSUPPORTED_VERSION}.
 */
public enum ApiKey {
    API_VERSIONS(0, 0, 0),
    METADATA(1, 0, 0),
    PRODUCE(2, 0, 0),
    FETCH(3, 0, 0),
    LIST_OFFSETS(4, 0, 0),
    CREATE_TOPICS(5, 0, 0),
    DELETE_TOPICS(6, 0, 0),
    DESCRIBE_TOPICS(7, 0, 0),
    ALTER_TOPIC(8, 0, 0),
    /** A producer id and epoch for an idempotent producer. */
    INIT_PRODUCER_ID(9, 0, 0),
    /** Which broker coordinates a consumer group. */
    FIND_COORDINATOR(10, 0, 0),
    /** A group member's heartbeat: subscription and owned partitions in, epoch and assignment out. */
    GROUP_HEARTBEAT(11, 0, 0),
    OFFSET_COMMIT(12, 0, 0),
    OFFSET_FETCH(13, 0, 0),
    LIST_GROUPS(14, 0, 0),
    DESCRIBE_GROUPS(15, 0, 0),
    DELETE_GROUPS(16, 0, 0),
    /** Picks the SASL mechanism of a client connection (before any other request but ApiVersions). */
    SASL_HANDSHAKE(23, 0, 0),
    /** One message of the SASL exchange. */
    SASL_AUTHENTICATE(24, 0, 0),
    DESCRIBE_USERS(25, 0, 0),
    ALTER_USERS(26, 0, 0),
    DESCRIBE_ACLS(27, 0, 0),
    CREATE_ACLS(28, 0, 0),
    DELETE_ACLS(29, 0, 0),
    /** Each broker moves the partitions it leads back to their preferred leader (leadership transfer). */
    REBALANCE_LEADERS(30, 0, 0),
    /** Starts, changes or cancels replica moves (explicit, or planned by the broker: decommission, rebalance). */
    ALTER_PARTITION_REASSIGNMENTS(31, 0, 0),
    /** The partitions whose replicas are moving. */
    LIST_PARTITION_REASSIGNMENTS(32, 0, 0),
    /** Broker to broker: metadata changes forwarded to the controller leader, and image requests. */
    CONTROL(20, 0, 0),
    /** Broker to broker, one-way: coalesced Raft messages of partitions and of the metadata partition. */
    RAFT(21, 0, 0),
    /**
     * Broker to broker: the challenge-response by which a broker proves to a peer listener that it knows
     * the cluster secret (and learns that the listener does), before any CONTROL or RAFT frame.
     */
    PEER_AUTH(22, 0, 0);

    private static final ApiKey[] BY_ID;

    static {
        int max = 0;
        for (ApiKey k : values()) {
            max = Math.max(max, k.id);
        }
        BY_ID = new ApiKey[max + 1];
        for (ApiKey k : values()) {
            BY_ID[k.id] = k;
        }
    }

    private final short id;
    private final short minVersion;
    private final short maxVersion;

    ApiKey(int id, int minVersion, int maxVersion) {
        this.id = (short) id;
        this.minVersion = (short) minVersion;
        this.maxVersion = (short) maxVersion;
    }

    public short id() {
        return id;
    }

    public short minVersion() {
        return minVersion;
    }

    public short maxVersion() {
        return maxVersion;
    }

    /** Whether this API is served only on a broker's peer listener, and only to other brokers. */
    public boolean brokerToBroker() {
        return this == CONTROL || this == RAFT || this == PEER_AUTH;
    }

    public boolean supports(int version) {
        return version >= minVersion && version <= maxVersion;
    }

    /** @return the API with this id, or {@code null} when there is none */
    public static ApiKey forId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
