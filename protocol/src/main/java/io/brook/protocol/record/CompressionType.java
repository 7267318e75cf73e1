package io.brook.protocol.record;

import java.util.Locale;

/**
 * The codec of a batch's records section, with Kafka's codec ids (the low three bits of the batch
 * attributes). The batch header itself is never compressed.
 */
public enum CompressionType {
    NONE(0, "none"),
    GZIP(1, "gzip"),
    SNAPPY(2, "snappy"),
    LZ4(3, "lz4"),
    ZSTD(4, "zstd");

    private static final CompressionType[] BY_ID = {NONE, GZIP, SNAPPY, LZ4, ZSTD};

    private final int id;
    private final String configName;

    CompressionType(int id, String configName) {
        this.id = id;
        this.configName = configName;
    }

    /** The codec id stored in bits 0-2 of the batch attributes. */
    public int id() {
        return id;
    }

    /** The name used in configuration and on the command line: none, gzip, snappy, lz4, zstd. */
    public String configName() {
        return configName;
    }

    /** @return the codec for an id, or {@code null} when the id is not a known codec */
    public static CompressionType forId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /**
     * @throws IllegalArgumentException naming the accepted values when {@code name} is not one
     */
    public static CompressionType forName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (CompressionType t : values()) {
            if (t.configName.equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "unknown compression '" + name + "': use one of none, gzip, snappy, lz4, zstd");
    }
}
