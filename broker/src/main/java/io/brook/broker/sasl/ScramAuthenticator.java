package io.brook.broker.sasl;

import io.brook.broker.cluster.auth.ClusterSecret;
import io.brook.broker.config.BrokerConfig;
import io.brook.broker.config.ConfigException;
import io.brook.protocol.security.scram.CredentialLookup;
import io.brook.protocol.security.scram.DecoyCredentials;
import io.brook.protocol.security.scram.ScramCredential;
import io.brook.protocol.security.scram.ScramException;
import io.brook.protocol.security.scram.ScramMechanism;
import io.brook.protocol.security.scram.ScramNonces;
import io.brook.protocol.security.scram.ScramServer;
import io.brook.replication.control.ClusterMetadata;
import io.brook.replication.control.StoredCredential;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every SCRAM exchange of this broker shares: the mechanisms {@code sasl.enabled.mechanisms}
 * enables, the lookup of a user's credential in the current metadata image (so that a user created or
 * deleted anywhere in the cluster counts from the next exchange on), and the decoys for unknown users.
 *
 * <p>Decoys must be the same on every broker and after every restart, or a client could tell an
 * unknown user from a known one by asking twice and comparing salts. Their secret is derived from the
 * cluster secret ({@code cluster.secret.file}) when there is one: stable and unpredictable. Without
 * one it is derived from the cluster id, which is stable but not secret (ApiVersions tells it to any
 * client), so someone who knows the derivation can compute a decoy salt and recognise an unknown user:
 * set a cluster secret where user names must not be guessable. Immutable; thread-safe.
 */
public final class ScramAuthenticator implements CredentialLookup {

    /** The iteration count of decoys: that of credentials made with the defaults of the CLI. */
    public static final int DECOY_ITERATIONS = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(ScramAuthenticator.class);

    private final List<ScramMechanism> enabled;
    private final ClusterMetadata metadata;
    private final DecoyCredentials decoys;

    private ScramAuthenticator(List<ScramMechanism> enabled, ClusterMetadata metadata, DecoyCredentials decoys) {
        this.enabled = List.copyOf(enabled);
        this.metadata = metadata;
        this.decoys = decoys;
    }

    /**
     * @param secret the cluster secret, or null when the cluster has none
     * @throws ConfigException when {@code sasl.enabled.mechanisms} names an unknown mechanism or none
     */
    public static ScramAuthenticator create(BrokerConfig config, ClusterMetadata metadata, ClusterSecret secret) {
        byte[] decoySecret = secret != null ? secret.derive("scram-decoys")
                : sha256("brook-scram-decoys\0" + config.getString(BrokerConfig.CLUSTER_ID));
        return new ScramAuthenticator(parseMechanisms(config.getString(BrokerConfig.SASL_ENABLED_MECHANISMS)), metadata,
                DecoyCredentials.withSecret(decoySecret, DECOY_ITERATIONS));
    }

    /** @throws ConfigException for an unknown mechanism name, or an empty list */
    static List<ScramMechanism> parseMechanisms(String value) {
        List<ScramMechanism> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            try {
                ScramMechanism m = ScramMechanism.forName(name);
                if (!out.contains(m)) {
                    out.add(m);
                }
            } catch (ScramException e) {
                throw new ConfigException(BrokerConfig.SASL_ENABLED_MECHANISMS, BrokerConfig.SASL_ENABLED_MECHANISMS + ": " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new ConfigException(BrokerConfig.SASL_ENABLED_MECHANISMS, BrokerConfig.SASL_ENABLED_MECHANISMS
                    + " names no mechanism; use SCRAM-SHA-256, SCRAM-SHA-512 or both");
        }
        return out;
    }

    /** The enabled mechanism of that SASL name, or null when it is unknown or not enabled. */
    public ScramMechanism enabled(String name) {
        for (ScramMechanism m : enabled) {
            if (m.mechanismName().equals(name)) {
                return m;
            }
        }
        return null;
    }

    /** The SASL names of the enabled mechanisms, in the configured order. */
    public List<String> enabledNames() {
        return enabled.stream().map(ScramMechanism::mechanismName).toList();
    }

    /** A new exchange for {@code mechanism}, whose lookups go through {@code lookup} (to learn the name asked for). */
    ScramServer newExchange(ScramMechanism mechanism, CredentialLookup lookup) {
        return new ScramServer(mechanism, lookup, ScramNonces.secureRandom(), decoys);
    }

    /**
     * The user's credential in the current image, or null. A stored credential that does not decode
     * is logged and treated as absent: the user cannot log in until it is set again.
     */
    @Override
    public ScramCredential find(String username, ScramMechanism mechanism) {
        Map<String, StoredCredential> byMechanism = metadata.image().users().get(username);
        StoredCredential stored = byMechanism == null ? null : byMechanism.get(mechanism.mechanismName());
        if (stored == null) {
            return null;
        }
        try {
            ScramCredential c = ScramCredential.decode(stored.bytes());
            return c.mechanism() == mechanism ? c : null;
        } catch (ScramException e) {
            LOG.error("The stored {} credential of user '{}' cannot be read ({}); set it again with `brook user create`",
                    mechanism.mechanismName(), username, e.getMessage());
            return null;
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
