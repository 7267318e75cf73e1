package io.brook.client.internal;

import io.brook.client.BrookException;
import io.brook.client.InterruptException;
import io.brook.client.TimeoutException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Helpers for the futures the internals complete. Stateless. */
public final class Futures {

    private Futures() {}

    /** The cause behind {@link CompletionException}/{@link ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** {@code t} as a {@link BrookException}, wrapping anything else. */
    public static BrookException toBrook(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof BrookException be) {
            return be;
        }
        if (c instanceof CancellationException) {
            return new BrookException("the operation was cancelled", c);
        }
        return new BrookException("unexpected client failure: " + c, c);
    }

    /**
     * Blocks until {@code future} completes or {@code timeoutMs} passes.
     *
     * @param what describes the operation, for the timeout message
     * @throws BrookException the future's failure, or {@link TimeoutException}
     * @throws InterruptException when the thread is interrupted
     */
    public static <T> T await(CompletableFuture<T> future, long timeoutMs, String what) {
        try {
            return future.get(Math.max(0, timeoutMs), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        } catch (ExecutionException e) {
            throw toBrook(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException(what + " did not complete within " + timeoutMs + " ms");
        }
    }
}
