package io.brook.broker;

import io.brook.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.partition.Partition;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.CreateTopicsRequest;
import io.brook.protocol.message.CreateTopicsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ProducePartition;
import io.brook.protocol.message.ProducePartitionResult;
import io.brook.protocol.message.ProduceRequest;
import io.brook.protocol.message.ProduceResponse;
import io.brook.protocol.message.ProduceTopic;
import io.brook.protocol.message.TopicSpec;
import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The leader's side of the idempotent producer, with hand-made batches on a real broker: a repeat is
 * answered with the original offsets and not appended, a gap and an old epoch are refused, and the
 * state survives a restart (rebuilt from the log).
 */
class IdempotentProduceTest {

    private static final long PID = 4711;

    private BrokerFixture fixture;
    private int correlation;

    @BeforeEach
    void startBroker() throws Exception {
        fixture = BrokerFixture.start(Map.of(BrokerConfig.LOG_SEGMENT_BYTES, "4096"));
        try (RawConnection c = new RawConnection(fixture.port())) {
            c.send(RawConnection.request(ApiKey.CREATE_TOPICS.id(), 1, CreateTopicsRequest.newBuilder()
                    .addTopics(TopicSpec.newBuilder().setName("t").setPartitions(1).setReplicationFactor(1)).build(), new byte[0]));
            assertThat(CreateTopicsResponse.parseFrom(c.read().message()).getResults(0).getErrorCode()).isEqualTo(ErrorCode.NONE);
        }
        awaitLeader();
    }

    @AfterEach
    void stopBroker() {
        fixture.close();
    }

    private void awaitLeader() {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Partition p = fixture.broker().partitions().get("t", 0);
            return p != null && p.isLeader();
        });
    }

    @Test
    void a_repeated_batch_gets_its_original_offsets_and_is_not_appended_again() throws Exception {
        try (RawConnection c = new RawConnection(fixture.port())) {
            // given a batch of sequences 0..4 and the next one 5..7
            ProducePartitionResult first = produce(c, batch(0, 0, 5));
            ProducePartitionResult second = produce(c, batch(0, 5, 3));
            long end = logEnd();

            // when the first is sent again (a retry after a lost response)
            ProducePartitionResult retry = produce(c, batch(0, 0, 5));

            // then it is answered like the first time, and the log did not grow
            assertThat(first.getErrorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(first.getDuplicate()).isFalse();
            assertThat(second.getBaseOffset()).isEqualTo(first.getBaseOffset() + 5);
            assertThat(retry.getErrorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(retry.getDuplicate()).isTrue();
            assertThat(retry.getBaseOffset()).isEqualTo(first.getBaseOffset());
            assertThat(logEnd()).isEqualTo(end);
        }
    }

    @Test
    void a_gap_in_the_sequence_numbers_is_refused_as_out_of_order() throws Exception {
        try (RawConnection c = new RawConnection(fixture.port())) {
            produce(c, batch(0, 0, 5));
            long end = logEnd();

            // when the batch of sequences 5..9 is missing
            ProducePartitionResult r = produce(c, batch(0, 10, 2));

            // then
            assertThat(r.getErrorCode()).isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE);
            assertThat(r.getErrorMessage()).contains(String.valueOf(PID));
            assertThat(logEnd()).isEqualTo(end);
        }
    }

    @Test
    void an_older_epoch_is_fenced() throws Exception {
        try (RawConnection c = new RawConnection(fixture.port())) {
            produce(c, batch(1, 0, 2));

            // when a producer with the same id and an older epoch writes
            ProducePartitionResult r = produce(c, batch(0, 2, 1));

            // then
            assertThat(r.getErrorCode()).isEqualTo(ErrorCode.INVALID_PRODUCER_EPOCH);
        }
    }

    @Test
    void an_idempotent_batch_must_be_alone_in_its_partition_entry() throws Exception {
        try (RawConnection c = new RawConnection(fixture.port())) {
            byte[] a = batch(0, 0, 1);
            byte[] b = batch(0, 1, 1);
            byte[] both = ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();

            ProducePartitionResult r = produce(c, both);

            assertThat(r.getErrorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(r.getErrorMessage()).contains("only that batch");
        }
    }

    @Test
    void after_a_restart_the_last_batches_are_still_recognised() throws Exception {
        long firstOffset;
        try (RawConnection c = new RawConnection(fixture.port())) {
            // given enough batches to roll several 4 KiB segments (snapshots), and a last one
            for (int i = 0; i < 40; i++) {
                produce(c, batch(0, i * 5, 5));
            }
            firstOffset = produce(c, batch(0, 200, 5)).getBaseOffset();
        }

        // when the broker restarts
        fixture.restart();
        awaitLeader();

        try (RawConnection c = new RawConnection(fixture.port())) {
            // then the last batch is still a duplicate, and the next one in sequence is appended
            ProducePartitionResult retry = produce(c, batch(0, 200, 5));
            ProducePartitionResult next = produce(c, batch(0, 205, 1));
            assertThat(retry.getDuplicate()).isTrue();
            assertThat(retry.getBaseOffset()).isEqualTo(firstOffset);
            assertThat(next.getErrorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(next.getDuplicate()).isFalse();
        }
    }

    private long logEnd() {
        return fixture.broker().partitions().get("t", 0).log().logEndOffset();
    }

    private static byte[] batch(int epoch, int baseSequence, int records) {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 1024).producer(PID, (short) epoch, baseSequence);
        for (int i = 0; i < records; i++) {
            b.append(1000L + i, ("k" + i).getBytes(), ("value-" + (baseSequence + i)).getBytes());
        }
        ByteBuffer built = b.build();
        byte[] bytes = new byte[built.remaining()];
        built.get(bytes);
        return bytes;
    }

    private ProducePartitionResult produce(RawConnection c, byte[] batches) throws Exception {
        ProduceRequest req = ProduceRequest.newBuilder().setAcks(-1).setTimeoutMs(10_000)
                .addTopics(ProduceTopic.newBuilder().setName("t")
                        .addPartitions(ProducePartition.newBuilder().setPartition(0).setRecordsSize(batches.length)))
                .build();
        c.send(RawConnection.request(ApiKey.PRODUCE.id(), ++correlation, req, batches));
        RawConnection.Response r = c.read();
        assertThat(r.errorCode()).isZero();
        return ProduceResponse.parseFrom(r.message()).getTopics(0).getPartitions(0);
    }
}
