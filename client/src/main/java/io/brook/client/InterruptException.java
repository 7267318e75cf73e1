package io.brook.client;

/**
 * The calling thread was interrupted while a client call blocked. The thread's interrupt flag is
 * set again before this is thrown, so the interruption is not lost.
 */
public final class InterruptException extends BrookException {

    private static final long serialVersionUID = 1L;

    public InterruptException(InterruptedException cause) {
        super("interrupted while waiting", cause);
        Thread.currentThread().interrupt();
    }
}
