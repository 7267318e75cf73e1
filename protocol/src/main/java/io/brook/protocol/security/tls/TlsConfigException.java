package io.brook.protocol.security.tls;

import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS configuration that cannot be used: a missing or unreadable file, a damaged PEM file, a key
 * that does not match its certificate, an option that contradicts another. Not retriable: the
 * files or options must be fixed. The message names the file (when there is one) and the reason.
 */
public final class TlsConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** An error about the configuration as a whole, not about one file. */
    public TlsConfigException(String message) {
        this(message, null, null);
    }

    /**
     * An error about {@code file} (may be null).
     *
     * @param message what is wrong, including the file's name
     */
    public TlsConfigException(String message, Path file, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The file at fault, if the error is about one file. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}
