package io.brook.broker;

import io.brook.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.api.ListOffsetsHandler;
import io.brook.client.Admin;
import io.brook.client.NewTopic;
import io.brook.client.Producer;
import io.brook.client.ProducerRecord;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ListOffsetsPartition;
import io.brook.protocol.message.ListOffsetsPartitionResult;
import io.brook.protocol.message.ListOffsetsRequest;
import io.brook.protocol.message.ListOffsetsResponse;
import io.brook.protocol.message.ListOffsetsTopic;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ListOffsets with timestamp -3 on a real broker: the end of a Raft term in the leader's log, which
 * a consumer uses to validate the term of a committed offset.
 */
class ListOffsetsEndOfTermTest {

    @Test
    void the_end_of_each_term_is_the_start_of_the_next_and_the_last_term_ends_at_the_log_end() throws Exception {
        try (BrokerFixture broker = BrokerFixture.start(Map.of())) {
            // given records written in one term, a restart (a new election, a higher term), then more records
            createTopic(broker, "terms");
            long lastBefore = produce(broker, 5);
            broker.restart();
            long firstAfter = produce(broker, 3) - 2;

            try (RawConnection c = new RawConnection(broker.port())) {
                // when asking about a term far beyond any in the log
                ListOffsetsPartitionResult future = endOfTerm(c, 1, "terms", 0, 1_000_000);
                // then the answer is the last term, ending at the log end
                assertThat(future.getErrorCode()).as(future.getErrorMessage()).isEqualTo(ErrorCode.NONE);
                int last = future.getLastTerm();
                assertThat(future.getTerm()).isEqualTo(last);
                assertThat(future.getOffset()).isEqualTo(firstAfter + 3);

                // when asking about the last term itself: the same answer
                ListOffsetsPartitionResult lastTerm = endOfTerm(c, 2, "terms", 0, last);
                assertThat(lastTerm.getTerm()).isEqualTo(last);
                assertThat(lastTerm.getOffset()).isEqualTo(firstAfter + 3);

                // when asking about the term just below it: the largest earlier term in the log,
                // ending where the records written after the restart begin (or at its leader marker)
                ListOffsetsPartitionResult earlier = endOfTerm(c, 3, "terms", 0, last - 1);
                assertThat(earlier.getErrorCode()).as(earlier.getErrorMessage()).isEqualTo(ErrorCode.NONE);
                assertThat(earlier.getTerm()).isLessThan(last).isGreaterThanOrEqualTo(0);
                assertThat(earlier.getOffset()).isGreaterThan(lastBefore).isLessThanOrEqualTo(firstAfter);
                assertThat(earlier.getLastTerm()).isEqualTo(last);
            }
        }
    }

    @Test
    void a_term_below_every_term_in_the_log_ends_at_the_log_start() throws Exception {
        try (BrokerFixture broker = BrokerFixture.start(Map.of())) {
            createTopic(broker, "low");
            produce(broker, "low", 2);
            try (RawConnection c = new RawConnection(broker.port())) {
                int first = endOfTerm(c, 1, "low", 0, 1_000_000).getLastTerm();
                // when
                ListOffsetsPartitionResult r = endOfTerm(c, 2, "low", 0, first - 1);
                // then no term that low: term -1, ending at the log start; not an error
                assertThat(r.getErrorCode()).as(r.getErrorMessage()).isEqualTo(ErrorCode.NONE);
                assertThat(r.getTerm()).isEqualTo(-1);
                assertThat(r.getOffset()).isZero();
            }
        }
    }

    @Test
    void a_negative_term_and_an_unknown_partition_are_refused_with_a_clear_error() throws Exception {
        try (BrokerFixture broker = BrokerFixture.start(Map.of())) {
            createTopic(broker, "bad");
            produce(broker, "bad", 1);
            try (RawConnection c = new RawConnection(broker.port())) {
                ListOffsetsPartitionResult negative = endOfTerm(c, 1, "bad", 0, -1);
                assertThat(negative.getErrorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
                assertThat(negative.getErrorMessage()).contains("term must be >= 0");

                ListOffsetsPartitionResult unknown = endOfTerm(c, 2, "bad", 7, 1);
                assertThat(unknown.getErrorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
                assertThat(unknown.getErrorMessage()).contains("bad-7");

                ListOffsetsPartitionResult belowTerm = call(c, 3, "bad", ListOffsetsPartition.newBuilder()
                        .setPartition(0).setTimestamp(-4).build());
                assertThat(belowTerm.getErrorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
            }
        }
    }

    private static void createTopic(BrokerFixture broker, String name) throws Exception {
        try (Admin a = TestClients.admin(broker)) {
            a.createTopics(List.of(new NewTopic(name, 1, 1, Map.of()))).get(15, TimeUnit.SECONDS);
        }
    }

    /** @return the offset of the last record sent */
    private static long produce(BrokerFixture broker, int n) throws Exception {
        return produce(broker, "terms", n);
    }

    private static long produce(BrokerFixture broker, String topic, int n) throws Exception {
        long last = -1;
        try (Producer p = new Producer(TestClients.producer(broker).acks("all").build())) {
            for (int i = 0; i < n; i++) {
                last = p.send(new ProducerRecord(topic, 0, null, ("r" + i).getBytes(StandardCharsets.UTF_8)))
                        .get(15, TimeUnit.SECONDS).offset();
            }
        }
        return last;
    }

    private static ListOffsetsPartitionResult endOfTerm(RawConnection c, int correlationId, String topic, int partition, int term)
            throws Exception {
        return call(c, correlationId, topic, ListOffsetsPartition.newBuilder().setPartition(partition)
                .setTimestamp(ListOffsetsHandler.END_OF_TERM).setTerm(term).build());
    }

    private static ListOffsetsPartitionResult call(RawConnection c, int correlationId, String topic, ListOffsetsPartition p)
            throws Exception {
        ListOffsetsRequest req = ListOffsetsRequest.newBuilder()
                .addTopics(ListOffsetsTopic.newBuilder().setName(topic).addPartitions(p)).build();
        c.send(RawConnection.request(ApiKey.LIST_OFFSETS.id(), correlationId, req, new byte[0]));
        RawConnection.Response r = c.read();
        assertThat(r.errorCode()).as("frame-level error").isZero();
        return ListOffsetsResponse.parseFrom(r.message()).getTopics(0).getPartitions(0);
    }
}
