package io.brook.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.brook.client.Consumer;
import io.brook.client.ConsumerRecord;
import io.brook.client.Producer;
import io.brook.client.ProducerRecord;
import io.brook.client.RecordMetadata;
import io.brook.client.TopicPartition;
import io.brook.protocol.record.Header;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Seeded records for end-to-end tests (keys, null keys, null and empty values, headers with and
 * without values, explicit increasing timestamps, some explicit partitions), how to send them with
 * a real producer, read them back with a real consumer, and compare the two field by field.
 */
final class RecordStream {

    /** 2026-01-01T00:00:00Z; record i of a stream has timestamp {@code BASE_TIMESTAMP + 10 * i}. */
    static final long BASE_TIMESTAMP = 1_767_225_600_000L;
    static final long TIMESTAMP_STEP = 10;

    /** A record as sent and where the broker said it went. */
    record Sent(ProducerRecord record, RecordMetadata metadata) {
        int partition() {
            return metadata.partition();
        }
    }

    private RecordStream() {}

    static long seed() {
        return Long.getLong("brook.seed", System.nanoTime());
    }

    /**
     * Records {@code first} to {@code first + count - 1} of the stream of {@code seed}: the same
     * arguments always give the same records.
     */
    static List<ProducerRecord> generate(String topic, int partitions, long seed, int first, int count) {
        Random random = new Random(seed ^ first);
        List<ProducerRecord> out = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            byte[] key = i % 10 == 9 ? null : ("key-" + random.nextInt(500)).getBytes(StandardCharsets.UTF_8);
            byte[] value;
            if (i % 13 == 0) {
                value = null;
            } else if (i % 29 == 0) {
                value = new byte[0];
            } else {
                value = new byte[random.nextInt(160)];
                random.nextBytes(value);
            }
            List<Header> headers = new ArrayList<>();
            if (i % 3 != 0) {
                headers.add(Header.of("seq", Integer.toString(i)));
            }
            if (i % 5 == 0) {
                headers.add(new Header("no-value", null));
            }
            if (i % 7 == 0) {
                headers.add(new Header("bytes", new byte[] {(byte) i, 0, (byte) 0xff}));
            }
            Integer partition = i % 17 == 0 ? Integer.valueOf(i % partitions) : null;
            out.add(new ProducerRecord(topic, partition, BASE_TIMESTAMP + TIMESTAMP_STEP * i, key, value, headers));
        }
        return out;
    }

    /** Sends every record, flushes, and waits for every acknowledgement. */
    static List<Sent> sendAll(Producer producer, List<ProducerRecord> records) throws Exception {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>(records.size());
        for (ProducerRecord r : records) {
            futures.add(producer.send(r));
        }
        producer.flush();
        List<Sent> sent = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            sent.add(new Sent(records.get(i), futures.get(i).get(30, TimeUnit.SECONDS)));
        }
        return sent;
    }

    /** Polls until {@code count} records arrived (failing after {@code within}); returns them in poll order. */
    static List<ConsumerRecord> consume(Consumer consumer, int count, Duration within) {
        List<ConsumerRecord> out = new ArrayList<>(count);
        long deadline = System.nanoTime() + within.toNanos();
        while (out.size() < count) {
            if (System.nanoTime() > deadline) {
                fail("consumed " + out.size() + " of " + count + " records within " + within);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        assertThat(out).as("records consumed").hasSize(count);
        return out;
    }

    /** The sent records per partition, in send order. */
    static Map<Integer, List<Sent>> byPartition(List<Sent> sent) {
        Map<Integer, List<Sent>> m = new TreeMap<>();
        for (Sent s : sent) {
            m.computeIfAbsent(s.partition(), p -> new ArrayList<>()).add(s);
        }
        return m;
    }

    /** The consumed records per partition, in the order they were returned. */
    static Map<Integer, List<ConsumerRecord>> consumedByPartition(List<ConsumerRecord> consumed) {
        Map<Integer, List<ConsumerRecord>> m = new TreeMap<>();
        for (ConsumerRecord r : consumed) {
            m.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
        }
        return m;
    }

    /**
     * Asserts that {@code consumed} holds exactly the {@code sent} records: per partition in send
     * order, each at the offset it was acknowledged with (when the producer learned it), equal in
     * every field; with {@code contiguous}, also at consecutive offsets (records produced in one
     * session, with no leader change in between that could add a control batch).
     */
    static void assertSame(List<Sent> sent, List<ConsumerRecord> consumed, boolean contiguous) {
        Map<Integer, List<Sent>> expected = byPartition(sent);
        Map<Integer, List<ConsumerRecord>> actual = consumedByPartition(consumed);
        assertThat(actual.keySet()).as("partitions with records").isEqualTo(expected.keySet());
        for (Map.Entry<Integer, List<Sent>> e : expected.entrySet()) {
            int p = e.getKey();
            List<Sent> exp = e.getValue();
            List<ConsumerRecord> got = actual.get(p);
            assertThat(got).as("records of partition %d", p).hasSameSizeAs(exp);
            for (int i = 0; i < exp.size(); i++) {
                String problem = mismatch(exp.get(i), got.get(i), exp.get(i).metadata().hasOffset() ? exp.get(i).metadata().offset() : -1);
                if (problem == null && contiguous && i > 0 && got.get(i).offset() != got.get(i - 1).offset() + 1) {
                    problem = "offset " + got.get(i).offset() + " does not follow " + got.get(i - 1).offset();
                }
                if (problem == null && i > 0 && got.get(i).offset() <= got.get(i - 1).offset()) {
                    problem = "offset " + got.get(i).offset() + " is not after " + got.get(i - 1).offset();
                }
                if (problem != null) {
                    fail("partition " + p + ", record " + i + " of " + exp.size() + ": " + problem);
                }
            }
        }
    }

    /** Polls until the consumer's position reached each partition's end offset (as it was when called). */
    static List<ConsumerRecord> consumeToEnd(Consumer consumer, List<TopicPartition> partitions, Duration within) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<ConsumerRecord> out = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (!partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
            if (System.nanoTime() > deadline) {
                fail("read " + out.size() + " records but not up to the end offsets " + end + " within " + within);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }

    /** Why {@code got} is not the record {@code sent} at {@code offset} (-1: any offset), or {@code null} when it is. */
    static String mismatch(Sent sent, ConsumerRecord got, long offset) {
        ProducerRecord r = sent.record();
        if (offset >= 0 && got.offset() != offset) {
            return "the record is at offset " + got.offset() + ", but the producer was told " + offset;
        }
        if (!got.topic().equals(r.topic()) || got.partition() != sent.partition()) {
            return "topic-partition " + got.topicPartition() + ", expected " + new TopicPartition(r.topic(), sent.partition());
        }
        if (got.timestamp() != r.timestamp()) {
            return "timestamp " + got.timestamp() + ", expected " + r.timestamp();
        }
        if (!Arrays.equals(got.key(), r.key())) {
            return "key " + Arrays.toString(got.key()) + ", expected " + Arrays.toString(r.key());
        }
        if (!Arrays.equals(got.value(), r.value())) {
            return "value " + Arrays.toString(got.value()) + ", expected " + Arrays.toString(r.value());
        }
        if (!got.headers().equals(r.headers())) {
            return "headers " + got.headers() + ", expected " + r.headers();
        }
        return null;
    }
}
