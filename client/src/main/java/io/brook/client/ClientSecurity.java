package io.brook.client;

import io.brook.client.internal.Configs;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How a client secures its connections, shared by {@link ProducerConfig}, {@link ConsumerConfig} and
 * {@link AdminConfig} (the same property keys in each):
 *
 * <table>
 * <caption>Security settings (property key, default)</caption>
 * <tr><th>Key</th><th>Default</th><th>Meaning</th></tr>
 * <tr><td>{@value #TLS_ENABLED}</td><td>false</td><td>connect with TLS</td></tr>
 * <tr><td>{@value #TLS_CA_FILE}</td><td>(none: the JVM's trust store)</td><td>PEM file of the CA certificates to trust</td></tr>
 * <tr><td>{@value #TLS_CERT_FILE}</td><td>(none)</td><td>PEM certificate chain to present (mutual TLS)</td></tr>
 * <tr><td>{@value #TLS_KEY_FILE}</td><td>(none)</td><td>PEM PKCS#8 private key of that certificate</td></tr>
 * <tr><td>{@value #TLS_VERIFY_HOSTNAME}</td><td>true</td><td>check that the broker's certificate names the host connected to</td></tr>
 * <tr><td>{@value #SASL_MECHANISM}</td><td>(none: no SASL)</td><td>SCRAM-SHA-256 or SCRAM-SHA-512</td></tr>
 * <tr><td>{@value #SASL_USERNAME}</td><td>(none)</td><td>the user to authenticate as</td></tr>
 * <tr><td>{@value #SASL_PASSWORD}</td><td>(none)</td><td>its password (kept in memory only)</td></tr>
 * </table>
 *
 * Immutable; {@link #toString()} never shows the password.
 */
public final class ClientSecurity {

    public static final String TLS_ENABLED = "tls.enabled";
    public static final String TLS_CA_FILE = "tls.ca.file";
    public static final String TLS_CERT_FILE = "tls.cert.file";
    public static final String TLS_KEY_FILE = "tls.key.file";
    public static final String TLS_VERIFY_HOSTNAME = "tls.verify.hostname";
    public static final String SASL_MECHANISM = "sasl.mechanism";
    public static final String SASL_USERNAME = "sasl.username";
    public static final String SASL_PASSWORD = "sasl.password";

    /** No TLS, no SASL: plain connections, as to a broker with security off. */
    public static final ClientSecurity NONE = builder().build();

    private final boolean tlsEnabled;
    private final Path tlsCaFile;
    private final Path tlsCertFile;
    private final Path tlsKeyFile;
    private final boolean tlsVerifyHostname;
    private final String saslMechanism;
    private final String saslUsername;
    private final char[] saslPassword;

    private ClientSecurity(Builder b) {
        if ((b.tlsCertFile == null) != (b.tlsKeyFile == null)) {
            throw new InvalidConfigException(TLS_CERT_FILE + " and " + TLS_KEY_FILE + " go together: set both or neither");
        }
        if ((b.tlsCertFile != null || b.tlsCaFile != null) && !b.tlsEnabled) {
            throw new InvalidConfigException(TLS_CA_FILE + ", " + TLS_CERT_FILE + " and " + TLS_KEY_FILE + " need " + TLS_ENABLED + "=true",
                    null, null);
        }
        if (b.saslMechanism != null) {
            if (!b.saslMechanism.equals("SCRAM-SHA-256") && !b.saslMechanism.equals("SCRAM-SHA-512")) {
                throw new InvalidConfigException(SASL_MECHANISM + " must be SCRAM-SHA-256 or SCRAM-SHA-512, got '" + b.saslMechanism + "'",
                        null, null);
            }
            if (b.saslUsername == null || b.saslUsername.isEmpty() || b.saslPassword == null) {
                throw new InvalidConfigException(SASL_MECHANISM + " needs " + SASL_USERNAME + " and " + SASL_PASSWORD);
            }
        } else if (b.saslUsername != null || b.saslPassword != null) {
            throw new InvalidConfigException(SASL_USERNAME + " and " + SASL_PASSWORD + " need " + SASL_MECHANISM);
        }
        this.tlsEnabled = b.tlsEnabled;
        this.tlsCaFile = b.tlsCaFile;
        this.tlsCertFile = b.tlsCertFile;
        this.tlsKeyFile = b.tlsKeyFile;
        this.tlsVerifyHostname = b.tlsVerifyHostname;
        this.saslMechanism = b.saslMechanism;
        this.saslUsername = b.saslUsername;
        this.saslPassword = b.saslPassword == null ? null : b.saslPassword.clone();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads the security keys of the table above from {@code reader} into a builder. */
    static Builder read(Configs.PropertyReader reader) {
        Builder b = builder();
        reader.bool(TLS_ENABLED, b::tlsEnabled)
                .string(TLS_CA_FILE, v -> b.tlsCaFile(Path.of(v)))
                .string(TLS_CERT_FILE, v -> b.tlsCertFile(Path.of(v)))
                .string(TLS_KEY_FILE, v -> b.tlsKeyFile(Path.of(v)))
                .bool(TLS_VERIFY_HOSTNAME, b::tlsVerifyHostname)
                .string(SASL_MECHANISM, b::saslMechanism)
                .string(SASL_USERNAME, b::saslUsername)
                .string(SASL_PASSWORD, v -> b.saslPassword(v.toCharArray()));
        return b;
    }

    public boolean tlsEnabled() {
        return tlsEnabled;
    }

    /** @return the CA file, or null for the JVM's default trust store */
    public Path tlsCaFile() {
        return tlsCaFile;
    }

    /** @return the client certificate chain, or null when the client presents none */
    public Path tlsCertFile() {
        return tlsCertFile;
    }

    public Path tlsKeyFile() {
        return tlsKeyFile;
    }

    public boolean tlsVerifyHostname() {
        return tlsVerifyHostname;
    }

    /** @return the SASL mechanism, or null when the client does not authenticate with SASL */
    public String saslMechanism() {
        return saslMechanism;
    }

    public String saslUsername() {
        return saslUsername;
    }

    /** A copy of the password (the caller may wipe it), or null. */
    public char[] saslPassword() {
        return saslPassword == null ? null : saslPassword.clone();
    }

    @Override
    public String toString() {
        return "ClientSecurity(" + TLS_ENABLED + "=" + tlsEnabled + (tlsCaFile == null ? "" : ", " + TLS_CA_FILE + "=" + tlsCaFile)
                + (tlsCertFile == null ? "" : ", " + TLS_CERT_FILE + "=" + tlsCertFile)
                + (saslMechanism == null ? "" : ", " + SASL_MECHANISM + "=" + saslMechanism + ", " + SASL_USERNAME + "=" + saslUsername
                + ", " + SASL_PASSWORD + "=[hidden]") + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientSecurity c && tlsEnabled == c.tlsEnabled && java.util.Objects.equals(tlsCaFile, c.tlsCaFile)
                && java.util.Objects.equals(tlsCertFile, c.tlsCertFile) && java.util.Objects.equals(tlsKeyFile, c.tlsKeyFile)
                && tlsVerifyHostname == c.tlsVerifyHostname && java.util.Objects.equals(saslMechanism, c.saslMechanism)
                && java.util.Objects.equals(saslUsername, c.saslUsername) && Arrays.equals(saslPassword, c.saslPassword);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(tlsEnabled, tlsCaFile, tlsCertFile, saslMechanism, saslUsername);
    }

    /** Collects settings; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private boolean tlsEnabled;
        private Path tlsCaFile;
        private Path tlsCertFile;
        private Path tlsKeyFile;
        private boolean tlsVerifyHostname = true;
        private String saslMechanism;
        private String saslUsername;
        private char[] saslPassword;

        private Builder() {}

        public Builder tlsEnabled(boolean v) {
            this.tlsEnabled = v;
            return this;
        }

        public Builder tlsCaFile(Path v) {
            this.tlsCaFile = v;
            return this;
        }

        public Builder tlsCertFile(Path v) {
            this.tlsCertFile = v;
            return this;
        }

        public Builder tlsKeyFile(Path v) {
            this.tlsKeyFile = v;
            return this;
        }

        public Builder tlsVerifyHostname(boolean v) {
            this.tlsVerifyHostname = v;
            return this;
        }

        public Builder saslMechanism(String v) {
            this.saslMechanism = v;
            return this;
        }

        public Builder saslUsername(String v) {
            this.saslUsername = v;
            return this;
        }

        public Builder saslPassword(char[] v) {
            this.saslPassword = v == null ? null : v.clone();
            return this;
        }

        /** @throws InvalidConfigException when settings contradict each other (e.g. a mechanism without a user) */
        public ClientSecurity build() {
            return new ClientSecurity(this);
        }
    }
}
