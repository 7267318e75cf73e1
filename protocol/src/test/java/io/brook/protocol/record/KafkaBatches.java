package io.brook.protocol.record;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;

/**
 * Adapters to Kafka's own record batch code (kafka-clients, test scope only): build a
 * {@link BatchSpec} with Kafka's {@code MemoryRecordsBuilder} and decode bytes with Kafka's reader
 * into Brook's {@link Record}s, so the two implementations can be compared value by value.
 */
final class KafkaBatches {

    private KafkaBatches() {}

    static Compression compression(CompressionType codec) {
        return switch (codec) {
            case NONE -> Compression.NONE;
            case GZIP -> Compression.gzip().build();
            case SNAPPY -> Compression.snappy().build();
            case LZ4 -> Compression.lz4().build();
            case ZSTD -> Compression.zstd().build();
        };
    }

    static org.apache.kafka.common.record.TimestampType timestampType(TimestampType type) {
        return type == TimestampType.CREATE_TIME
                ? org.apache.kafka.common.record.TimestampType.CREATE_TIME
                : org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME;
    }

    /**
     * Encodes {@code spec} with Kafka's builder. With log-append time, Kafka's log append time is
     * the spec's max timestamp, which is what Brook's builder stores in that case.
     */
    static ByteBuffer build(BatchSpec spec) {
        long logAppendTime = spec.timestampType() == TimestampType.LOG_APPEND_TIME
                ? spec.maxTimestamp() : org.apache.kafka.common.record.internal.RecordBatch.NO_TIMESTAMP;
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024),
                org.apache.kafka.common.record.internal.RecordBatch.MAGIC_VALUE_V2, compression(spec.codec()),
                timestampType(spec.timestampType()), spec.baseOffset(), logAppendTime, spec.producerId(),
                spec.producerEpoch(), spec.baseSequence(), spec.transactional(), spec.partitionLeaderEpoch());
        for (Record r : spec.records()) {
            builder.append(r.timestamp(), r.key(), r.value(), kafkaHeaders(r.headers()));
        }
        return TestBytes.copy(builder.build().buffer());
    }

    private static org.apache.kafka.common.header.Header[] kafkaHeaders(Header[] headers) {
        org.apache.kafka.common.header.Header[] out = new org.apache.kafka.common.header.Header[headers.length];
        for (int i = 0; i < headers.length; i++) {
            out[i] = new RecordHeader(headers[i].key(), headers[i].value());
        }
        return out;
    }

    /** The batches Kafka finds in {@code buf}, each checked with {@code ensureValid()}. */
    static List<MutableRecordBatch> batches(ByteBuffer buf) {
        List<MutableRecordBatch> batches = new ArrayList<>();
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(buf.duplicate()).batches()) {
            batch.ensureValid();
            batches.add(batch);
        }
        return batches;
    }

    /** Decodes a batch with Kafka's record iterator into Brook records. */
    static List<Record> records(MutableRecordBatch batch) {
        List<Record> out = new ArrayList<>();
        for (org.apache.kafka.common.record.internal.Record r : batch) {
            r.ensureValid();
            org.apache.kafka.common.header.Header[] kh = r.headers();
            Header[] headers = new Header[kh.length];
            for (int i = 0; i < kh.length; i++) {
                headers[i] = new Header(kh[i].key(), kh[i].value());
            }
            out.add(new Record(r.offset(), r.timestamp(), r.hasKey() ? TestBytes.toArray(r.key()) : null,
                    r.hasValue() ? TestBytes.toArray(r.value()) : null, headers));
        }
        return out;
    }
}
