package io.brook.client.internal.consumer.group;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.brook.client.BrookException;
import io.brook.client.ConnectionException;
import io.brook.client.TimeoutException;
import io.brook.client.internal.Backoff;
import io.brook.client.internal.ErrorMapping;
import io.brook.client.internal.Futures;
import io.brook.client.internal.coordinator.CoordinatorFinder;
import io.brook.client.internal.metadata.Metadata;
import io.brook.client.internal.network.NetworkClient;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the group's coordinator is: found with FindCoordinator sent to any broker
 * ({@link CoordinatorFinder}), remembered until
 * a request to it fails with a coordinator error (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE,
 * COORDINATOR_LOAD_IN_PROGRESS) or a lost connection, and then found again.
 *
 * <p>Thread safety: all state is owned by the network event loop; {@link #call} may be invoked from
 * any thread and hops onto the loop.
 */
public final class Coordinator {

    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);

    private final NetworkClient network;
    private final CoordinatorFinder finder;
    private final String groupId;
    private final long requestTimeoutMs;
    private InetSocketAddress address;
    private CompletableFuture<InetSocketAddress> finding;

    public Coordinator(NetworkClient network, Metadata metadata, String groupId, long requestTimeoutMs) {
        this.network = network;
        this.finder = new CoordinatorFinder(network, metadata, (int) Math.min(Integer.MAX_VALUE, requestTimeoutMs));
        this.groupId = groupId;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    public String groupId() {
        return groupId;
    }

    /** Whether {@code code} says the coordinator must be found again. */
    public static boolean isCoordinatorError(ErrorCode code) {
        return code == ErrorCode.NOT_COORDINATOR || code == ErrorCode.COORDINATOR_NOT_AVAILABLE
                || code == ErrorCode.COORDINATOR_LOAD_IN_PROGRESS;
    }

    /**
     * Sends one request to the coordinator (finding it first if needed) and parses the answer. A
     * failure to reach it forgets the coordinator, so that the next call finds it again.
     */
    public <T extends MessageLite> CompletableFuture<T> call(ApiKey api, MessageLite request, Parser<T> parser) {
        CompletableFuture<T> out = new CompletableFuture<>();
        try {
            network.eventLoop().execute(() -> send(api, request, parser, out));
        } catch (RejectedExecutionException e) {
            out.completeExceptionally(new ConnectionException("the consumer is closed"));
        }
        return out;
    }

    private <T extends MessageLite> void send(ApiKey api, MessageLite request, Parser<T> parser, CompletableFuture<T> out) {
        find().whenComplete((target, findError) -> {
            if (findError != null) {
                out.completeExceptionally(findError);
                return;
            }
            network.call(target, api, request, parser, requestTimeoutMs).whenComplete((r, e) -> {
                if (e != null) {
                    forget(target);
                    out.completeExceptionally(e);
                } else {
                    out.complete(r);
                }
            });
        });
    }

    /**
     * As {@link #call}, retrying until {@code deadlineNanos} while the coordinator cannot be reached
     * or answers with a coordinator error ({@code errorOf} reads the answer's error code); the
     * request is rebuilt for each attempt. Completes with the first other answer, or fails with a
     * non-retriable error or, at the deadline, a {@link TimeoutException} naming the last problem.
     */
    public <T extends MessageLite> CompletableFuture<T> callRetrying(ApiKey api, Supplier<MessageLite> request,
                                                                  Parser<T> parser, Function<T, ErrorCode> errorOf,
                                                                  long deadlineNanos, Backoff backoff) {
        CompletableFuture<T> out = new CompletableFuture<>();
        attempt(api, request, parser, errorOf, deadlineNanos, backoff, 1, out);
        return out;
    }

    private <T extends MessageLite> void attempt(ApiKey api, Supplier<MessageLite> request, Parser<T> parser,
                                                 Function<T, ErrorCode> errorOf, long deadlineNanos, Backoff backoff,
                                                 int attempt, CompletableFuture<T> out) {
        call(api, request.get(), parser).whenComplete((r, e) -> {
            BrookException problem;
            if (e != null) {
                problem = Futures.toBrook(e);
                if (!problem.isRetriable()) {
                    out.completeExceptionally(problem);
                    return;
                }
            } else if (isCoordinatorError(errorOf.apply(r))) {
                forget();
                problem = ErrorMapping.toException(errorOf.apply(r), "", null, -1, -1);
            } else {
                out.complete(r);
                return;
            }
            long delayMs = backoff.delayMs(attempt);
            if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs) - deadlineNanos >= 0) {
                out.completeExceptionally(new TimeoutException(api + " to the coordinator of group '" + groupId
                        + "' did not succeed in time; last problem: " + problem.getMessage(), problem));
                return;
            }
            try {
                network.eventLoop().schedule(() -> attempt(api, request, parser, errorOf, deadlineNanos, backoff,
                        attempt + 1, out), delayMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                out.completeExceptionally(problem);
            }
        });
    }

    /** Forgets the coordinator (after a coordinator error in an answer from it): the next call finds it again. */
    public void forget() {
        run(() -> address = null);
    }

    private void forget(InetSocketAddress stale) {
        if (stale.equals(address)) {
            address = null;
        }
    }

    private void run(Runnable task) {
        try {
            network.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // the consumer is closing
        }
    }

    private CompletableFuture<InetSocketAddress> find() {
        if (address != null) {
            return CompletableFuture.completedFuture(address);
        }
        if (finding != null) {
            return finding;
        }
        CompletableFuture<InetSocketAddress> f = new CompletableFuture<>();
        finding = f;
        finder.find(groupId).whenComplete((found, e) -> {
            try {
                network.eventLoop().execute(() -> {
                    finding = null;
                    if (e != null) {
                        f.completeExceptionally(e);
                    } else {
                        address = found;
                        log.debug("group {}: coordinator is at {}", groupId, address);
                        f.complete(address);
                    }
                });
            } catch (RejectedExecutionException closed) {
                f.completeExceptionally(new ConnectionException("the consumer is closed"));
            }
        });
        return f;
    }
}
