package io.brook.client;

import io.brook.client.internal.ClientSettings;
import io.brook.client.internal.Configs;
import io.brook.protocol.frame.FrameLayout;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Properties;

/**
 * Immutable configuration of an {@link Admin} client.
 *
 * <table>
 * <caption>Settings (property key, default)</caption>
 * <tr><th>Key</th><th>Default</th><th>Meaning</th></tr>
 * <tr><td>{@value #BOOTSTRAP_SERVERS}</td><td>127.0.0.1:9192</td><td>comma-separated host:port list of brokers</td></tr>
 * <tr><td>{@value #CLIENT_ID}</td><td>brook-admin-N</td><td>sent with each request, for broker logs</td></tr>
 * <tr><td>{@value #REQUEST_TIMEOUT_MS}</td><td>30000</td><td>how long to wait for one response</td></tr>
 * <tr><td>{@value #DEFAULT_API_TIMEOUT_MS}</td><td>60000</td><td>bound of each admin operation, retries included</td></tr>
 * <tr><td>{@value #RETRY_BACKOFF_MS}</td><td>100</td><td>first wait before a retry; doubles per attempt</td></tr>
 * <tr><td>{@value #RETRY_BACKOFF_MAX_MS}</td><td>1000</td><td>cap of the retry backoff</td></tr>
 * <tr><td>{@value #METADATA_MAX_AGE_MS}</td><td>300000</td><td>refresh metadata at least this often</td></tr>
 * </table>
 */
public final class AdminConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String CLIENT_ID = "client.id";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    public static final String DEFAULT_API_TIMEOUT_MS = "default.api.timeout.ms";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String METADATA_MAX_AGE_MS = "metadata.max.age.ms";

    private final String bootstrapServers;
    private final ClientSecurity security;
    private final List<InetSocketAddress> bootstrap;
    private final String clientId;
    private final int requestTimeoutMs;
    private final long defaultApiTimeoutMs;
    private final long retryBackoffMs;
    private final long retryBackoffMaxMs;
    private final long metadataMaxAgeMs;

    private AdminConfig(Builder b) {
        this.bootstrapServers = b.bootstrapServers;
        this.security = b.security;
        this.bootstrap = Configs.parseBootstrap(b.bootstrapServers);
        this.clientId = b.clientId != null ? b.clientId : Configs.defaultClientId("admin");
        this.requestTimeoutMs = Configs.atLeast(REQUEST_TIMEOUT_MS, b.requestTimeoutMs, 1);
        this.defaultApiTimeoutMs = Configs.atLeast(DEFAULT_API_TIMEOUT_MS, b.defaultApiTimeoutMs, 1);
        this.retryBackoffMs = Configs.atLeast(RETRY_BACKOFF_MS, b.retryBackoffMs, 0);
        this.retryBackoffMaxMs = Configs.atLeast(RETRY_BACKOFF_MAX_MS, b.retryBackoffMaxMs, retryBackoffMs);
        this.metadataMaxAgeMs = Configs.atLeast(METADATA_MAX_AGE_MS, b.metadataMaxAgeMs, 0);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every setting at its default: an admin client for a broker at 127.0.0.1:9192. */
    public static AdminConfig defaults() {
        return builder().build();
    }

    /**
     * Reads the settings from Kafka-style dotted keys (the table above).
     *
     * @throws InvalidConfigException for an unknown key or an invalid value
     */
    public static AdminConfig fromProperties(Properties props) {
        Builder b = builder();
        Configs.PropertyReader reader = new Configs.PropertyReader(props, "admin");
        ClientSecurity.Builder security = ClientSecurity.read(reader);
        reader
                .string(BOOTSTRAP_SERVERS, b::bootstrapServers)
                .string(CLIENT_ID, b::clientId)
                .integer(REQUEST_TIMEOUT_MS, b::requestTimeoutMs)
                .longValue(DEFAULT_API_TIMEOUT_MS, b::defaultApiTimeoutMs)
                .longValue(RETRY_BACKOFF_MS, b::retryBackoffMs)
                .longValue(RETRY_BACKOFF_MAX_MS, b::retryBackoffMaxMs)
                .longValue(METADATA_MAX_AGE_MS, b::metadataMaxAgeMs)
                .rejectUnknown();
        b.security(security.build());
        return b.build();
    }

    ClientSettings settings() {
        return new ClientSettings("admin", bootstrap, clientId, requestTimeoutMs, retryBackoffMs, retryBackoffMaxMs,
                metadataMaxAgeMs, 5, FrameLayout.DEFAULT_MAX_FRAME_BYTES, false, security);
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

    public long metadataMaxAgeMs() {
        return metadataMaxAgeMs;
    }

    @Override
    public String toString() {
        return "AdminConfig(" + BOOTSTRAP_SERVERS + "=" + bootstrapServers + ", " + CLIENT_ID + "=" + clientId
                + ", " + REQUEST_TIMEOUT_MS + "=" + requestTimeoutMs + ", " + DEFAULT_API_TIMEOUT_MS + "=" + defaultApiTimeoutMs
                + ", " + RETRY_BACKOFF_MS + "=" + retryBackoffMs + ", " + RETRY_BACKOFF_MAX_MS + "=" + retryBackoffMaxMs
                + ", " + METADATA_MAX_AGE_MS + "=" + metadataMaxAgeMs + ")";
    }

    /** Collects settings; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private String bootstrapServers = Configs.DEFAULT_BOOTSTRAP;
        private ClientSecurity security = ClientSecurity.NONE;
        private String clientId;
        private int requestTimeoutMs = 30_000;
        private long defaultApiTimeoutMs = 60_000;
        private long retryBackoffMs = 100;
        private long retryBackoffMaxMs = 1000;
        private long metadataMaxAgeMs = 300_000;

        private Builder() {}

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

        public Builder metadataMaxAgeMs(long ms) {
            this.metadataMaxAgeMs = ms;
            return this;
        }

        /** @throws InvalidConfigException naming the first invalid setting */
        public AdminConfig build() {
            return new AdminConfig(this);
        }
    }
}
