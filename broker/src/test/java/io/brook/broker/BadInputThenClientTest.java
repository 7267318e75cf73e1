package io.brook.broker;

import io.brook.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.RecordStream.Sent;
import io.brook.broker.config.BrokerConfig;
import io.brook.client.Admin;
import io.brook.client.Consumer;
import io.brook.client.NewTopic;
import io.brook.client.Producer;
import io.brook.client.TopicPartition;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ProducePartition;
import io.brook.protocol.message.ProduceRequest;
import io.brook.protocol.message.ProduceTopic;
import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * After a burst of every kind of bad traffic the broker must still serve real clients, and its log
 * must hold nothing the bad traffic tried to write.
 */
class BadInputThenClientTest {

    private static final int MAX_FRAME = 64 * 1024;
    private static final String TOPIC = "after-abuse";

    private static void abuse(int port, Random random) throws Exception {
        // random bytes, sometimes behind a plausible length prefix
        for (int i = 0; i < 30; i++) {
            try (RawConnection c = new RawConnection(port)) {
                byte[] junk = new byte[1 + random.nextInt(4096)];
                random.nextBytes(junk);
                if (random.nextBoolean()) {
                    ByteBuffer.wrap(junk).putInt(0, random.nextInt(MAX_FRAME * 2));
                }
                c.send(junk);
            }
        }
        // connections that say nothing, or stop in the middle of a frame
        new RawConnection(port).close();
        try (RawConnection c = new RawConnection(port)) {
            byte[] frame = RawConnection.request(ApiKey.METADATA.id(), 0, 1, "half", new byte[100], new byte[0]);
            c.send(Arrays.copyOf(frame, frame.length / 2));
        }
        try (RawConnection c = new RawConnection(port)) {
            // an unknown API, a message that does not parse, an oversized frame, then an impossible length prefix
            c.send(RawConnection.request(999, 0, 1, "x", new byte[0], new byte[0]));
            c.send(RawConnection.request(ApiKey.PRODUCE.id(), 0, 2, "x", new byte[] {(byte) 0xff, (byte) 0xff}, new byte[0]));
            c.send(RawConnection.request(ApiKey.PRODUCE.id(), 0, 3, "x", new byte[0], new byte[2 * MAX_FRAME]));
            c.send(new byte[] {0, 0, 0, 2, 9, 9});
            for (int i = 0; i < 4; i++) {
                c.read();
            }
        }
        try (RawConnection c = new RawConnection(port)) {
            // a corrupt batch, and a request whose sizes do not add up, both aimed at the real topic
            RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 1024);
            b.append(1L, "k".getBytes(), "v".getBytes());
            ByteBuffer built = b.build();
            byte[] corrupt = new byte[built.remaining()];
            built.get(corrupt);
            corrupt[RecordBatch.RECORDS_OFFSET] ^= 0x11;
            for (int announced : new int[] {corrupt.length, corrupt.length - 1}) {
                c.send(RawConnection.request(ApiKey.PRODUCE.id(), 10, ProduceRequest.newBuilder().setAcks(-1).setTimeoutMs(1000)
                        .addTopics(ProduceTopic.newBuilder().setName(TOPIC)
                                .addPartitions(ProducePartition.newBuilder().setPartition(0).setRecordsSize(announced)))
                        .build(), corrupt));
                c.read();
            }
        }
    }

    @Test
    void a_real_producer_and_consumer_round_trip_works_after_abusive_traffic() throws Exception {
        long seed = RecordStream.seed();
        System.out.println("BadInputThenClientTest seed " + seed + " (replay with -Dbrook.seed=" + seed + ")");
        try (BrokerFixture broker = BrokerFixture.start(Map.of(BrokerConfig.MAX_FRAME_BYTES, String.valueOf(MAX_FRAME)));
             Admin admin = TestClients.admin(broker)) {
            // given a broker that has been sent every kind of bad traffic
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, 1))).get(15, TimeUnit.SECONDS);
            abuse(broker.port(), new Random(seed));

            // when a real producer sends records and a real consumer reads the topic from the beginning
            List<Sent> sent;
            try (Producer producer = new Producer(TestClients.producer(broker).batchSize(8 * 1024).maxRequestSize(32 * 1024).build())) {
                sent = RecordStream.sendAll(producer, RecordStream.generate(TOPIC, 2, seed, 0, 2000));
            }
            List<TopicPartition> tps = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
            try (Consumer consumer = new Consumer(TestClients.consumer(broker).build())) {
                consumer.assign(tps);
                consumer.seekToBeginning(tps);

                // then it reads exactly what the producer sent and nothing else: nothing of the bad traffic was stored
                RecordStream.assertSame(sent, RecordStream.consume(consumer, sent.size(), Duration.ofSeconds(30)), true);
                assertThat(RecordStream.consumeToEnd(consumer, tps, Duration.ofSeconds(30))).as("records after the producer's").isEmpty();
            }
        }
    }
}
