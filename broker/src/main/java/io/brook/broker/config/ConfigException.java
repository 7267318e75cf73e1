package io.brook.broker.config;

/** A configuration value is missing, unknown or invalid; the message is one line naming the key. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The offending key, or {@code null} for file-level problems. */
    public String key() {
        return key;
    }
}
