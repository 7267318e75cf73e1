package io.brook.client;

import io.brook.client.internal.ClientSettings;
import io.brook.client.internal.Configs;
import io.brook.protocol.frame.FrameLayout;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * Immutable configuration of a {@link Consumer}. Build one with {@link #builder()} or read one from
 * Kafka-style properties with {@link #fromProperties(Properties)}; invalid values fail with an
 * {@link InvalidConfigException} when built.
 *
 * <table>
 * <caption>Settings (property key, default)</caption>
 * <tr><th>Key</th><th>Default</th><th>Meaning</th></tr>
 * <tr><td>{@value #BOOTSTRAP_SERVERS}</td><td>127.0.0.1:9192</td><td>comma-separated host:port list of brokers to fetch metadata from</td></tr>
 * <tr><td>{@value #CLIENT_ID}</td><td>brook-consumer-N</td><td>sent with each request, for broker logs</td></tr>
 * <tr><td>{@value #FETCH_MIN_BYTES}</td><td>1</td><td>bytes a fetch waits for (up to fetch.max.wait.ms) before the broker answers</td></tr>
 * <tr><td>{@value #FETCH_MAX_WAIT_MS}</td><td>500</td><td>longest a broker holds a fetch waiting for fetch.min.bytes</td></tr>
 * <tr><td>{@value #FETCH_MAX_BYTES}</td><td>52428800</td><td>soft limit of one fetch response (a first whole batch is always returned)</td></tr>
 * <tr><td>{@value #MAX_PARTITION_FETCH_BYTES}</td><td>1048576</td><td>soft limit per partition in a fetch</td></tr>
 * <tr><td>{@value #MAX_POLL_RECORDS}</td><td>10000</td><td>most records one poll returns</td></tr>
 * <tr><td>{@value #AUTO_OFFSET_RESET}</td><td>latest</td><td>earliest, latest or none: where to start without a position, or when the position is out of range</td></tr>
 * <tr><td>{@value #CHECK_CRCS}</td><td>true</td><td>verify each batch's CRC32C before handing out its records</td></tr>
 * <tr><td>{@value #REQUEST_TIMEOUT_MS}</td><td>30000</td><td>how long to wait for one response (fetches get fetch.max.wait.ms on top)</td></tr>
 * <tr><td>{@value #DEFAULT_API_TIMEOUT_MS}</td><td>60000</td><td>bound of blocking calls without a timeout argument (position, offsetsForTimes, ...)</td></tr>
 * <tr><td>{@value #RETRY_BACKOFF_MS}</td><td>100</td><td>first wait before a retry; doubles per attempt</td></tr>
 * <tr><td>{@value #RETRY_BACKOFF_MAX_MS}</td><td>1000</td><td>cap of the retry backoff</td></tr>
 * <tr><td>{@value #FETCH_BUFFER_BYTES}</td><td>67108864</td><td>fetch-ahead budget: bytes fetched but not yet returned by poll</td></tr>
 * <tr><td>{@value #METADATA_MAX_AGE_MS}</td><td>300000</td><td>refresh metadata at least this often</td></tr>
 * <tr><td>{@value #ALLOW_AUTO_CREATE_TOPICS}</td><td>false</td><td>whether asking for a missing topic's metadata lets a broker with auto.create.topics create it</td></tr>
 * <tr><td>{@value #GROUP_ID}</td><td>(none)</td><td>the consumer group to join with subscribe(), and whose offsets commitSync/committed use; required for subscribe</td></tr>
 * <tr><td>{@value #GROUP_INSTANCE_ID}</td><td>(none)</td><td>static membership: a stable name per process, so that a restart within the session timeout moves no partition; needs group.id</td></tr>
 * <tr><td>{@value #ENABLE_AUTO_COMMIT}</td><td>true with group.id</td><td>commit the positions of records returned by earlier polls every auto.commit.interval.ms, before partitions are revoked and on close; ignored without group.id</td></tr>
 * <tr><td>{@value #AUTO_COMMIT_INTERVAL_MS}</td><td>5000</td><td>how often auto-commit commits</td></tr>
 * <tr><td>{@value #GROUP_REMOTE_ASSIGNOR}</td><td>(broker default)</td><td>the coordinator's assignor the member asks for: uniform or range</td></tr>
 * <tr><td>{@value #MAX_POLL_INTERVAL_MS}</td><td>300000</td><td>longest time between polls of a group member; past it the consumer leaves the group (its partitions go to others) and rejoins on its next poll; also the rebalance timeout sent to the coordinator</td></tr>
 * </table>
 *
 * <p>A group member resuming from a committed offset whose records were truncated away by a leader
 * change (the leader's log ends the commit's Raft term at an earlier, divergent offset) is told: with
 * {@code auto.offset.reset=none}, {@code poll} throws {@link LogTruncationException}; with
 * {@code earliest} or {@code latest}, it resumes at the divergent offset and logs a warning (as
 * Kafka's consumer). See docs/groups.md.
 *
 * <p>As Kafka's: {@code enable.auto.commit} is ignored without {@code group.id} (there is nowhere to
 * commit), and {@code group.instance.id} without {@code group.id} is an error.
 */
public final class ConsumerConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String CLIENT_ID = "client.id";
    public static final String FETCH_MIN_BYTES = "fetch.min.bytes";
    public static final String FETCH_MAX_WAIT_MS = "fetch.max.wait.ms";
    public static final String FETCH_MAX_BYTES = "fetch.max.bytes";
    public static final String MAX_PARTITION_FETCH_BYTES = "max.partition.fetch.bytes";
    public static final String MAX_POLL_RECORDS = "max.poll.records";
    public static final String AUTO_OFFSET_RESET = "auto.offset.reset";
    public static final String CHECK_CRCS = "check.crcs";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    public static final String DEFAULT_API_TIMEOUT_MS = "default.api.timeout.ms";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String FETCH_BUFFER_BYTES = "fetch.buffer.bytes";
    public static final String METADATA_MAX_AGE_MS = "metadata.max.age.ms";
    public static final String ALLOW_AUTO_CREATE_TOPICS = "allow.auto.create.topics";
    public static final String GROUP_ID = "group.id";
    public static final String GROUP_INSTANCE_ID = "group.instance.id";
    public static final String ENABLE_AUTO_COMMIT = "enable.auto.commit";
    public static final String AUTO_COMMIT_INTERVAL_MS = "auto.commit.interval.ms";
    public static final String GROUP_REMOTE_ASSIGNOR = "group.remote.assignor";
    public static final String MAX_POLL_INTERVAL_MS = "max.poll.interval.ms";

    private final String bootstrapServers;
    private final ClientSecurity security;
    private final List<InetSocketAddress> bootstrap;
    private final String clientId;
    private final int fetchMinBytes;
    private final int fetchMaxWaitMs;
    private final int fetchMaxBytes;
    private final int maxPartitionFetchBytes;
    private final int maxPollRecords;
    private final OffsetResetStrategy autoOffsetReset;
    private final boolean checkCrcs;
    private final int requestTimeoutMs;
    private final long defaultApiTimeoutMs;
    private final long retryBackoffMs;
    private final long retryBackoffMaxMs;
    private final long fetchBufferBytes;
    private final long metadataMaxAgeMs;
    private final boolean allowAutoCreateTopics;
    private final String groupId;
    private final String groupInstanceId;
    private final Boolean enableAutoCommit;
    private final int autoCommitIntervalMs;
    private final String groupRemoteAssignor;
    private final int maxPollIntervalMs;

    private ConsumerConfig(Builder b) {
        this.bootstrapServers = b.bootstrapServers;
        this.security = b.security;
        this.bootstrap = Configs.parseBootstrap(b.bootstrapServers);
        this.clientId = b.clientId != null ? b.clientId : Configs.defaultClientId("consumer");
        this.fetchMinBytes = Configs.atLeast(FETCH_MIN_BYTES, b.fetchMinBytes, 0);
        this.fetchMaxWaitMs = Configs.atLeast(FETCH_MAX_WAIT_MS, b.fetchMaxWaitMs, 0);
        this.fetchMaxBytes = Configs.atLeast(FETCH_MAX_BYTES, b.fetchMaxBytes, 1);
        this.maxPartitionFetchBytes = Configs.atLeast(MAX_PARTITION_FETCH_BYTES, b.maxPartitionFetchBytes, 1);
        this.maxPollRecords = Configs.atLeast(MAX_POLL_RECORDS, b.maxPollRecords, 1);
        this.autoOffsetReset = b.autoOffsetReset;
        this.checkCrcs = b.checkCrcs;
        this.requestTimeoutMs = Configs.atLeast(REQUEST_TIMEOUT_MS, b.requestTimeoutMs, 1);
        this.defaultApiTimeoutMs = Configs.atLeast(DEFAULT_API_TIMEOUT_MS, b.defaultApiTimeoutMs, 0);
        this.retryBackoffMs = Configs.atLeast(RETRY_BACKOFF_MS, b.retryBackoffMs, 0);
        this.retryBackoffMaxMs = Configs.atLeast(RETRY_BACKOFF_MAX_MS, b.retryBackoffMaxMs, retryBackoffMs);
        this.fetchBufferBytes = Configs.atLeast(FETCH_BUFFER_BYTES, b.fetchBufferBytes, 1);
        this.metadataMaxAgeMs = Configs.atLeast(METADATA_MAX_AGE_MS, b.metadataMaxAgeMs, 0);
        this.allowAutoCreateTopics = b.allowAutoCreateTopics;
        this.groupId = emptyToNull(b.groupId);
        this.groupInstanceId = emptyToNull(b.groupInstanceId);
        this.enableAutoCommit = b.enableAutoCommit;
        this.autoCommitIntervalMs = Configs.atLeast(AUTO_COMMIT_INTERVAL_MS, b.autoCommitIntervalMs, 1);
        this.groupRemoteAssignor = b.groupRemoteAssignor == null ? "" : b.groupRemoteAssignor;
        this.maxPollIntervalMs = Configs.atLeast(MAX_POLL_INTERVAL_MS, b.maxPollIntervalMs, 1);
        validateGroup();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private void validateGroup() {
        if (groupId != null) {
            String problem = io.brook.protocol.GroupIds.check(groupId);
            if (problem != null) {
                throw new InvalidConfigException(GROUP_ID + " '" + groupId + "' is invalid: " + problem);
            }
        }
        if (groupInstanceId != null && groupId == null) {
            throw new InvalidConfigException(GROUP_INSTANCE_ID + " is set but " + GROUP_ID
                    + " is not: static membership needs a group; set group.id or remove group.instance.id");
        }
        if (!groupRemoteAssignor.isEmpty() && !groupRemoteAssignor.equals("uniform") && !groupRemoteAssignor.equals("range")) {
            throw new InvalidConfigException(GROUP_REMOTE_ASSIGNOR + " must be empty (the broker's default), uniform or range,"
                    + " got '" + groupRemoteAssignor + "'");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every setting at its default: a consumer for a broker at 127.0.0.1:9192. */
    public static ConsumerConfig defaults() {
        return builder().build();
    }

    /**
     * Reads the settings from Kafka-style dotted keys (the table above); absent keys keep their
     * defaults.
     *
     * @throws InvalidConfigException for an unknown key or an invalid value
     */
    public static ConsumerConfig fromProperties(Properties props) {
        Builder b = builder();
        Configs.PropertyReader reader = new Configs.PropertyReader(props, "consumer");
        ClientSecurity.Builder security = ClientSecurity.read(reader);
        reader
                .string(BOOTSTRAP_SERVERS, b::bootstrapServers)
                .string(CLIENT_ID, b::clientId)
                .integer(FETCH_MIN_BYTES, b::fetchMinBytes)
                .integer(FETCH_MAX_WAIT_MS, b::fetchMaxWaitMs)
                .integer(FETCH_MAX_BYTES, b::fetchMaxBytes)
                .integer(MAX_PARTITION_FETCH_BYTES, b::maxPartitionFetchBytes)
                .integer(MAX_POLL_RECORDS, b::maxPollRecords)
                .string(AUTO_OFFSET_RESET, v -> b.autoOffsetReset(OffsetResetStrategy.forName(v)))
                .bool(CHECK_CRCS, b::checkCrcs)
                .integer(REQUEST_TIMEOUT_MS, b::requestTimeoutMs)
                .longValue(DEFAULT_API_TIMEOUT_MS, b::defaultApiTimeoutMs)
                .longValue(RETRY_BACKOFF_MS, b::retryBackoffMs)
                .longValue(RETRY_BACKOFF_MAX_MS, b::retryBackoffMaxMs)
                .longValue(FETCH_BUFFER_BYTES, b::fetchBufferBytes)
                .longValue(METADATA_MAX_AGE_MS, b::metadataMaxAgeMs)
                .bool(ALLOW_AUTO_CREATE_TOPICS, b::allowAutoCreateTopics)
                .string(GROUP_ID, b::groupId)
                .string(GROUP_INSTANCE_ID, b::groupInstanceId)
                .bool(ENABLE_AUTO_COMMIT, b::enableAutoCommit)
                .integer(AUTO_COMMIT_INTERVAL_MS, b::autoCommitIntervalMs)
                .string(GROUP_REMOTE_ASSIGNOR, b::groupRemoteAssignor)
                .integer(MAX_POLL_INTERVAL_MS, b::maxPollIntervalMs)
                .rejectUnknown();
        b.security(security.build());
        return b.build();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.bootstrapServers = bootstrapServers;
        b.security = security;
        b.clientId = clientId;
        b.fetchMinBytes = fetchMinBytes;
        b.fetchMaxWaitMs = fetchMaxWaitMs;
        b.fetchMaxBytes = fetchMaxBytes;
        b.maxPartitionFetchBytes = maxPartitionFetchBytes;
        b.maxPollRecords = maxPollRecords;
        b.autoOffsetReset = autoOffsetReset;
        b.checkCrcs = checkCrcs;
        b.requestTimeoutMs = requestTimeoutMs;
        b.defaultApiTimeoutMs = defaultApiTimeoutMs;
        b.retryBackoffMs = retryBackoffMs;
        b.retryBackoffMaxMs = retryBackoffMaxMs;
        b.fetchBufferBytes = fetchBufferBytes;
        b.metadataMaxAgeMs = metadataMaxAgeMs;
        b.allowAutoCreateTopics = allowAutoCreateTopics;
        b.groupId = groupId;
        b.groupInstanceId = groupInstanceId;
        b.enableAutoCommit = enableAutoCommit;
        b.autoCommitIntervalMs = autoCommitIntervalMs;
        b.groupRemoteAssignor = groupRemoteAssignor;
        b.maxPollIntervalMs = maxPollIntervalMs;
        return b;
    }

    ClientSettings settings() {
        long maxResponse = Math.max(FrameLayout.DEFAULT_MAX_FRAME_BYTES, 2L * fetchMaxBytes);
        return new ClientSettings("consumer", bootstrap, clientId, requestTimeoutMs, retryBackoffMs, retryBackoffMaxMs,
                metadataMaxAgeMs, 5, (int) Math.min(maxResponse, Integer.MAX_VALUE - 64), allowAutoCreateTopics, security);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** TLS and SASL settings (see {@link ClientSecurity} for their keys). */
    public ClientSecurity security() {
        return security;
    }

    public String clientId() {
        return clientId;
    }

    public int fetchMinBytes() {
        return fetchMinBytes;
    }

    public int fetchMaxWaitMs() {
        return fetchMaxWaitMs;
    }

    public int fetchMaxBytes() {
        return fetchMaxBytes;
    }

    public int maxPartitionFetchBytes() {
        return maxPartitionFetchBytes;
    }

    public int maxPollRecords() {
        return maxPollRecords;
    }

    public OffsetResetStrategy autoOffsetReset() {
        return autoOffsetReset;
    }

    public boolean checkCrcs() {
        return checkCrcs;
    }

    public int requestTimeoutMs() {
        return requestTimeoutMs;
    }

    public long defaultApiTimeoutMs() {
        return defaultApiTimeoutMs;
    }

    public long retryBackoffMs() {
        return retryBackoffMs;
    }

    public long retryBackoffMaxMs() {
        return retryBackoffMaxMs;
    }

    public long fetchBufferBytes() {
        return fetchBufferBytes;
    }

    public long metadataMaxAgeMs() {
        return metadataMaxAgeMs;
    }

    public boolean allowAutoCreateTopics() {
        return allowAutoCreateTopics;
    }

    /** The consumer group, or {@code null} without one. */
    public String groupId() {
        return groupId;
    }

    /** The static member's instance id, or {@code null} for a dynamic member. */
    public String groupInstanceId() {
        return groupInstanceId;
    }

    /** Whether auto-commit is on: as set, else true exactly when a group id is set; always false without one. */
    public boolean enableAutoCommit() {
        return groupId != null && (enableAutoCommit == null || enableAutoCommit);
    }

    public int autoCommitIntervalMs() {
        return autoCommitIntervalMs;
    }

    /** The assignor asked for, or "" for the broker's default. */
    public String groupRemoteAssignor() {
        return groupRemoteAssignor;
    }

    public int maxPollIntervalMs() {
        return maxPollIntervalMs;
    }

    @Override
    public String toString() {
        return "ConsumerConfig(" + BOOTSTRAP_SERVERS + "=" + bootstrapServers + ", " + CLIENT_ID + "=" + clientId
                + ", " + FETCH_MIN_BYTES + "=" + fetchMinBytes + ", " + FETCH_MAX_WAIT_MS + "=" + fetchMaxWaitMs
                + ", " + FETCH_MAX_BYTES + "=" + fetchMaxBytes + ", " + MAX_PARTITION_FETCH_BYTES + "=" + maxPartitionFetchBytes
                + ", " + MAX_POLL_RECORDS + "=" + maxPollRecords + ", " + AUTO_OFFSET_RESET + "=" + autoOffsetReset.configName()
                + ", " + CHECK_CRCS + "=" + checkCrcs + ", " + REQUEST_TIMEOUT_MS + "=" + requestTimeoutMs
                + ", " + DEFAULT_API_TIMEOUT_MS + "=" + defaultApiTimeoutMs + ", " + RETRY_BACKOFF_MS + "=" + retryBackoffMs
                + ", " + RETRY_BACKOFF_MAX_MS + "=" + retryBackoffMaxMs + ", " + FETCH_BUFFER_BYTES + "=" + fetchBufferBytes
                + ", " + METADATA_MAX_AGE_MS + "=" + metadataMaxAgeMs + ", " + ALLOW_AUTO_CREATE_TOPICS + "="
                + allowAutoCreateTopics + ", " + GROUP_ID + "=" + groupId + ", " + GROUP_INSTANCE_ID + "=" + groupInstanceId
                + ", " + ENABLE_AUTO_COMMIT + "=" + enableAutoCommit() + ", " + AUTO_COMMIT_INTERVAL_MS + "="
                + autoCommitIntervalMs + ", " + GROUP_REMOTE_ASSIGNOR + "=" + groupRemoteAssignor + ", "
                + MAX_POLL_INTERVAL_MS + "=" + maxPollIntervalMs + ")";
    }

    /** Collects settings; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private String bootstrapServers = Configs.DEFAULT_BOOTSTRAP;
        private ClientSecurity security = ClientSecurity.NONE;
        private String clientId;
        private int fetchMinBytes = 1;
        private int fetchMaxWaitMs = 500;
        private int fetchMaxBytes = 50 * 1024 * 1024;
        private int maxPartitionFetchBytes = 1024 * 1024;
        private int maxPollRecords = 10_000;
        private OffsetResetStrategy autoOffsetReset = OffsetResetStrategy.LATEST;
        private boolean checkCrcs = true;
        private int requestTimeoutMs = 30_000;
        private long defaultApiTimeoutMs = 60_000;
        private long retryBackoffMs = 100;
        private long retryBackoffMaxMs = 1000;
        private long fetchBufferBytes = 64L * 1024 * 1024;
        private long metadataMaxAgeMs = 300_000;
        private boolean allowAutoCreateTopics;
        private String groupId;
        private String groupInstanceId;
        private Boolean enableAutoCommit;
        private int autoCommitIntervalMs = 5_000;
        private String groupRemoteAssignor = "";
        private int maxPollIntervalMs = 300_000;

        private Builder() {}

        /** Comma-separated {@code host:port} list. */
        /** TLS and SASL settings; default {@link ClientSecurity#NONE}. */
        public Builder security(ClientSecurity security) {
            this.security = java.util.Objects.requireNonNull(security, "security");
            return this;
        }

        public Builder bootstrapServers(String servers) {
            this.bootstrapServers = servers;
            return this;
        }

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder fetchMinBytes(int bytes) {
            this.fetchMinBytes = bytes;
            return this;
        }

        public Builder fetchMaxWaitMs(int ms) {
            this.fetchMaxWaitMs = ms;
            return this;
        }

        public Builder fetchMaxBytes(int bytes) {
            this.fetchMaxBytes = bytes;
            return this;
        }

        public Builder maxPartitionFetchBytes(int bytes) {
            this.maxPartitionFetchBytes = bytes;
            return this;
        }

        public Builder maxPollRecords(int n) {
            this.maxPollRecords = n;
            return this;
        }

        public Builder autoOffsetReset(OffsetResetStrategy strategy) {
            this.autoOffsetReset = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        public Builder checkCrcs(boolean check) {
            this.checkCrcs = check;
            return this;
        }

        public Builder requestTimeoutMs(int ms) {
            this.requestTimeoutMs = ms;
            return this;
        }

        public Builder defaultApiTimeoutMs(long ms) {
            this.defaultApiTimeoutMs = ms;
            return this;
        }

        public Builder retryBackoffMs(long ms) {
            this.retryBackoffMs = ms;
            return this;
        }

        public Builder retryBackoffMaxMs(long ms) {
            this.retryBackoffMaxMs = ms;
            return this;
        }

        public Builder fetchBufferBytes(long bytes) {
            this.fetchBufferBytes = bytes;
            return this;
        }

        public Builder metadataMaxAgeMs(long ms) {
            this.metadataMaxAgeMs = ms;
            return this;
        }

        /**
         * Whether the consumer's metadata requests let a broker with {@code auto.create.topics}
         * create a topic that does not exist yet (like the producer's); off by default, so that a
         * misspelt topic name fails rather than creating a topic.
         */
        public Builder allowAutoCreateTopics(boolean allow) {
            this.allowAutoCreateTopics = allow;
            return this;
        }

        /** The consumer group to join with {@code subscribe} and to commit offsets to. */
        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /** Makes the consumer a static member with this stable name (one per process of the group). */
        public Builder groupInstanceId(String instanceId) {
            this.groupInstanceId = instanceId;
            return this;
        }

        /** Whether to commit consumed positions automatically; defaults to true when a group id is set. */
        public Builder enableAutoCommit(boolean enable) {
            this.enableAutoCommit = enable;
            return this;
        }

        public Builder autoCommitIntervalMs(int ms) {
            this.autoCommitIntervalMs = ms;
            return this;
        }

        /** "uniform", "range", or "" for the broker's default. */
        public Builder groupRemoteAssignor(String assignor) {
            this.groupRemoteAssignor = assignor;
            return this;
        }

        public Builder maxPollIntervalMs(int ms) {
            this.maxPollIntervalMs = ms;
            return this;
        }

        /** @throws InvalidConfigException naming the first invalid setting */
        public ConsumerConfig build() {
            return new ConsumerConfig(this);
        }
    }
}
