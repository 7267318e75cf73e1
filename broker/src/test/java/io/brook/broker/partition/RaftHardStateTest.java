package io.brook.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.brook.broker.meta.LocalStore;
import io.brook.replication.raft.HardStateStore.HardState;
import io.brook.replication.raft.Membership;
import io.brook.replication.raft.MembershipEntry;
import io.brook.replication.raft.RaftMessage;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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

    /**
     * On the replica's log thread a term or vote is written unsynced, readable at once, and every Raft
     * message sent after it waits until the thread's burst ends with a WAL sync: no peer sees a vote
     * before it is durable. Messages sent before it go at once.
     */
    @Test
    void on_its_log_thread_a_saved_vote_holds_the_messages_sent_after_it_until_the_burst_is_synced() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        RaftMessage m = new RaftMessage.TimeoutNow(4, 2);
        try (LogThread thread = new LogThread("brook-log-test", System::currentTimeMillis, () -> events.add("transport flush"),
                store, 86_400_000L)) {
            thread.start();
            RaftHardState s = new RaftHardState(store, "id-1", 2, null, thread);
            thread.execute(() -> {
                thread.send(m, () -> events.add("sent before the save"));
                s.save(new HardState(4, 2));
                events.add("saved, reads " + s.load());
                thread.send(m, () -> events.add("sent after the save"));
                events.add("task done");
            });

            await().atMost(10, TimeUnit.SECONDS).until(() -> events.contains("transport flush"));
            assertThat(events).startsWith("sent before the save", "saved, reads HardState[term=4, votedFor=2]", "task done",
                    "sent after the save", "transport flush");
        }
        assertThat(new RaftHardState(store, "id-1", 2).load()).isEqualTo(new HardState(4, 2));
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
