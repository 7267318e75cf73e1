package io.brook.benchmarks.restart;

import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.ConsumerRecords;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.client.TopicPartition;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Measures when a restarting broker serves again, for benchmarks/restart-recovery.sh.
 *
 * <p>Started while the broker is down, it loads its classes, prints {@code ready} and waits for a line
 * on standard input (the script starts the broker right after it and sends the line). Then it
 * retries, every 20 ms, a produce of one record with acks=all to partition 0 until one is
 * acknowledged, then a fetch of partition 0 from offset 0 (a record written before the crash) until
 * one record comes back. It prints one line: {@code produced_ms=<epoch ms> fetched_ms=<epoch ms>},
 * the wall-clock times at which each succeeded; the script subtracts the broker's launch time.
 *
 * <p>Usage: {@code RestartProbe brook|kafka BOOTSTRAP TOPIC TIMEOUT_S}
 */
public final class RestartProbe {

    private RestartProbe() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: RestartProbe brook|kafka BOOTSTRAP TOPIC TIMEOUT_S");
            System.exit(2);
        }
        String system = args[0];
        String bootstrap = args[1];
        String topic = args[2];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));
        System.out.println("ready");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        Probe probe = system.equals("kafka") ? new KafkaProbe(bootstrap, topic) : new BrookProbe(bootstrap, topic);
        long produced = retry(probe::produce, deadline);
        long fetched = retry(probe::fetch, deadline);
        System.out.println("produced_ms=" + produced + " fetched_ms=" + fetched);
        System.out.flush();
        // the clients' close may wait for in-flight requests; the figures are out already
        Runtime.getRuntime().halt(0);
    }

    private interface Probe {
        /** @return true when the broker answered as wanted */
        boolean produce() throws Exception;

        boolean fetch() throws Exception;
    }

    private interface Step {
        boolean run() throws Exception;
    }

    /** Runs the step until it succeeds. @return the wall-clock time of success */
    private static long retry(Step step, long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline) {
            try {
                if (step.run()) {
                    return System.currentTimeMillis();
                }
            } catch (Exception e) {
                // the broker is not serving yet
            }
            Thread.sleep(20);
        }
        System.out.println("timeout");
        System.out.flush();
        Runtime.getRuntime().halt(1);
        return -1;
    }

    private static final byte[] VALUE = "restart-probe".getBytes(StandardCharsets.UTF_8);

    private static final class BrookProbe implements Probe {
        private final String bootstrap;
        private final String topic;
        private Producer producer;

        BrookProbe(String bootstrap, String topic) {
            this.bootstrap = bootstrap;
            this.topic = topic;
        }

        @Override
        public boolean produce() throws Exception {
            if (producer == null) {
                producer = new Producer(ProducerConfig.builder().bootstrapServers(bootstrap).acks("all").lingerMs(0)
                        .retryBackoffMs(20).retryBackoffMaxMs(50).deliveryTimeoutMs(120_000).build());
            }
            producer.send(new ProducerRecord(topic, 0, null, VALUE)).get(120, TimeUnit.SECONDS);
            return true;
        }

        @Override
        public boolean fetch() {
            try (Consumer c = new Consumer(ConsumerConfig.builder().bootstrapServers(bootstrap).retryBackoffMs(20)
                    .retryBackoffMaxMs(50).maxPollRecords(1).build())) {
                TopicPartition tp = new TopicPartition(topic, 0);
                c.assign(List.of(tp));
                c.seek(tp, 0);
                ConsumerRecords records = c.poll(Duration.ofSeconds(2));
                return !records.isEmpty();
            }
        }
    }

    private static final class KafkaProbe implements Probe {
        private final String bootstrap;
        private final String topic;
        private KafkaProducer<byte[], byte[]> producer;

        KafkaProbe(String bootstrap, String topic) {
            this.bootstrap = bootstrap;
            this.topic = topic;
        }

        private Properties common() {
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap);
            p.put("reconnect.backoff.ms", "20");
            p.put("reconnect.backoff.max.ms", "50");
            p.put("retry.backoff.ms", "20");
            p.put("retry.backoff.max.ms", "50");
            return p;
        }

        @Override
        public boolean produce() throws Exception {
            if (producer == null) {
                Properties p = common();
                p.put("acks", "all");
                p.put("linger.ms", "0");
                p.put("delivery.timeout.ms", "120000");
                p.put("request.timeout.ms", "30000");
                producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
            }
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, null, VALUE)).get(120, TimeUnit.SECONDS);
            return true;
        }

        @Override
        public boolean fetch() {
            Properties p = common();
            p.put("max.poll.records", "1");
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(topic, 0);
                c.assign(List.of(tp));
                c.seek(tp, 0);
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofSeconds(2))) {
                    return r != null;
                }
                return false;
            }
        }
    }
}
