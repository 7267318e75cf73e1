package io.brook.client;

import io.brook.client.internal.ClientSettings;
import io.brook.client.internal.Configs;
import io.brook.protocol.frame.FrameLayout;
import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatch;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

/**
 * Immutable configuration of a {@link Producer}. Build one with {@link #builder()} or read one from
 * Kafka-style properties with {@link #fromProperties(Properties)}; invalid values fail with an
 * {@link InvalidConfigException} when built.
 *
 * <table>
 * <caption>Settings (property key, builder method, default)</caption>
 * <tr><th>Key</th><th>Default</th><th>Meaning</th></tr>
 * <tr><td>{@value #BOOTSTRAP_SERVERS}</td><td>127.0.0.1:9192</td><td>comma-separated host:port list of brokers to fetch metadata from</td></tr>
 * <tr><td>{@value #CLIENT_ID}</td><td>brook-producer-N</td><td>sent with each request, for broker logs</td></tr>
 * <tr><td>{@value #ACKS}</td><td>all</td><td>0: do not wait (offsets unknown); 1: the leader appended; all (-1): committed</td></tr>
 * <tr><td>{@value #LINGER_MS}</td><td>5</td><td>how long a batch waits for more records before it is sent</td></tr>
 * <tr><td>{@value #BATCH_SIZE}</td><td>65536</td><td>bytes of (uncompressed) records per partition batch</td></tr>
 * <tr><td>{@value #COMPRESSION_TYPE}</td><td>none</td><td>none, gzip, snappy, lz4 or zstd</td></tr>
 * <tr><td>{@value #BUFFER_MEMORY}</td><td>33554432</td><td>bytes of records buffered before {@code send} blocks</td></tr>
 * <tr><td>{@value #MAX_BLOCK_MS}</td><td>60000</td><td>how long {@code send} blocks for metadata or buffer space</td></tr>
 * <tr><td>{@value #DELIVERY_TIMEOUT_MS}</td><td>120000</td><td>upper bound from {@code send} to success or failure, retries included; at least linger.ms + request.timeout.ms</td></tr>
 * <tr><td>{@value #REQUEST_TIMEOUT_MS}</td><td>30000</td><td>how long to wait for one response</td></tr>
 * <tr><td>{@value #RETRY_BACKOFF_MS}</td><td>100</td><td>first wait before a retry; doubles per attempt</td></tr>
 * <tr><td>{@value #RETRY_BACKOFF_MAX_MS}</td><td>1000</td><td>cap of the retry backoff</td></tr>
 * <tr><td>{@value #RETRIES}</td><td>2147483647</td><td>how often a batch is re-sent after a retriable error (bounded by delivery.timeout.ms too); 0 reports every failure, which avoids duplicates from re-sending a request whose outcome was unknown</td></tr>
 * <tr><td>{@value #MAX_IN_FLIGHT}</td><td>5</td><td>produce requests awaiting a response per broker; 1 keeps order across retries</td></tr>
 * <tr><td>{@value #MAX_REQUEST_SIZE}</td><td>16777216</td><td>largest produce request, and so largest record</td></tr>
 * <tr><td>{@value #METADATA_MAX_AGE_MS}</td><td>300000</td><td>refresh metadata at least this often</td></tr>
 * <tr><td>{@value #ENABLE_IDEMPOTENCE}</td><td>true with acks=all</td><td>stamp a producer id and per-partition sequence
 *     numbers into every batch, so that retries never write a record twice or out of order (see docs/durability.md);
 *     needs acks=all, retries &gt; 0 and at most 5 requests in flight. Left unset, it is on unless acks, retries or
 *     max.in.flight.requests.per.connection rule it out ({@link #idempotenceNote()} says which); set to true with such
 *     values, building fails</td></tr>
 * </table>
 */
public final class ProducerConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String CLIENT_ID = "client.id";
    public static final String ACKS = "acks";
    public static final String LINGER_MS = "linger.ms";
    public static final String BATCH_SIZE = "batch.size";
    public static final String COMPRESSION_TYPE = "compression.type";
    public static final String BUFFER_MEMORY = "buffer.memory";
    public static final String MAX_BLOCK_MS = "max.block.ms";
    public static final String DELIVERY_TIMEOUT_MS = "delivery.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String MAX_IN_FLIGHT = "max.in.flight.requests.per.connection";
    public static final String RETRIES = "retries";
    public static final String MAX_REQUEST_SIZE = "max.request.size";
    public static final String METADATA_MAX_AGE_MS = "metadata.max.age.ms";
    public static final String ENABLE_IDEMPOTENCE = "enable.idempotence";

    /** The most requests in flight per broker with which an idempotent producer still keeps order. */
    public static final int MAX_IN_FLIGHT_FOR_IDEMPOTENCE = 5;

    private final String bootstrapServers;
    private final ClientSecurity security;
    private final List<InetSocketAddress> bootstrap;
    private final String clientId;
    private final int acks;
    private final long lingerMs;
    private final int batchSize;
    private final CompressionType compression;
    private final long bufferMemory;
    private final long maxBlockMs;
    private final long deliveryTimeoutMs;
    private final int requestTimeoutMs;
    private final long retryBackoffMs;
    private final long retryBackoffMaxMs;
    private final int maxInFlightRequestsPerConnection;
    private final int retries;
    private final int maxRequestSize;
    private final long metadataMaxAgeMs;
    private final Boolean enableIdempotenceSetting;
    private final boolean idempotent;
    private final String idempotenceNote;

    private ProducerConfig(Builder b) {
        this.bootstrapServers = b.bootstrapServers;
        this.security = b.security;
        this.bootstrap = Configs.parseBootstrap(b.bootstrapServers);
        this.clientId = b.clientId != null ? b.clientId : Configs.defaultClientId("producer");
        if (b.acks != 0 && b.acks != 1 && b.acks != -1) {
            throw new InvalidConfigException(ACKS + " must be 0, 1 or all (-1), got " + b.acks);
        }
        this.acks = b.acks;
        this.lingerMs = Configs.atLeast(LINGER_MS, b.lingerMs, 0);
        this.batchSize = Configs.atLeast(BATCH_SIZE, b.batchSize, 1);
        this.compression = b.compression;
        this.bufferMemory = Configs.atLeast(BUFFER_MEMORY, b.bufferMemory, 1);
        this.maxBlockMs = Configs.atLeast(MAX_BLOCK_MS, b.maxBlockMs, 0);
        this.requestTimeoutMs = Configs.atLeast(REQUEST_TIMEOUT_MS, b.requestTimeoutMs, 1);
        this.deliveryTimeoutMs = Configs.atLeast(DELIVERY_TIMEOUT_MS, b.deliveryTimeoutMs, 1);
        if (deliveryTimeoutMs < lingerMs + requestTimeoutMs) {
            throw new InvalidConfigException(DELIVERY_TIMEOUT_MS + " (" + deliveryTimeoutMs + ") must be at least "
                    + LINGER_MS + " + " + REQUEST_TIMEOUT_MS + " (" + (lingerMs + requestTimeoutMs)
                    + "): raise it or lower the other two");
        }
        this.retryBackoffMs = Configs.atLeast(RETRY_BACKOFF_MS, b.retryBackoffMs, 0);
        this.retryBackoffMaxMs = Configs.atLeast(RETRY_BACKOFF_MAX_MS, b.retryBackoffMaxMs, retryBackoffMs);
        this.maxInFlightRequestsPerConnection = Configs.atLeast(MAX_IN_FLIGHT, b.maxInFlight, 1);
        this.retries = Configs.atLeast(RETRIES, b.retries, 0);
        this.maxRequestSize = Configs.atLeast(MAX_REQUEST_SIZE, b.maxRequestSize, RecordBatch.HEADER_SIZE + 64);
        if (maxRequestSize > FrameLayout.DEFAULT_MAX_FRAME_BYTES) {
            throw new InvalidConfigException(MAX_REQUEST_SIZE + " must be at most " + FrameLayout.DEFAULT_MAX_FRAME_BYTES
                    + " (the broker's default max.frame.bytes), got " + maxRequestSize);
        }
        this.metadataMaxAgeMs = Configs.atLeast(METADATA_MAX_AGE_MS, b.metadataMaxAgeMs, 0);
        this.enableIdempotenceSetting = b.enableIdempotence;
        String conflict = idempotenceConflict();
        if (Boolean.TRUE.equals(b.enableIdempotence) && conflict != null) {
            throw new InvalidConfigException(ENABLE_IDEMPOTENCE + "=true needs " + conflict
                    + "; change that setting, or set " + ENABLE_IDEMPOTENCE + "=false to accept that retries may write a record"
                    + " twice or out of order");
        }
        this.idempotent = b.enableIdempotence == null ? conflict == null : b.enableIdempotence;
        if (idempotent) {
            this.idempotenceNote = "idempotence is on: retries write each record at most once, in send order per partition";
        } else if (b.enableIdempotence == null) {
            this.idempotenceNote = "idempotence is off because it needs " + conflict + ": a retry may write a record twice"
                    + " or after later ones";
        } else {
            this.idempotenceNote = "idempotence is off (" + ENABLE_IDEMPOTENCE + "=false): a retry may write a record twice"
                    + " or after later ones";
        }
    }

    /** What keeps idempotence from working with these settings (as "acks=all (not 1)"), or {@code null}. */
    private String idempotenceConflict() {
        if (acks != -1) {
            return ACKS + "=all (not " + acks + ")";
        }
        if (retries == 0) {
            return RETRIES + " > 0 (not 0)";
        }
        if (maxInFlightRequestsPerConnection > MAX_IN_FLIGHT_FOR_IDEMPOTENCE) {
            return MAX_IN_FLIGHT + " <= " + MAX_IN_FLIGHT_FOR_IDEMPOTENCE + " (not " + maxInFlightRequestsPerConnection + ")";
        }
        return null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every setting at its default: a producer for a broker at 127.0.0.1:9192. */
    public static ProducerConfig defaults() {
        return builder().build();
    }

    /**
     * Reads the settings from Kafka-style dotted keys (the table above); absent keys keep their
     * defaults.
     *
     * @throws InvalidConfigException for an unknown key or an invalid value
     */
    public static ProducerConfig fromProperties(Properties props) {
        Builder b = builder();
        Configs.PropertyReader r = new Configs.PropertyReader(props, "producer");
        ClientSecurity.Builder security = ClientSecurity.read(r);
        r.string(BOOTSTRAP_SERVERS, b::bootstrapServers)
                .string(CLIENT_ID, b::clientId)
                .string(ACKS, b::acks)
                .longValue(LINGER_MS, b::lingerMs)
                .integer(BATCH_SIZE, b::batchSize)
                .string(COMPRESSION_TYPE, b::compression)
                .longValue(BUFFER_MEMORY, b::bufferMemory)
                .longValue(MAX_BLOCK_MS, b::maxBlockMs)
                .longValue(DELIVERY_TIMEOUT_MS, b::deliveryTimeoutMs)
                .integer(REQUEST_TIMEOUT_MS, b::requestTimeoutMs)
                .longValue(RETRY_BACKOFF_MS, b::retryBackoffMs)
                .longValue(RETRY_BACKOFF_MAX_MS, b::retryBackoffMaxMs)
                .integer(MAX_IN_FLIGHT, b::maxInFlightRequestsPerConnection)
                .integer(RETRIES, b::retries)
                .integer(MAX_REQUEST_SIZE, b::maxRequestSize)
                .longValue(METADATA_MAX_AGE_MS, b::metadataMaxAgeMs)
                .bool(ENABLE_IDEMPOTENCE, b::enableIdempotence)
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
        b.acks = acks;
        b.lingerMs = lingerMs;
        b.batchSize = batchSize;
        b.compression = compression;
        b.bufferMemory = bufferMemory;
        b.maxBlockMs = maxBlockMs;
        b.deliveryTimeoutMs = deliveryTimeoutMs;
        b.requestTimeoutMs = requestTimeoutMs;
        b.retryBackoffMs = retryBackoffMs;
        b.retryBackoffMaxMs = retryBackoffMaxMs;
        b.maxInFlight = maxInFlightRequestsPerConnection;
        b.retries = retries;
        b.maxRequestSize = maxRequestSize;
        b.metadataMaxAgeMs = metadataMaxAgeMs;
        b.enableIdempotence = enableIdempotenceSetting;
        return b;
    }

    ClientSettings settings() {
        return new ClientSettings("producer", bootstrap, clientId, requestTimeoutMs, retryBackoffMs, retryBackoffMaxMs,
                metadataMaxAgeMs, maxInFlightRequestsPerConnection, FrameLayout.DEFAULT_MAX_FRAME_BYTES, true, security);
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

    /** 0, 1 or -1 (all). */
    public int acks() {
        return acks;
    }

    public long lingerMs() {
        return lingerMs;
    }

    public int batchSize() {
        return batchSize;
    }

    public CompressionType compression() {
        return compression;
    }

    public long bufferMemory() {
        return bufferMemory;
    }

    public long maxBlockMs() {
        return maxBlockMs;
    }

    public long deliveryTimeoutMs() {
        return deliveryTimeoutMs;
    }

    public int requestTimeoutMs() {
        return requestTimeoutMs;
    }

    public long retryBackoffMs() {
        return retryBackoffMs;
    }

    public long retryBackoffMaxMs() {
        return retryBackoffMaxMs;
    }

    /** How often a batch is re-sent after a retriable error. */
    public int retries() {
        return retries;
    }

    public int maxInFlightRequestsPerConnection() {
        return maxInFlightRequestsPerConnection;
    }

    public int maxRequestSize() {
        return maxRequestSize;
    }

    public long metadataMaxAgeMs() {
        return metadataMaxAgeMs;
    }

    /** Whether batches carry a producer id and sequence numbers (the effective value, see the table above). */
    public boolean enableIdempotence() {
        return idempotent;
    }

    /** One sentence on whether idempotence is on and, when it is off, why (for the producer's log). */
    public String idempotenceNote() {
        return idempotenceNote;
    }

    @Override
    public String toString() {
        return "ProducerConfig(" + BOOTSTRAP_SERVERS + "=" + bootstrapServers + ", " + CLIENT_ID + "=" + clientId
                + ", " + ACKS + "=" + (acks == -1 ? "all" : acks) + ", " + LINGER_MS + "=" + lingerMs
                + ", " + BATCH_SIZE + "=" + batchSize + ", " + COMPRESSION_TYPE + "=" + compression.configName()
                + ", " + BUFFER_MEMORY + "=" + bufferMemory + ", " + MAX_BLOCK_MS + "=" + maxBlockMs
                + ", " + DELIVERY_TIMEOUT_MS + "=" + deliveryTimeoutMs + ", " + REQUEST_TIMEOUT_MS + "=" + requestTimeoutMs
                + ", " + RETRY_BACKOFF_MS + "=" + retryBackoffMs + ", " + RETRY_BACKOFF_MAX_MS + "=" + retryBackoffMaxMs
                + ", " + MAX_IN_FLIGHT + "=" + maxInFlightRequestsPerConnection + ", " + MAX_REQUEST_SIZE + "=" + maxRequestSize
                + ", " + METADATA_MAX_AGE_MS + "=" + metadataMaxAgeMs + ", " + ENABLE_IDEMPOTENCE + "=" + idempotent + ")";
    }

    /** Collects settings; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private String bootstrapServers = Configs.DEFAULT_BOOTSTRAP;
        private ClientSecurity security = ClientSecurity.NONE;
        private String clientId;
        private int acks = -1;
        private long lingerMs = 5;
        private int batchSize = 64 * 1024;
        private CompressionType compression = CompressionType.NONE;
        private long bufferMemory = 32L * 1024 * 1024;
        private long maxBlockMs = 60_000;
        private long deliveryTimeoutMs = 120_000;
        private int requestTimeoutMs = 30_000;
        private long retryBackoffMs = 100;
        private long retryBackoffMaxMs = 1000;
        private int maxInFlight = 5;
        private int retries = Integer.MAX_VALUE;
        private int maxRequestSize = 16 * 1024 * 1024;
        private long metadataMaxAgeMs = 300_000;
        private Boolean enableIdempotence;

        private Builder() {}

        /** On (the default with acks=all) or off; see the table in {@link ProducerConfig}. */
        public Builder enableIdempotence(boolean enable) {
            this.enableIdempotence = enable;
            return this;
        }

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

        /** 0, 1 or -1 (all). */
        public Builder acks(int acks) {
            this.acks = acks;
            return this;
        }

        /** "0", "1", "-1" or "all". */
        public Builder acks(String acks) {
            String a = acks.trim().toLowerCase(Locale.ROOT);
            switch (a) {
                case "all", "-1" -> this.acks = -1;
                case "1" -> this.acks = 1;
                case "0" -> this.acks = 0;
                default -> throw new InvalidConfigException(ACKS + " must be 0, 1 or all, got '" + acks + "'");
            }
            return this;
        }

        public Builder lingerMs(long lingerMs) {
            this.lingerMs = lingerMs;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder compression(CompressionType compression) {
            this.compression = Objects.requireNonNull(compression, "compression");
            return this;
        }

        /** none, gzip, snappy, lz4 or zstd. */
        public Builder compression(String name) {
            try {
                this.compression = CompressionType.forName(name);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(COMPRESSION_TYPE + ": " + e.getMessage());
            }
            return this;
        }

        public Builder bufferMemory(long bytes) {
            this.bufferMemory = bytes;
            return this;
        }

        public Builder maxBlockMs(long ms) {
            this.maxBlockMs = ms;
            return this;
        }

        public Builder deliveryTimeoutMs(long ms) {
            this.deliveryTimeoutMs = ms;
            return this;
        }

        public Builder requestTimeoutMs(int ms) {
            this.requestTimeoutMs = ms;
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

        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }

        public Builder maxInFlightRequestsPerConnection(int n) {
            this.maxInFlight = n;
            return this;
        }

        public Builder maxRequestSize(int bytes) {
            this.maxRequestSize = bytes;
            return this;
        }

        public Builder metadataMaxAgeMs(long ms) {
            this.metadataMaxAgeMs = ms;
            return this;
        }

        /** @throws InvalidConfigException naming the first invalid setting */
        public ProducerConfig build() {
            return new ProducerConfig(this);
        }
    }
}
