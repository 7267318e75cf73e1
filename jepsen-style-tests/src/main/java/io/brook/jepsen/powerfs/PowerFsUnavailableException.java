package io.brook.jepsen.powerfs;

/**
 * This machine cannot mount the power-loss file system (not root, no {@code /dev/fuse}, no gcc or
 * libfuse3, or a trial mount failed). Not retriable: the message says what is missing and how to get it.
 */
public final class PowerFsUnavailableException extends RuntimeException {

    public PowerFsUnavailableException(String reason) {
        super("the power-loss file system cannot be mounted here: " + reason);
    }
}
