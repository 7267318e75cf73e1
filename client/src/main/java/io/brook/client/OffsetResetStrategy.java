package io.brook.client;

import java.util.Locale;

/**
 * Where a consumer starts when it has no position for a partition, or when its position is out of
 * the log's range ({@code auto.offset.reset}).
 */
public enum OffsetResetStrategy {
    /** The first record still in the log. */
    EARLIEST,
    /** The end of the log (the high watermark): only records produced from now on. */
    LATEST,
    /** No automatic reset: poll fails with {@link NoOffsetForPartitionException} or {@link OffsetOutOfRangeException}. */
    NONE;

    /** The name used in configuration: earliest, latest or none. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws InvalidConfigException naming the accepted values when {@code name} is not one
     */
    public static OffsetResetStrategy forName(String name) {
        for (OffsetResetStrategy s : values()) {
            if (s.configName().equalsIgnoreCase(name.trim())) {
                return s;
            }
        }
        throw new InvalidConfigException("auto.offset.reset '" + name + "' is not one of earliest, latest, none");
    }
}
