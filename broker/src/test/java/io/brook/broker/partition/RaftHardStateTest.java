package io.brook.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.broker.meta.LocalStore;
import io.brook.replication.raft.HardStateStore.HardState;
import io.brook.replication.raft.Membership;
import io.brook.replication.raft.MembershipEntry;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaftHardStateTest {

    @TempDir
    Path dir;
    private LocalStore store;

    @BeforeEach
    void open() {
        store = LocalStore.open(dir.resolve("meta"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void configurations_survive_a_reopen_and_go_with_the_replica() {
        RaftHardState s = new RaftHardState(store, "id-1", 2);
        List<MembershipEntry> entries = List.of(new MembershipEntry(-1, 0, Membership.of(List.of(1, 2, 3))),
                new MembershipEntry(40, 3, new Membership(List.of(1, 2, 3), List.of(4))),
                new MembershipEntry(57, 3, Membership.of(List.of(1, 2, 3, 4))));
        s.save(new HardState(3, 1));
        s.saveMembership(entries);
        store.close();
        store = LocalStore.open(dir.resolve("meta"));

        RaftHardState again = new RaftHardState(store, "id-1", 2);
        assertThat(again.loadMembership()).isEqualTo(entries);
        assertThat(again.load()).isEqualTo(new HardState(3, 1));
        assertThat(new RaftHardState(store, "id-1", 1).loadMembership()).isEmpty();

        again.delete();
        assertThat(again.loadMembership()).isEmpty();
    }

    @Test
    void a_damaged_stored_configuration_is_a_clear_error() {
        store.put("raft-membership/id-1/2", new byte[] {1, 0, 0, 0, 1, 0});

        assertThatThrownBy(() -> new RaftHardState(store, "id-1", 2).loadMembership()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("raft-membership/id-1/2 is damaged");
    }

    /** The stored layout, byte for byte: a change of it must come with a new version, not by accident. */
    @Test
    void the_stored_configuration_history_has_a_fixed_layout() {
        RaftHardState s = new RaftHardState(store, "id-1", 2);
        List<MembershipEntry> entries = List.of(new MembershipEntry(-1, 0, Membership.of(List.of(1, 2))),
                new MembershipEntry(40, 3, new Membership(List.of(1, 2), List.of(4))));
        byte[] golden = HexFormat.of().parseHex("01" + "00000002"
                + "ffffffffffffffff" + "00000000" + "00000002" + "00000001" + "00000002" + "00000000"
                + "0000000000000028" + "00000003" + "00000002" + "00000001" + "00000002" + "00000001" + "00000004");

        s.saveMembership(entries);

        assertThat(HexFormat.of().formatHex(store.get("raft-membership/id-1/2"))).isEqualTo(HexFormat.of().formatHex(golden));
        store.put("raft-membership/id-1/2", golden);
        assertThat(s.loadMembership()).isEqualTo(entries);
    }
}
