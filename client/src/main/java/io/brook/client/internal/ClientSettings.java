package io.brook.client.internal;

import io.brook.client.ClientSecurity;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The settings every client (producer, consumer, admin) shares, extracted from its public config so
 * that the internals depend on one small type.
 *
 * @param role producer, consumer or admin: for thread names and log lines
 * @param bootstrap addresses to fetch the first metadata from (unresolved; resolved on connect)
 * @param requestTimeoutMs how long to wait for a response before failing the request
 * @param retryBackoffMs first backoff after a retriable failure; doubled per attempt
 * @param retryBackoffMaxMs cap of the exponential backoff
 * @param metadataMaxAgeMs metadata older than this is refreshed even without a reason
 * @param maxInFlightPerConnection requests awaiting a response per connection; more wait in a queue
 * @param maxResponseBytes largest response frame accepted
 * @param allowAutoCreateTopics whether metadata requests ask the broker to create missing topics
 * @param security TLS and SASL settings of every connection
 */
public record ClientSettings(String role, List<InetSocketAddress> bootstrap, String clientId, int requestTimeoutMs,
                             long retryBackoffMs, long retryBackoffMaxMs, long metadataMaxAgeMs,
                             int maxInFlightPerConnection, int maxResponseBytes, boolean allowAutoCreateTopics,
                             ClientSecurity security) {

    public ClientSettings {
        bootstrap = List.copyOf(bootstrap);
        java.util.Objects.requireNonNull(security, "security");
    }

    /** Settings without TLS or SASL. */
    public ClientSettings(String role, List<InetSocketAddress> bootstrap, String clientId, int requestTimeoutMs,
                          long retryBackoffMs, long retryBackoffMaxMs, long metadataMaxAgeMs,
                          int maxInFlightPerConnection, int maxResponseBytes, boolean allowAutoCreateTopics) {
        this(role, bootstrap, clientId, requestTimeoutMs, retryBackoffMs, retryBackoffMaxMs, metadataMaxAgeMs, maxInFlightPerConnection,
                maxResponseBytes, allowAutoCreateTopics, ClientSecurity.NONE);
    }

    /** Prefix of this client's thread names, e.g. {@code brook-producer-3} or {@code brook-consumer-myapp}. */
    public String threadPrefix() {
        return clientId.startsWith("brook-") ? clientId : "brook-" + role + "-" + clientId;
    }
}
