package io.brook.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.message.RaftEnvelope;
import io.brook.replication.raft.Entries;
import io.brook.replication.raft.RaftMessage.AppendResponse;
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
}
