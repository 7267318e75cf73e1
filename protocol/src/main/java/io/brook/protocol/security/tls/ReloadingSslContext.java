package io.brook.protocol.security.tls;

import io.netty.handler.ssl.SslContext;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current {@link SslContext} of a server (or client) whose key, certificate and CA files may be
 * replaced while it runs, such as when a certificate is renewed.
 *
 * <p>{@link #checkNow()} reads the files and, when any file's last-modified time, size or content
 * hash differs from what was loaded, builds a new context from them and swaps it in. A connection
 * takes {@link #current()} when it is accepted or dialled, so new connections get the new context
 * and existing ones keep the one they started with. Files that cannot be used (damaged, missing, a
 * key that does not match its certificate, typically half-way through a replacement) leave the
 * previous context in place and are logged as an error once for each distinct state of the files;
 * the next check after the replacement completes picks it up. {@link #schedule} runs the check every
 * {@link TlsOptions#reloadInterval()}.
 *
 * <p>Thread safety: {@link #current()} may be called from any thread (event loops) and never
 * blocks; checks, scheduling and closing are serialised on this object.
 */
public final class ReloadingSslContext implements AutoCloseable {

    /** What a {@link #checkNow()} did. */
    public enum Check {
        /** The files are as they were when the current context was built. */
        UNCHANGED,
        /** The files changed and a new context is now current. */
        RELOADED,
        /** The files changed but cannot be used (logged the first time); the previous context stays current. */
        REJECTED
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingSslContext.class);

    private final TlsOptions options;
    private final boolean server;
    private volatile SslContext current;
    /** Fingerprint of the files the current context came from. Guarded by this. */
    private String loaded;
    /** The last state of the files that could not be used, so that it is logged once. Guarded by this. */
    private String rejected;
    private ScheduledFuture<?> scheduled;
    private boolean closed;

    private ReloadingSslContext(TlsOptions options, boolean server) {
        this.options = options;
        this.server = server;
        TlsFiles files = TlsFiles.read(options);
        this.current = SslContexts.build(options, server, TlsMaterial.parse(files));
        this.loaded = files.fingerprint();
    }

    /**
     * A reloading server context, built now.
     *
     * @throws TlsConfigException when the files cannot be used at start
     */
    public static ReloadingSslContext forServer(TlsOptions options) {
        return new ReloadingSslContext(options, true);
    }

    /**
     * A reloading client context, built now.
     *
     * @throws TlsConfigException when the files cannot be used at start
     */
    public static ReloadingSslContext forClient(TlsOptions options) {
        return new ReloadingSslContext(options, false);
    }

    /** The context for a new connection. */
    public SslContext current() {
        return current;
    }

    /** Reads the files and swaps in a new context if they changed and can be used; see the class comment. */
    public synchronized Check checkNow() {
        String fingerprint = null;
        try {
            TlsFiles files = TlsFiles.read(options);
            fingerprint = files.fingerprint();
            if (fingerprint.equals(loaded)) {
                rejected = null; // back as loaded: a later break is a new change, to be logged again
                return Check.UNCHANGED;
            }
            if (fingerprint.equals(rejected)) {
                return Check.REJECTED;
            }
            TlsMaterial material = TlsMaterial.parse(files);
            current = SslContexts.build(options, server, material);
            loaded = fingerprint;
            rejected = null;
            X509Certificate leaf = material.leaf();
            LOG.info("Reloaded the TLS {} context from {}{}", server ? "server" : "client", describeFiles(),
                    leaf == null ? "" : " (certificate serial " + leaf.getSerialNumber().toString(16)
                            + ", valid until " + leaf.getNotAfter().toInstant() + ")");
            return Check.RELOADED;
        } catch (TlsConfigException e) {
            // An unreadable file has no fingerprint; its message stands for the state instead.
            String state = fingerprint != null ? fingerprint : "unreadable: " + e.getMessage();
            if (!state.equals(rejected)) {
                rejected = state;
                LOG.error("TLS files changed but cannot be used, keeping the previous {} context: {}",
                        server ? "server" : "client", e.getMessage());
            }
            return Check.REJECTED;
        }
    }

    /**
     * Runs {@link #checkNow()} on {@code executor} every {@link TlsOptions#reloadInterval()} until
     * {@link #close()}; does nothing when the interval is zero. The executor stays the caller's.
     *
     * @throws IllegalStateException when already scheduled or closed
     */
    public synchronized void schedule(ScheduledExecutorService executor) {
        Objects.requireNonNull(executor, "executor");
        if (closed || scheduled != null) {
            throw new IllegalStateException(closed ? "closed" : "already scheduled");
        }
        long millis = options.reloadInterval().toMillis();
        if (millis > 0) {
            scheduled = executor.scheduleWithFixedDelay(this::checkQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    private void checkQuietly() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            // A failure must not end the schedule: the next check may succeed.
            LOG.error("Checking the TLS files {} failed", describeFiles(), e);
        }
    }

    private String describeFiles() {
        return "key " + options.keyFile() + ", certificate " + options.certFile() + ", CA " + options.caFile();
    }

    /** Stops the scheduled checks, if any. The current context stays usable. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }
}
