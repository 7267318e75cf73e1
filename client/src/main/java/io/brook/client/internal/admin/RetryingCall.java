package io.brook.client.internal.admin;

import io.brook.client.BrookException;
import io.brook.client.ConnectionException;
import io.brook.client.TimeoutException;
import io.brook.client.internal.Backoff;
import io.brook.client.internal.Futures;
import io.brook.client.internal.metadata.Metadata;
import io.brook.protocol.Errors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import io.netty.channel.EventLoop;

/**
 * Runs an admin operation's attempts until one succeeds, one fails with an error that is not
 * retriable, or the operation's deadline passes (then a {@link TimeoutException} naming the last
 * error). Between attempts it waits with exponential backoff and refreshes the metadata when the
 * error suggests that the target broker moved or went away.
 *
 * <p>Attempts run on the network event loop.
 */
final class RetryingCall<T> {

    private final EventLoop loop;
    private final Metadata metadata;
    private final Backoff backoff;
    private final String what;
    private final long timeoutMs;
    private final long deadlineNanos;
    private final Supplier<CompletableFuture<T>> attempt;
    private final Predicate<BrookException> retriable;
    private final boolean readOnly;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private int attempts;

    private RetryingCall(EventLoop loop, Metadata metadata, Backoff backoff, String what, long timeoutMs,
                         Supplier<CompletableFuture<T>> attempt, Predicate<BrookException> retriable, boolean readOnly) {
        this.loop = loop;
        this.metadata = metadata;
        this.backoff = backoff;
        this.what = what;
        this.timeoutMs = timeoutMs;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.attempt = attempt;
        this.retriable = retriable;
        this.readOnly = readOnly;
    }

    /**
     * @param attempt one try; its retriable failures lead to another try
     * @param retriable which failures to retry (usually {@link BrookException#isRetriable()})
     * @param readOnly whether the operation changes nothing (then a timeout does not warn that its effect is unknown)
     */
    static <T> CompletableFuture<T> run(EventLoop loop, Metadata metadata, Backoff backoff, String what, long timeoutMs,
                                        Supplier<CompletableFuture<T>> attempt, Predicate<BrookException> retriable,
                                        boolean readOnly) {
        RetryingCall<T> call = new RetryingCall<>(loop, metadata, backoff, what, timeoutMs, attempt, retriable, readOnly);
        call.schedule(0);
        return call.result;
    }

    private void schedule(long delayMs) {
        try {
            loop.schedule(this::tryOnce, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new ConnectionException("the admin client is closed"));
        }
    }

    private void tryOnce() {
        attempts++;
        CompletableFuture<T> f;
        try {
            f = attempt.get();
        } catch (RuntimeException e) {
            onFailure(e);
            return;
        }
        f.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                onFailure(error);
            }
        });
    }

    private void onFailure(Throwable error) {
        BrookException e = Futures.toBrook(error);
        if (!retriable.test(e)) {
            result.completeExceptionally(e);
            return;
        }
        if (e instanceof ConnectionException || e instanceof TimeoutException || Errors.needsMetadataRefresh(e.errorCode())
                || e.errorCode() == io.brook.protocol.message.ErrorCode.CONTROLLER_NOT_AVAILABLE) {
            metadata.requestUpdate();
        }
        long delay = backoff.delayMs(attempts);
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay) - deadlineNanos >= 0) {
            result.completeExceptionally(new TimeoutException(what + " did not complete within " + timeoutMs
                    + " ms (default.api.timeout.ms)" + (readOnly ? "" : "; its effect is unknown") + "; last error: "
                    + e.getMessage(), e));
            return;
        }
        schedule(delay);
    }
}
