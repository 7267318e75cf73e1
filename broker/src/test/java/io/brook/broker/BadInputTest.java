package io.brook.broker;

import io.brook.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.partition.Partition;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ApiVersionsRequest;
import io.brook.protocol.message.ApiVersionsResponse;
import io.brook.protocol.message.CreateTopicsRequest;
import io.brook.protocol.message.CreateTopicsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ErrorResponse;
import io.brook.protocol.message.FetchPartition;
import io.brook.protocol.message.FetchRequest;
import io.brook.protocol.message.FetchResponse;
import io.brook.protocol.message.FetchTopic;
import io.brook.protocol.message.ProducePartition;
import io.brook.protocol.message.ProduceRequest;
import io.brook.protocol.message.ProduceResponse;
import io.brook.protocol.message.ProduceTopic;
import io.brook.protocol.message.TopicSpec;
import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives a live broker with bad bytes and bad requests: every one gets a clear error (or, for an
 * impossible length prefix, a closed connection), the broker keeps running, and well-formed
 * requests keep working afterwards, on the same connection where the stream allows it.
 */
class BadInputTest {

    private static final int MAX_FRAME = 64 * 1024;
    private static BrokerFixture fixture;

    @BeforeAll
    static void startBroker() throws Exception {
        fixture = BrokerFixture.start(Map.of(BrokerConfig.MAX_FRAME_BYTES, String.valueOf(MAX_FRAME)));
        try (RawConnection c = new RawConnection(fixture.port())) {
            c.send(RawConnection.request(ApiKey.CREATE_TOPICS.id(), 1, CreateTopicsRequest.newBuilder()
                    .addTopics(TopicSpec.newBuilder().setName("t").setPartitions(1).setReplicationFactor(1)).build(), new byte[0]));
            CreateTopicsResponse r = CreateTopicsResponse.parseFrom(c.read().message());
            assertThat(r.getResults(0).getErrorCode()).isEqualTo(ErrorCode.NONE);
        }
        // the topic exists once CreateTopics answers, but its replica opens and elects itself after:
        // tests that fetch from it at once would otherwise see LEADER_NOT_AVAILABLE
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Partition p = fixture.broker().partitions().get("t", 0);
            return p != null && p.isLeader();
        });
    }

    @AfterAll
    static void stopBroker() {
        fixture.close();
    }

    private static void assertStillServes(RawConnection c, int correlationId) throws Exception {
        c.send(RawConnection.request(ApiKey.API_VERSIONS.id(), correlationId, ApiVersionsRequest.getDefaultInstance(), new byte[0]));
        RawConnection.Response r = c.read();
        assertThat(r.correlationId()).isEqualTo(correlationId);
        assertThat(r.errorCode()).isZero();
        assertThat(ApiVersionsResponse.parseFrom(r.message()).getApisCount()).isEqualTo(ApiKey.values().length);
    }

    private static ErrorResponse frameError(RawConnection.Response r) throws Exception {
        assertThat(r.errorCode()).as("frame-level error code").isNotZero();
        return ErrorResponse.parseFrom(r.message());
    }

    @Test
    void unknown_api_key_is_answered_with_unsupported_api_and_the_connection_continues() throws Exception {
        try (RawConnection c = new RawConnection(fixture.port())) {
            c.send(RawConnection.request(999, 0, 7, "x", new byte[0], new byte[0]));
            RawConnection.Response r = c.read();
            assertThat(r.correlationId()).isEqualTo(7);
            assertThat(frameError(r).getErrorCode()).isEqualTo(ErrorCode.UNSUPPORTED_API);
            assertStillServes(c, 8);
        }
    }

    @Test
    void unsupported_version_is_answered_with_unsupported_version() throws Exception {
        try (RawConnection c = new RawConnection(fixture.port())) {
            c.send(RawConnection.request(ApiKey.METADATA.id(), 42, 3, "x", new byte[0], new byte[0]));
            ErrorResponse e = frameError(c.read());
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
            assertThat(e.getErrorMessage()).contains("version 42");
            assertStillServes(c, 4);
        }
    }

    @Test
    void a_message_that_does_not_parse_is_answered_with_malformed_request() throws Exception {
        try (RawConnection c = new RawConnection(fixture.port())) {
            c.send(RawConnection.request(ApiKey.METADATA.id(), 0, 5, "x", new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}, new byte[0]));
            assertThat(frameError(c.read()).getErrorCode()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
            assertStillServes(c, 6);
        }
    }

    @Test
    void an_oversized_frame_is_answered_and_skipped_without_losing_the_connection() throws Exception {
        try (RawConnection c = new RawConnection(fixture.port())) {
            byte[] big = RawConnection.request(ApiKey.PRODUCE.id(), 0, 11, "x", new byte[0], new byte[4 * MAX_FRAME]);
            c.send(big);
            RawConnection.Response r = c.read();
            assertThat(r.correlationId()).isEqualTo(11);
            assertThat(frameError(r).getErrorCode()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
            assertStillServes(c, 12);
        }
    }

    @Test
    void header_fields_that_do_not_fit_the_frame_are_answered_and_the_next_frame_is_served() throws Exception {
        try (RawConnection c = new RawConnection(fixture.port())) {
            ByteBuffer b = ByteBuffer.allocate(4 + 14);
            b.putInt(14).putShort(ApiKey.METADATA.id()).putShort((short) 0).putInt(21).putShort((short) 500).putInt(0);
            c.send(b.array());
            RawConnection.Response r = c.read();
            assertThat(r.correlationId()).isEqualTo(21);
            assertThat(frameError(r).getErrorCode()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
            assertStillServes(c, 22);
        }
    }

    @Test
    void an_impossible_length_prefix_closes_that_connection_only() throws Exception {
        try (RawConnection c = new RawConnection(fixture.port())) {
            c.send(new byte[] {0, 0, 0, 3, 1, 2, 3});
            RawConnection.Response r = c.read();
            assertThat(frameError(r).getErrorCode()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
            assertThat(c.closedByPeer()).isTrue();
        }
        try (RawConnection fresh = new RawConnection(fixture.port())) {
            assertStillServes(fresh, 1);
        }
    }

    @Test
    void invalid_topic_names_are_rejected_with_invalid_topic_name() throws Exception {
        try (RawConnection c = new RawConnection(fixture.port())) {
            CreateTopicsRequest.Builder req = CreateTopicsRequest.newBuilder();
            for (String name : new String[] {"", "a".repeat(250), "has space", "slash/y", "..", "ünïcode"}) {
                req.addTopics(TopicSpec.newBuilder().setName(name).setPartitions(1).setReplicationFactor(1));
            }
            c.send(RawConnection.request(ApiKey.CREATE_TOPICS.id(), 2, req.build(), new byte[0]));
            CreateTopicsResponse r = CreateTopicsResponse.parseFrom(c.read().message());
            assertThat(r.getResultsList()).hasSize(6).allSatisfy(t -> {
                assertThat(t.getErrorCode()).isEqualTo(ErrorCode.INVALID_TOPIC_NAME);
                assertThat(t.getErrorMessage()).isNotBlank();
            });
        }
    }

    @Test
    void bad_partition_counts_replication_factors_and_configs_are_rejected() throws Exception {
        try (RawConnection c = new RawConnection(fixture.port())) {
            CreateTopicsRequest req = CreateTopicsRequest.newBuilder()
                    .addTopics(TopicSpec.newBuilder().setName("neg").setPartitions(-3).setReplicationFactor(1))
                    .addTopics(TopicSpec.newBuilder().setName("rf").setPartitions(1).setReplicationFactor(3))
                    .addTopics(TopicSpec.newBuilder().setName("cfg").setPartitions(1).setReplicationFactor(1).putConfigs("retention.ms", "soon"))
                    .addTopics(TopicSpec.newBuilder().setName("unknowncfg").setPartitions(1).setReplicationFactor(1).putConfigs("colour", "blue"))
                    .build();
            c.send(RawConnection.request(ApiKey.CREATE_TOPICS.id(), 2, req, new byte[0]));
            CreateTopicsResponse r = CreateTopicsResponse.parseFrom(c.read().message());
            assertThat(r.getResults(0).getErrorCode()).isEqualTo(ErrorCode.INVALID_PARTITION_COUNT);
            assertThat(r.getResults(1).getErrorCode()).isEqualTo(ErrorCode.INVALID_REPLICATION_FACTOR);
            assertThat(r.getResults(2).getErrorCode()).isEqualTo(ErrorCode.INVALID_CONFIG);
            assertThat(r.getResults(2).getErrorMessage()).contains("retention.ms");
            assertThat(r.getResults(3).getErrorCode()).isEqualTo(ErrorCode.INVALID_CONFIG);
        }
    }

    private static byte[] batch(int records) {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 1024);
        for (int i = 0; i < records; i++) {
            b.append(1000L + i, ("k" + i).getBytes(), ("v" + i).getBytes());
        }
        ByteBuffer built = b.build();
        byte[] bytes = new byte[built.remaining()];
        built.get(bytes);
        return bytes;
    }

    private static ProduceResponse produce(RawConnection c, int corr, String topic, int acks, byte[] batches, int announced) throws Exception {
        ProduceRequest req = ProduceRequest.newBuilder().setAcks(acks).setTimeoutMs(1000)
                .addTopics(ProduceTopic.newBuilder().setName(topic)
                        .addPartitions(ProducePartition.newBuilder().setPartition(0).setRecordsSize(announced)))
                .build();
        c.send(RawConnection.request(ApiKey.PRODUCE.id(), corr, req, batches));
        RawConnection.Response r = c.read();
        assertThat(r.errorCode()).isZero();
        return ProduceResponse.parseFrom(r.message());
    }

    @Test
    void produce_errors_are_per_partition_and_nothing_bad_reaches_the_log() throws Exception {
        try (RawConnection c = new RawConnection(fixture.port())) {
            byte[] good = batch(3);
            ProduceResponse unknown = produce(c, 1, "nosuchtopic", 1, good, good.length);
            assertThat(unknown.getTopics(0).getPartitions(0).getErrorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(unknown.getTopics(0).getPartitions(0).getErrorMessage()).contains("nosuchtopic");

            byte[] corrupt = batch(3);
            corrupt[RecordBatch.RECORDS_OFFSET + 2] ^= 0x55;
            ProduceResponse bad = produce(c, 2, "t", 1, corrupt, corrupt.length);
            assertThat(bad.getTopics(0).getPartitions(0).getErrorCode()).isEqualTo(ErrorCode.CORRUPT_RECORD_BATCH);

            ProduceResponse mismatch = produce(c, 3, "t", 1, good, good.length + 10);
            assertThat(mismatch.getErrorCode()).isEqualTo(ErrorCode.MALFORMED_REQUEST);

            ProduceResponse badAcks = produce(c, 4, "t", 7, good, good.length);
            assertThat(badAcks.getErrorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);

            ProduceResponse ok = produce(c, 5, "t", -1, good, good.length);
            assertThat(ok.getTopics(0).getPartitions(0).getErrorCode()).isEqualTo(ErrorCode.NONE);
            long base = ok.getTopics(0).getPartitions(0).getBaseOffset();

            // the log holds exactly the good batch at the assigned offset
            c.send(RawConnection.request(ApiKey.FETCH.id(), 6, FetchRequest.newBuilder().setMaxBytes(1 << 20)
                    .addTopics(FetchTopic.newBuilder().setName("t").addPartitions(FetchPartition.newBuilder().setPartition(0).setFetchOffset(base).setMaxBytes(1 << 20)))
                    .build(), new byte[0]));
            RawConnection.Response fr = c.read();
            FetchResponse fetch = FetchResponse.parseFrom(fr.message());
            assertThat(fetch.getTopics(0).getPartitions(0).getErrorCode()).isEqualTo(ErrorCode.NONE);
            RecordBatch stored = RecordBatch.of(ByteBuffer.wrap(fr.payload()));
            assertThat(stored.baseOffset()).isEqualTo(base);
            assertThat(stored.recordCount()).isEqualTo(3);
            assertThat(stored.isCrcValid()).isTrue();
        }
    }

    @Test
    void out_of_range_fetch_offsets_are_answered_with_offset_out_of_range() throws Exception {
        try (RawConnection c = new RawConnection(fixture.port())) {
            for (long offset : new long[] {-5, 1_000_000}) {
                c.send(RawConnection.request(ApiKey.FETCH.id(), 9, FetchRequest.newBuilder().setMaxBytes(1024).setMaxWaitMs(0)
                        .addTopics(FetchTopic.newBuilder().setName("t").addPartitions(FetchPartition.newBuilder().setPartition(0).setFetchOffset(offset).setMaxBytes(1024)))
                        .build(), new byte[0]));
                FetchResponse fetch = FetchResponse.parseFrom(c.read().message());
                assertThat(fetch.getTopics(0).getPartitions(0).getErrorCode()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE);
            }
        }
    }

    @Test
    void random_garbage_on_many_connections_never_takes_the_broker_down() throws Exception {
        long seed = Long.getLong("brook.seed", System.nanoTime());
        System.out.println("BadInputTest garbage seed " + seed + " (replay with -Dbrook.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int i = 0; i < 50; i++) {
            try (RawConnection c = new RawConnection(fixture.port())) {
                byte[] junk = new byte[4 + random.nextInt(4096)];
                random.nextBytes(junk);
                if (random.nextBoolean()) {
                    // a plausible length prefix makes the decoder look further into the junk
                    ByteBuffer.wrap(junk).putInt(0, random.nextInt(Math.min(junk.length + 64, MAX_FRAME * 2)));
                }
                c.send(junk);
            }
        }
        try (RawConnection c = new RawConnection(fixture.port())) {
            assertStillServes(c, 100);
        }
    }
}
