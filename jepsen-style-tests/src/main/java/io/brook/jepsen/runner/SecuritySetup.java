package io.brook.jepsen.runner;

import io.brook.client.ClientSecurity;
import java.util.Map;

/**
 * How a run turns security on in the cluster it starts, as docs/security.md tells an operator to: the
 * brokers start with {@link RunOptions#brokerConfig()} (which may already hold the cluster secret and
 * TLS), the harness creates {@code user} over {@code tls} while clients need no password yet, then
 * restarts the brokers one by one with {@code brokerConfigAfter} (e.g. {@code client.authentication=sasl},
 * {@code authorization.enabled}, {@code super.users=User:<user>}); every client of the run then
 * authenticates as {@code user} (SCRAM-SHA-256).
 *
 * @param tls the TLS settings of the clients (no SASL); {@link ClientSecurity#NONE} without TLS
 */
public record SecuritySetup(String user, String password, Map<String, String> brokerConfigAfter, ClientSecurity tls) {

    public SecuritySetup {
        brokerConfigAfter = Map.copyOf(brokerConfigAfter);
    }

    /** The clients' settings once the user exists: {@link #tls()} plus SCRAM-SHA-256 as {@link #user()}. */
    public ClientSecurity authenticated() {
        return ClientSecurity.builder().tlsEnabled(tls.tlsEnabled()).tlsCaFile(tls.tlsCaFile()).tlsCertFile(tls.tlsCertFile())
                .tlsKeyFile(tls.tlsKeyFile()).tlsVerifyHostname(tls.tlsVerifyHostname())
                .saslMechanism("SCRAM-SHA-256").saslUsername(user).saslPassword(password.toCharArray()).build();
    }
}
