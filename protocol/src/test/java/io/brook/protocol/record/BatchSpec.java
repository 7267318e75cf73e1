package io.brook.protocol.record;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything that goes into one batch, independent of who encodes it (Brook's builder or Kafka's),
 * and what a reader must get back.
 *
 * @param records the records as appended: offsets are {@code baseOffset + i}, timestamps as given
 */
record BatchSpec(CompressionType codec, long baseOffset, int partitionLeaderEpoch, long producerId,
                 short producerEpoch, int baseSequence, boolean transactional, TimestampType timestampType,
                 List<Record> records) {

    /** A spec with Brook's defaults: no producer, no leader epoch, create time. */
    static BatchSpec of(CompressionType codec, long baseOffset, List<Record> records) {
        return new BatchSpec(codec, baseOffset, RecordBatch.NO_PARTITION_LEADER_EPOCH, RecordBatch.NO_PRODUCER_ID,
                RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false, TimestampType.CREATE_TIME, records);
    }

    BatchSpec withCodec(CompressionType other) {
        return new BatchSpec(other, baseOffset, partitionLeaderEpoch, producerId, producerEpoch, baseSequence,
                transactional, timestampType, records);
    }

    long baseTimestamp() {
        return records.get(0).timestamp();
    }

    long maxTimestamp() {
        return records.stream().mapToLong(Record::timestamp).max().orElseThrow();
    }

    /** The records a reader returns: with log-append time every record carries the batch's max timestamp. */
    List<Record> expectedRecords() {
        if (timestampType == TimestampType.CREATE_TIME) {
            return records;
        }
        long max = maxTimestamp();
        List<Record> out = new ArrayList<>(records.size());
        for (Record r : records) {
            out.add(new Record(r.offset(), max, r.key(), r.value(), r.headers()));
        }
        return out;
    }

    /** Encodes the spec with a fresh {@link RecordBatchBuilder}; the result is a private copy. */
    ByteBuffer buildWithBrook() {
        RecordBatchBuilder builder = new RecordBatchBuilder(codec, 256);
        appendTo(builder);
        return TestBytes.copy(builder.build());
    }

    /** Sets the header fields and appends the records to {@code builder}, which must be empty. */
    void appendTo(RecordBatchBuilder builder) {
        builder.baseOffset(baseOffset)
                .partitionLeaderEpoch(partitionLeaderEpoch)
                .producer(producerId, producerEpoch, baseSequence)
                .transactional(transactional)
                .timestampType(timestampType);
        for (Record r : records) {
            builder.append(r.timestamp(), r.key(), r.value(), r.headers());
        }
    }
}
