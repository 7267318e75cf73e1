package io.brook.client;

/**
 * Thrown by a blocking {@link Consumer} call when another thread called {@link Consumer#wakeup()}:
 * the usual way to stop a poll loop from outside. Not an error.
 */
public final class WakeupException extends BrookException {

    private static final long serialVersionUID = 1L;

    public WakeupException() {
        super("the consumer was woken up by Consumer.wakeup()");
    }
}
