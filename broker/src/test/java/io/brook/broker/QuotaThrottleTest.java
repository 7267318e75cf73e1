package io.brook.broker;

import io.brook.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.partition.Partition;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.FetchPartition;
import io.brook.protocol.message.FetchRequest;
import io.brook.protocol.message.FetchResponse;
import io.brook.protocol.message.FetchTopic;
import io.brook.protocol.message.ProducePartition;
import io.brook.protocol.message.ProduceRequest;
import io.brook.protocol.message.ProduceResponse;
import io.brook.protocol.message.ProduceTopic;
import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A broker with produce and fetch quotas of 10,000 bytes/s per principal: requests beyond the rate
 * are answered with a throttle time and held back, never refused, and every record sent is in the log.
 */
class QuotaThrottleTest {

    private BrokerFixture broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void requests_beyond_the_quota_are_delayed_not_refused_and_nothing_is_lost() throws Exception {
        broker = BrokerFixture.start(Map.of(BrokerConfig.QUOTA_PRODUCE_BYTES_PER_SECOND, "10000",
                BrokerConfig.QUOTA_FETCH_BYTES_PER_SECOND, "10000"));
        assertThat(broker.broker().metadata().createTopic("q", 1, 1, Map.of(), false).get(30, TimeUnit.SECONDS).ok()).isTrue();
        // committed is not yet open here: wait until the broker's replica leads (a loaded machine lags)
        await().atMost(30, TimeUnit.SECONDS).until(() -> {
            Partition p = broker.broker().partitions().get("q", 0);
            return p != null && p.isLeader();
        });
        byte[] batch = batch(100, 100); // about 11 KB: more than a second of the rate
        int sent = 0;
        int throttled = 0;
        try (RawConnection c = new RawConnection(broker.port())) {
            long start = -1; // the first record's offset (the leader's first entry may be a marker before it)
            for (int i = 0; i < 3; i++) {
                ProduceRequest req = ProduceRequest.newBuilder().setAcks(1).setTimeoutMs(30_000)
                        .addTopics(ProduceTopic.newBuilder().setName("q")
                                .addPartitions(ProducePartition.newBuilder().setPartition(0).setRecordsSize(batch.length)))
                        .build();
                c.send(RawConnection.request(ApiKey.PRODUCE.id(), i + 1, req, batch));
                RawConnection.Response raw = c.read();
                assertThat(raw.errorCode()).isZero();
                ProduceResponse r = ProduceResponse.parseFrom(raw.message());
                assertThat(r.getTopics(0).getPartitions(0).getErrorCode()).isEqualTo(ErrorCode.NONE);
                if (start < 0) {
                    start = r.getTopics(0).getPartitions(0).getBaseOffset();
                }
                sent += 100;
                throttled += r.getThrottleTimeMs() > 0 ? 1 : 0;
            }
            // the bucket holds one second (10,000 bytes): the 2nd and 3rd requests are over the rate
            assertThat(throttled).as("throttled produce responses").isGreaterThanOrEqualTo(2);

            FetchResponse first = fetch(c, 10);
            assertThat(first.getTopics(0).getPartitions(0).getHighWatermark() - start).as("every record sent is in the log").isEqualTo(sent);
            // 33 KB read at once is three seconds of the fetch rate
            assertThat(first.getThrottleTimeMs()).as("fetch throttle").isPositive();
        }
    }

    private static FetchResponse fetch(RawConnection c, int correlationId) throws Exception {
        FetchRequest fetch = FetchRequest.newBuilder().setMaxWaitMs(0).setMaxBytes(1 << 20)
                .addTopics(FetchTopic.newBuilder().setName("q").addPartitions(FetchPartition.newBuilder().setPartition(0)
                        .setFetchOffset(0).setMaxBytes(1 << 20)))
                .build();
        c.send(RawConnection.request(ApiKey.FETCH.id(), correlationId, fetch, new byte[0]));
        RawConnection.Response r = c.read();
        assertThat(r.errorCode()).isZero();
        return FetchResponse.parseFrom(r.message());
    }

    private static byte[] batch(int records, int valueBytes) {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 64 * 1024);
        for (int i = 0; i < records; i++) {
            b.append(1000L + i, ("k" + i).getBytes(), new byte[valueBytes]);
        }
        ByteBuffer built = b.build();
        byte[] bytes = new byte[built.remaining()];
        built.get(bytes);
        return bytes;
    }
}
