package io.brook.protocol.record;

import static io.brook.protocol.record.TestBytes.utf8;

import java.util.List;

/** A fixed set of records that covers every shape a record can take. */
final class Samples {

    static final long T0 = 1_700_000_000_000L;

    private Samples() {}

    /**
     * Five records at offsets {@code baseOffset..baseOffset+4}: key and value, null key, null value,
     * empty key and value, and a header-heavy one; timestamps go up, down and up again.
     */
    static List<Record> mixed(long baseOffset) {
        return List.of(
                new Record(baseOffset, T0, utf8("key-0"), utf8("value-0"), new Header[0]),
                new Record(baseOffset + 1, T0 + 50, null, utf8("no key"),
                        new Header[] {Header.of("trace-id", "abc"), new Header("null-value", null)}),
                new Record(baseOffset + 2, T0 - 30, utf8("tombstone"), null, new Header[] {Header.of("ключ", "значение")}),
                new Record(baseOffset + 3, T0 + 10, new byte[0], new byte[0], new Header[0]),
                new Record(baseOffset + 4, T0 + 20, utf8("k4"), utf8("v4"), new Header[] {
                    new Header("", new byte[0]), Header.of("键", "值"), Header.of("emoji-\uD83D\uDD11", "\uD83D\uDE80"),
                    new Header("dup", new byte[] {1}), new Header("dup", new byte[] {2})}));
    }

    /** {@link #mixed} as a spec with every header field set to a non-default value. */
    static BatchSpec mixedSpec(CompressionType codec) {
        return new BatchSpec(codec, 5_000L, 9, 77L, (short) 4, 123, true, TimestampType.CREATE_TIME, mixed(5_000L));
    }
}
