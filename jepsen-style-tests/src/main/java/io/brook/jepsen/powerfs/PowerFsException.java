package io.brook.jepsen.powerfs;

/**
 * A mount of the power-loss file system misbehaved: its process exited, did not answer a command in
 * time, or reported an error. Not retriable; its log file (named in the message) says more.
 */
public final class PowerFsException extends RuntimeException {

    public PowerFsException(String message) {
        super(message);
    }

    public PowerFsException(String message, Throwable cause) {
        super(message, cause);
    }
}
