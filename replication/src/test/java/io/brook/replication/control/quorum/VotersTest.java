package io.brook.replication.control.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VotersTest {

    @Test
    void a_voter_list_maps_broker_ids_to_addresses_in_order() {
        Voters v = Voters.parse(" 3@host-c:9093, 1@10.0.0.1:9093,2@[::1]:9093 ");

        assertThat(v.addresses()).containsExactly(Map.entry(3, "host-c:9093"), Map.entry(1, "10.0.0.1:9093"),
                Map.entry(2, "[::1]:9093"));
        assertThat(v.ids()).containsExactly(3, 1, 2);
        assertThat(v.contains(2)).isTrue();
        assertThat(v.address(4)).isNull();
        assertThat(v).hasToString("3@host-c:9093,1@10.0.0.1:9093,2@[::1]:9093");
    }

    @Test
    void malformed_lists_are_refused_with_the_offending_entry() {
        assertThatThrownBy(() -> Voters.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Voters.parse("1@h:1,2h:2")).hasMessageContaining("\"2h:2\"");
        assertThatThrownBy(() -> Voters.parse("x@h:1")).hasMessageContaining("\"x@h:1\"");
        assertThatThrownBy(() -> Voters.parse("1@h:")).hasMessageContaining("\"1@h:\"");
        assertThatThrownBy(() -> Voters.parse("1@h:70000")).hasMessageContaining("port");
        assertThatThrownBy(() -> Voters.parse("1@h:1,1@g:2")).hasMessageContaining("twice");
    }
}
