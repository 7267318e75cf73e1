package io.brook.broker.tls;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.config.ConfigException;
import io.brook.broker.network.ListenerTls;
import io.brook.protocol.security.tls.ClientAuth;
import io.brook.protocol.security.tls.ReloadingSslContext;
import io.brook.protocol.security.tls.TlsConfigException;
import io.brook.protocol.security.tls.TlsOptions;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * The TLS contexts of one broker, built from its configuration at start:
 *
 * <ul>
 * <li>with {@code tls.enabled}, a server context for the client listener that asks clients for a
 * certificate as {@code tls.client.auth} says, and always requires one under
 * {@code client.authentication=tls};
 * <li>with {@code peer.tls.enabled}, a server context for the peer listener that requires a client
 * certificate chained to {@code tls.ca.file}, and a client context, presenting the broker's own
 * certificate, for the broker's connections to its peers (which verify the peer's host name against
 * the certificate's subject alternative names).
 * </ul>
 *
 * Each context re-reads its files every {@code tls.reload.interval.ms} on a thread this object owns,
 * so renewed certificates reach new connections without a restart. Files that cannot be used at start
 * stop the broker with a {@link ConfigException} naming the key; later, they are logged and the
 * previous context stays ({@link ReloadingSslContext}). Thread-safe; {@link #close()} is idempotent.
 */
public final class BrokerTls implements AutoCloseable {

    private final ReloadingSslContext clientListener;
    private final ReloadingSslContext peerListener;
    private final ReloadingSslContext peerDialer;
    private final boolean certificatePrincipals;
    private final ScheduledExecutorService reloads;

    private BrokerTls(ReloadingSslContext clientListener, ReloadingSslContext peerListener, ReloadingSslContext peerDialer,
            boolean certificatePrincipals, ScheduledExecutorService reloads) {
        this.clientListener = clientListener;
        this.peerListener = peerListener;
        this.peerDialer = peerDialer;
        this.certificatePrincipals = certificatePrincipals;
        this.reloads = reloads;
    }

    /**
     * Builds the contexts the configuration asks for and starts re-reading their files.
     *
     * @throws ConfigException naming the key when the TLS keys contradict each other or a file they
     *     name is missing, unreadable, damaged or does not match the others
     */
    public static BrokerTls start(BrokerConfig config) {
        boolean clientTls = config.getBoolean(BrokerConfig.TLS_ENABLED);
        boolean peerTls = config.getBoolean(BrokerConfig.PEER_TLS_ENABLED);
        String authentication = config.getString(BrokerConfig.CLIENT_AUTHENTICATION);
        ClientAuth clientAuth = clientAuth(config, clientTls, authentication);
        if (!clientTls && !peerTls) {
            return new BrokerTls(null, null, null, false, null);
        }
        Path key = file(config, BrokerConfig.TLS_KEY_FILE, true, clientTls ? BrokerConfig.TLS_ENABLED : BrokerConfig.PEER_TLS_ENABLED);
        Path cert = file(config, BrokerConfig.TLS_CERT_FILE, true, clientTls ? BrokerConfig.TLS_ENABLED : BrokerConfig.PEER_TLS_ENABLED);
        String caNeededBy = peerTls ? BrokerConfig.PEER_TLS_ENABLED
                : authentication.equals("tls") ? BrokerConfig.CLIENT_AUTHENTICATION + "=tls"
                : BrokerConfig.TLS_CLIENT_AUTH + "=" + config.getString(BrokerConfig.TLS_CLIENT_AUTH);
        Path ca = file(config, BrokerConfig.TLS_CA_FILE, peerTls || clientAuth != ClientAuth.NONE, caNeededBy);
        Duration reload = Duration.ofMillis(config.getLong(BrokerConfig.TLS_RELOAD_INTERVAL_MS));
        List<ReloadingSslContext> built = new ArrayList<>();
        try {
            ReloadingSslContext client = null;
            ReloadingSslContext peer = null;
            ReloadingSslContext dialer = null;
            if (clientTls) {
                TlsOptions options = options(config, key, cert, ca, clientAuth, reload);
                client = context(config, () -> ReloadingSslContext.forServer(options), built);
            }
            if (peerTls) {
                TlsOptions options = options(config, key, cert, ca, ClientAuth.REQUIRE, reload);
                peer = context(config, () -> ReloadingSslContext.forServer(options), built);
                dialer = context(config, () -> ReloadingSslContext.forClient(options), built);
            }
            ScheduledExecutorService reloads = null;
            if (!reload.isZero()) {
                reloads = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "brook-tls-reload");
                    t.setDaemon(true);
                    return t;
                });
                for (ReloadingSslContext c : built) {
                    c.schedule(reloads);
                }
            }
            boolean principals = clientAuth != ClientAuth.NONE && !authentication.equals("sasl");
            return new BrokerTls(client, peer, dialer, principals, reloads);
        } catch (RuntimeException e) {
            built.forEach(ReloadingSslContext::close);
            throw e;
        }
    }

    /** tls.client.auth, raised to REQUIRE by client.authentication=tls; checked against tls.enabled. */
    private static ClientAuth clientAuth(BrokerConfig config, boolean clientTls, String authentication) {
        ClientAuth auth = switch (config.getString(BrokerConfig.TLS_CLIENT_AUTH)) {
            case "optional" -> ClientAuth.OPTIONAL;
            case "required" -> ClientAuth.REQUIRE;
            default -> ClientAuth.NONE;
        };
        if (authentication.equals("tls")) {
            if (!clientTls) {
                throw new ConfigException(BrokerConfig.CLIENT_AUTHENTICATION,
                        "client.authentication=tls needs tls.enabled=true (clients are named by their TLS certificate)");
            }
            return ClientAuth.REQUIRE;
        }
        if (auth != ClientAuth.NONE && !clientTls) {
            throw new ConfigException(BrokerConfig.TLS_CLIENT_AUTH, "tls.client.auth=" + config.getString(BrokerConfig.TLS_CLIENT_AUTH)
                    + " needs tls.enabled=true");
        }
        return auth;
    }

    private static Path file(BrokerConfig config, String key, boolean required, String neededBy) {
        String value = config.getString(key);
        if (value.isEmpty()) {
            if (required) {
                throw new ConfigException(key, neededBy + (neededBy.contains("=") ? "" : "=true") + " needs " + key);
            }
            return null;
        }
        return Path.of(value);
    }

    private static TlsOptions options(BrokerConfig config, Path key, Path cert, Path ca, ClientAuth auth, Duration reload) {
        try {
            return new TlsOptions(key, cert, ca, auth, reload, true, true);
        } catch (TlsConfigException e) {
            throw configError(config, e);
        }
    }

    private static ReloadingSslContext context(BrokerConfig config, Supplier<ReloadingSslContext> build, List<ReloadingSslContext> built) {
        try {
            ReloadingSslContext c = build.get();
            built.add(c);
            return c;
        } catch (TlsConfigException e) {
            throw configError(config, e);
        }
    }

    /** The TLS error as a one-line configuration error naming the key whose file is at fault. */
    private static ConfigException configError(BrokerConfig config, TlsConfigException e) {
        String key = e.file().map(f -> keyOf(config, f)).orElse(BrokerConfig.TLS_CERT_FILE);
        return new ConfigException(key, key + ": " + e.getMessage());
    }

    private static String keyOf(BrokerConfig config, Path file) {
        for (String key : List.of(BrokerConfig.TLS_KEY_FILE, BrokerConfig.TLS_CERT_FILE, BrokerConfig.TLS_CA_FILE)) {
            if (!config.getString(key).isEmpty() && Path.of(config.getString(key)).equals(file)) {
                return key;
            }
        }
        return BrokerConfig.TLS_CERT_FILE;
    }

    /** TLS of the client listener, or null when it is plain TCP. */
    public ListenerTls clientListener() {
        return clientListener == null ? null : new ListenerTls(clientListener::current, certificatePrincipals);
    }

    /** TLS of the peer listener (mutual), or null when it is plain TCP. */
    public ListenerTls peerListener() {
        return peerListener == null ? null : new ListenerTls(peerListener::current, false);
    }

    /** The context of this broker's connections to peers (mutual TLS), or null when they are plain TCP. */
    public Supplier<SslContext> peerDialer() {
        return peerDialer == null ? null : peerDialer::current;
    }

    /** Stops re-reading the files. The contexts stay usable for connections still open. */
    @Override
    public void close() {
        for (ReloadingSslContext c : new ReloadingSslContext[] {clientListener, peerListener, peerDialer}) {
            if (c != null) {
                c.close();
            }
        }
        if (reloads != null) {
            reloads.shutdownNow();
        }
    }
}
