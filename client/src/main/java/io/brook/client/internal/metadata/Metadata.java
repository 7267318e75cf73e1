package io.brook.client.internal.metadata;

import io.brook.client.BrookException;
import io.brook.client.InterruptException;
import io.brook.client.TimeoutException;
import io.brook.client.internal.Backoff;
import io.brook.client.internal.ClientSettings;
import io.brook.client.internal.ErrorMapping;
import io.brook.client.internal.Futures;
import io.brook.client.internal.network.NetworkClient;
import io.brook.protocol.ApiKey;
import io.brook.protocol.Errors;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.MetadataRequest;
import io.brook.protocol.message.MetadataResponse;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's view of the cluster for the topics it uses, refreshed with Metadata requests: when
 * something needs it ({@link #requestUpdate()}, after errors such as NOT_LEADER), when a topic of
 * interest is new, or when the snapshot is older than {@code metadata.max.age.ms}. A refresh asks
 * the known brokers, then the bootstrap addresses, until one answers; refreshes are spaced by the
 * retry backoff so that a burst of errors does not become a burst of requests.
 *
 * <p>Thread safety: readers get an immutable {@link Cluster} from a volatile field without locking;
 * the refresh bookkeeping is guarded by this object's monitor; requests complete on the network
 * event loop.
 */
public final class Metadata {

    private static final Logger log = LoggerFactory.getLogger(Metadata.class);

    private final NetworkClient network;
    private final ClientSettings settings;
    private final Backoff backoff;
    private volatile Cluster cluster = Cluster.EMPTY;

    private final Set<String> topics = new LinkedHashSet<>();
    /** Whether refreshes ask for every topic (a consumer subscribed to a pattern). */
    private boolean allTopics;
    private boolean updateRequested;
    private CompletableFuture<Cluster> inFlight;
    private long lastSuccessNanos;
    private long nextAttemptNanos;
    private int failures;
    private int rotation;
    private int anyBrokerCalls;

    public Metadata(NetworkClient network, ClientSettings settings) {
        this.network = network;
        this.settings = settings;
        this.backoff = new Backoff(settings.retryBackoffMs(), settings.retryBackoffMaxMs());
        this.lastSuccessNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
        this.nextAttemptNanos = System.nanoTime();
    }

    /** The latest snapshot. */
    public Cluster cluster() {
        return cluster;
    }

    /** Adds topics to those kept up to date; a new one makes the next {@link #refreshIfNeeded} refresh. */
    public synchronized void addTopics(Collection<String> names) {
        if (topics.addAll(names)) {
            updateRequested = true;
        }
    }

    /** Replaces the topics kept up to date. */
    public synchronized void setTopics(Collection<String> names) {
        Set<String> next = new LinkedHashSet<>(names);
        if (!topics.containsAll(next)) {
            updateRequested = true;
        }
        topics.clear();
        topics.addAll(next);
    }

    /** Whether refreshes ask for every topic of the cluster (for pattern subscriptions) besides those named. */
    public synchronized void setAllTopics(boolean all) {
        if (all && !allTopics) {
            updateRequested = true;
        }
        allTopics = all;
    }

    /** Marks the snapshot as outdated; the next {@link #refreshIfNeeded} refreshes it. */
    public synchronized void requestUpdate() {
        updateRequested = true;
    }

    /** @return the running or newly started refresh, or {@code null} when none is needed */
    public synchronized CompletableFuture<Cluster> refreshIfNeeded() {
        if (inFlight != null) {
            return inFlight;
        }
        boolean stale = System.nanoTime() - lastSuccessNanos >= TimeUnit.MILLISECONDS.toNanos(settings.metadataMaxAgeMs());
        return updateRequested || stale ? refresh() : null;
    }

    /**
     * Starts a refresh, or returns the one running. It is sent once the backoff after the previous
     * attempt has passed; it completes with the new snapshot or fails when no broker answered.
     */
    public synchronized CompletableFuture<Cluster> refresh() {
        if (inFlight != null) {
            return inFlight;
        }
        CompletableFuture<Cluster> f = new CompletableFuture<>();
        inFlight = f;
        updateRequested = false;
        List<String> wanted = List.copyOf(topics);
        boolean all = allTopics;
        List<InetSocketAddress> candidates = candidates();
        long delayNanos = Math.max(0, nextAttemptNanos - System.nanoTime());
        Runnable attempt = () -> attempt(f, wanted, all, candidates, 0, null);
        try {
            if (delayNanos > 0) {
                network.eventLoop().schedule(attempt, delayNanos, TimeUnit.NANOSECONDS);
            } else {
                network.eventLoop().execute(attempt);
            }
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight = null;
            f.completeExceptionally(new io.brook.client.ConnectionException("the client is closed"));
        }
        return f;
    }

    /** Known brokers first (rotating, to spread the load), then the bootstrap addresses. */
    private List<InetSocketAddress> candidates() {
        return candidates(true);
    }

    private List<InetSocketAddress> candidates(boolean rotate) {
        List<InetSocketAddress> known = cluster.brokerAddresses();
        List<InetSocketAddress> out = new ArrayList<>(known.size() + settings.bootstrap().size());
        int start = known.isEmpty() || !rotate ? 0 : Math.floorMod(rotation++, known.size());
        for (int i = 0; i < known.size(); i++) {
            out.add(known.get((start + i) % known.size()));
        }
        for (InetSocketAddress a : settings.bootstrap()) {
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * A broker to send a request to that any broker can answer. Successive calls walk through the
     * known brokers and the bootstrap addresses in turn, so that a retry after a failure goes to
     * another broker (a first bootstrap address that is down is not asked forever), and a refresh
     * is started if one was requested, so that the known brokers replace the bootstrap list soon.
     */
    public synchronized InetSocketAddress anyBroker() {
        refreshIfNeeded();
        List<InetSocketAddress> all = candidates(false);
        return all.get(Math.floorMod(anyBrokerCalls++, all.size()));
    }

    private void attempt(CompletableFuture<Cluster> f, List<String> wanted, boolean all,
                         List<InetSocketAddress> candidates, int index, Throwable previous) {
        if (index >= candidates.size()) {
            finish(f, null, previous);
            return;
        }
        InetSocketAddress target = candidates.get(index);
        MetadataRequest request = MetadataRequest.newBuilder().addAllTopics(all ? List.of() : wanted).setAllTopics(all)
                .setAllowAutoCreate(settings.allowAutoCreateTopics() && !all).build();
        network.call(target, ApiKey.METADATA, request, MetadataResponse.parser(), settings.requestTimeoutMs())
                .whenComplete((response, error) -> {
                    if (error != null) {
                        attempt(f, wanted, all, candidates, index + 1, Futures.unwrap(error));
                    } else if (response.getErrorCode() != ErrorCode.NONE) {
                        BrookException e = ErrorMapping.toException(response.getErrorCode(), response.getErrorMessage(),
                                null, -1, -1);
                        if (Errors.isRetriable(response.getErrorCode())) {
                            attempt(f, wanted, all, candidates, index + 1, e);
                        } else {
                            finish(f, null, e);
                        }
                    } else {
                        finish(f, cluster.merge(response, all ? List.of() : wanted, all), null);
                    }
                });
    }

    private void finish(CompletableFuture<Cluster> f, Cluster updated, Throwable error) {
        synchronized (this) {
            inFlight = null;
            long now = System.nanoTime();
            if (updated != null) {
                cluster = updated;
                failures = 0;
                lastSuccessNanos = now;
                nextAttemptNanos = now + TimeUnit.MILLISECONDS.toNanos(settings.retryBackoffMs());
            } else {
                failures++;
                nextAttemptNanos = now + TimeUnit.MILLISECONDS.toNanos(backoff.delayMs(failures));
                updateRequested = true;
            }
        }
        if (updated != null) {
            log.debug("metadata updated: {}", updated);
            f.complete(updated);
        } else {
            log.debug("metadata refresh failed: {}", error.toString());
            f.completeExceptionally(error);
        }
    }

    /**
     * Blocks until {@code topic} has partitions in the snapshot, refreshing as needed: the
     * producer's wait before it can choose a partition.
     *
     * @throws io.brook.client.UnknownTopicOrPartitionException when the topic still does not exist at the deadline
     * @throws TimeoutException when no broker answered by the deadline
     * @throws BrookException when the broker reports a non-retriable problem (invalid topic name), or
     *     {@link io.brook.client.AuthenticationException} when the brokers refuse the credentials
     */
    public Cluster awaitTopic(String topic, long deadlineNanos, long maxBlockMs) {
        return awaitTopic(topic, deadlineNanos, maxBlockMs, "max.block.ms");
    }

    /** As {@link #awaitTopic(String, long, long)}, naming {@code timeoutName} as the bound in its messages. */
    public Cluster awaitTopic(String topic, long deadlineNanos, long maxBlockMs, String timeoutName) {
        Cluster c = cluster;
        Cluster.TopicInfo t = c.topic(topic);
        if (t != null && t.error() == ErrorCode.NONE && t.partitionCount() > 0) {
            return c;
        }
        addTopics(List.of(topic));
        Throwable lastFailure = null;
        while (true) {
            c = cluster;
            t = c.topic(topic);
            if (t != null && t.error() == ErrorCode.NONE && t.partitionCount() > 0) {
                return c;
            }
            if (t != null && t.error() != ErrorCode.NONE && !Errors.isRetriable(t.error())) {
                throw ErrorMapping.toException(t.error(), t.errorMessage(), topic, -1, -1);
            }
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                if (t != null) {
                    throw ErrorMapping.unknownTopic(topic, -1, " (still unknown after " + maxBlockMs + " ms, " + timeoutName + ")");
                }
                throw new TimeoutException("no metadata for topic '" + topic + "' within " + maxBlockMs + " ms (" + timeoutName + ")"
                        + (lastFailure == null ? "" : ": " + lastFailure.getMessage()), lastFailure);
            }
            try {
                refresh().get(remaining, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw new InterruptException(e);
            } catch (ExecutionException e) {
                lastFailure = Futures.unwrap(e);
                if (lastFailure instanceof io.brook.client.AuthenticationException refused) {
                    throw refused; // the same credentials fail the same way until the deadline
                }
            } catch (java.util.concurrent.TimeoutException e) {
                // loop: the deadline check above reports it
            }
        }
    }
}
