package io.brook.broker;

import io.brook.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.InitProducerIdRequest;
import io.brook.protocol.message.InitProducerIdResponse;
import io.brook.replication.control.MetadataImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** InitProducerId on a real broker: ids are unique and never handed out twice, across restarts. */
class InitProducerIdTest {

    private static final InitProducerIdRequest NEW_PRODUCER = InitProducerIdRequest.newBuilder()
            .setProducerId(-1).setProducerEpoch(-1).build();

    @Test
    void each_producer_gets_a_new_id_with_epoch_0_and_a_restart_never_repeats_one() throws Exception {
        try (BrokerFixture broker = BrokerFixture.start(Map.of())) {
            // given ids handed out before a restart
            List<Long> before = initMany(broker, 3);

            // when the broker restarts and hands out more
            broker.restart();
            List<Long> after = initMany(broker, 2);

            // then every id is distinct; those after the restart come from a new block
            List<Long> all = new ArrayList<>(before);
            all.addAll(after);
            assertThat(all).doesNotHaveDuplicates();
            assertThat(before).containsExactly(0L, 1L, 2L);
            assertThat(after.get(0)).isGreaterThanOrEqualTo(MetadataImage.PRODUCER_ID_BLOCK_SIZE);
        }
    }

    @Test
    void a_transactional_id_is_refused_until_transactions_exist() throws Exception {
        try (BrokerFixture broker = BrokerFixture.start(Map.of()); RawConnection c = new RawConnection(broker.port())) {
            // when
            InitProducerIdResponse r = call(c, 1, NEW_PRODUCER.toBuilder().setTransactionalId("tx-1").build());

            // then
            assertThat(r.getErrorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(r.getErrorMessage()).contains("transactions are not supported");
            assertThat(r.getProducerId()).isEqualTo(-1);
        }
    }

    private static List<Long> initMany(BrokerFixture broker, int n) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (RawConnection c = new RawConnection(broker.port())) {
            for (int i = 0; i < n; i++) {
                InitProducerIdResponse r = call(c, i + 1, NEW_PRODUCER);
                assertThat(r.getErrorCode()).as(r.getErrorMessage()).isEqualTo(ErrorCode.NONE);
                assertThat(r.getProducerEpoch()).isZero();
                ids.add(r.getProducerId());
            }
        }
        return ids;
    }

    private static InitProducerIdResponse call(RawConnection c, int correlationId, InitProducerIdRequest req) throws Exception {
        c.send(RawConnection.request(ApiKey.INIT_PRODUCER_ID.id(), correlationId, req, new byte[0]));
        RawConnection.Response r = c.read();
        assertThat(r.errorCode()).as("frame-level error").isZero();
        return InitProducerIdResponse.parseFrom(r.message());
    }
}
