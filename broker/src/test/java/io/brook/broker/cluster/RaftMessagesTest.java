package io.brook.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.message.RaftEnvelope;
import io.brook.replication.raft.Entries;
import io.brook.replication.raft.Membership;
import io.brook.replication.raft.RaftMessage.AppendRequest;
import io.brook.replication.raft.RaftMessage.AppendResponse;
import io.brook.replication.raft.RaftMessage.ResetRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaftMessagesTest {

    @Test
    void an_append_response_keeps_every_field_through_its_envelope() throws Exception {
        for (boolean recovering : new boolean[] {false, true}) {
            AppendResponse r = new AppendResponse(7, 2, true, 1234, -1, -1, 99, recovering);

            RaftEnvelope e = RaftMessages.encode(r).build();

            assertThat(RaftMessages.decode(RaftEnvelope.parseFrom(e.toByteArray()), Entries.NONE)).isEqualTo(r);
        }
    }

    @Test
    void a_heartbeat_keeps_every_field_through_its_envelope_quiescent_or_not() throws Exception {
        for (boolean quiescent : new boolean[] {false, true}) {
            AppendRequest a = new AppendRequest(7, 2, 1234, 6, 1200, Entries.NONE, 42, quiescent);

            RaftEnvelope e = RaftMessages.encode(a).build();

            assertThat(RaftMessages.decode(RaftEnvelope.parseFrom(e.toByteArray()), Entries.NONE)).isEqualTo(a);
        }
    }

    @Test
    void a_reset_carries_the_configuration_at_the_log_start() throws Exception {
        ResetRequest r = new ResetRequest(4, 1, 500, 3, 12, new Membership(List.of(1, 2, 4), List.of(5)));

        RaftEnvelope e = RaftMessages.encode(r).build();

        assertThat(RaftMessages.decode(RaftEnvelope.parseFrom(e.toByteArray()), Entries.NONE)).isEqualTo(r);
    }

    @Test
    void a_reset_without_a_configuration_is_dropped() throws Exception {
        RaftEnvelope e = RaftMessages.encode(new ResetRequest(4, 1, 500, 3, 12, Membership.of(List.of(1)))).build();
        RaftEnvelope withoutVoters = e.toBuilder().setReset(e.getReset().toBuilder().clearVoters()).build();

        assertThat(RaftMessages.decode(withoutVoters, Entries.NONE)).isNull();
    }
}
