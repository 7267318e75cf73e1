package io.brook.protocol.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random but valid batch specs: keys and values that are null, empty, random or compressible;
 * headers with unicode keys and null values; non-monotonic timestamps; optional producer state.
 */
final class RandomBatches {

    private static final String[] HEADER_KEYS = {"", "trace-id", "content-type", "ключ", "键", "emoji-\uD83D\uDD11", "a\u0000b"};

    private RandomBatches() {}

    /**
     * @param kafkaCompatible keep to what Kafka's builder accepts: timestamps &ge; 0 and producer
     *     fields either all absent or all valid
     */
    static BatchSpec spec(Random rnd, CompressionType codec, boolean kafkaCompatible) {
        long baseOffset = rnd.nextInt(4) == 0 ? 0 : rnd.nextLong() >>> 2;
        int leaderEpoch = rnd.nextInt(4) == 0 ? RecordBatch.NO_PARTITION_LEADER_EPOCH : rnd.nextInt(Integer.MAX_VALUE);
        long producerId = RecordBatch.NO_PRODUCER_ID;
        short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
        int baseSequence = RecordBatch.NO_SEQUENCE;
        boolean transactional = false;
        if (rnd.nextBoolean()) {
            producerId = rnd.nextLong() >>> 1;
            producerEpoch = (short) rnd.nextInt(Short.MAX_VALUE);
            baseSequence = rnd.nextInt(Integer.MAX_VALUE);
            transactional = rnd.nextBoolean();
        } else if (!kafkaCompatible && rnd.nextBoolean()) {
            producerId = rnd.nextLong();
            producerEpoch = (short) rnd.nextInt();
            baseSequence = rnd.nextInt();
            transactional = rnd.nextBoolean();
        }
        TimestampType timestampType = rnd.nextInt(5) == 0 ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
        int count = rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(300) : 1 + rnd.nextInt(12);
        long base = kafkaCompatible || rnd.nextBoolean() ? 1_600_000_000_000L + rnd.nextInt(1 << 30) : rnd.nextLong();
        List<Record> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long timestamp = base + rnd.nextInt(200_000) - 100_000;
            records.add(new Record(baseOffset + i, timestamp, bytes(rnd), bytes(rnd), headers(rnd)));
        }
        return new BatchSpec(codec, baseOffset, leaderEpoch, producerId, producerEpoch, baseSequence,
                transactional, timestampType, records);
    }

    static CompressionType codec(Random rnd) {
        CompressionType[] all = CompressionType.values();
        return all[rnd.nextInt(all.length)];
    }

    /** Null (1 in 6), empty, short random, or long and compressible. */
    static byte[] bytes(Random rnd) {
        switch (rnd.nextInt(6)) {
            case 0:
                return null;
            case 1:
                return new byte[0];
            case 2: {
                byte[] b = new byte[200 + rnd.nextInt(2_000)];
                byte[] pattern = new byte[1 + rnd.nextInt(8)];
                rnd.nextBytes(pattern);
                for (int i = 0; i < b.length; i++) {
                    b[i] = pattern[i % pattern.length];
                }
                return b;
            }
            default: {
                byte[] b = new byte[rnd.nextInt(64)];
                rnd.nextBytes(b);
                return b;
            }
        }
    }

    static Header[] headers(Random rnd) {
        int n = rnd.nextInt(3) == 0 ? rnd.nextInt(5) : 0;
        Header[] headers = new Header[n];
        for (int i = 0; i < n; i++) {
            String key = rnd.nextInt(4) == 0 ? "h" + rnd.nextInt(1000) : HEADER_KEYS[rnd.nextInt(HEADER_KEYS.length)];
            byte[] value = bytes(rnd);
            headers[i] = new Header(key, value == null ? null : Arrays.copyOf(value, Math.min(value.length, 100)));
        }
        return headers;
    }
}
