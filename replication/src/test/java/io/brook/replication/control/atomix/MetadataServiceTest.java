package io.brook.replication.control.atomix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atomix.primitive.operation.OperationId;
import io.atomix.primitive.service.impl.DefaultBackupInput;
import io.atomix.primitive.service.impl.DefaultBackupOutput;
import io.atomix.primitive.service.impl.DefaultCommit;
import io.atomix.storage.buffer.HeapBuffer;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.MetadataResult.Error;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataServiceTest {

    /** Version 1 of the snapshot of {@link #goldenState()}. */
    static final String GOLDEN_SNAPSHOT_V1 = "42524d5301000000000000012c00000004000000000000000500000000000000fa000000020000000100000002683100"
            + "0023840000000000000000000000640000000200000002683200002384000000017200000000000000c8000000010000"
            + "0001740000000269640000000200000001000000016b0000000176000000020000000100000003000000020000000100"
            + "000002ffffffffffffffff00000002000000020000000198d1d8ee";

    private long index;

    @Test
    void a_batch_applies_its_commands_in_order_with_the_entrys_time() {
        MetadataService service = new MetadataService();

        List<MetadataState.Applied> results = batch(service, 5_000,
                new MetadataCommand.RegisterBroker(MetadataStateTest.broker(1)),
                new MetadataCommand.CreateTopic("t", "id", 1, 2, Map.of(), false, 10_000),
                new MetadataCommand.CreateTopic("t", "id", 1, 1, Map.of(), false, 10_000));

        assertThat(results).extracting(a -> a.result().error())
                .containsExactly(Error.NONE, Error.INVALID_REPLICATION_FACTOR, Error.NONE);
        assertThat(results).extracting(MetadataState.Applied::version).containsExactly(1L, 1L, 2L);
        MetadataImage image = query(service, 0);
        assertThat(image.nowMs()).isEqualTo(5_000);
        assertThat(image.topics()).containsKey("t");
    }

    @Test
    void a_query_from_a_caller_at_the_current_version_gets_no_image() {
        MetadataService service = new MetadataService();
        batch(service, 1, new MetadataCommand.RegisterBroker(MetadataStateTest.broker(1)));

        assertThat(query(service, 1)).isNull();
        assertThat(query(service, 0).version()).isEqualTo(1);
    }

    @Test
    void backup_and_restore_reproduce_the_state_including_the_clock_and_the_rotation() {
        MetadataService service = new MetadataService();
        batch(service, 1_000, new MetadataCommand.RegisterBroker(MetadataStateTest.broker(1)),
                new MetadataCommand.RegisterBroker(MetadataStateTest.broker(2)),
                new MetadataCommand.CreateTopic("a", "a-id", 4, 2, Map.of("k", "v"), false, 10_000),
                new MetadataCommand.ReportLeader("a", 1, 2, 3));
        batch(service, 900, new MetadataCommand.Heartbeat(7));

        MetadataService restored = new MetadataService();
        restored.restore(new DefaultBackupInput(backup(service).flip(), restored.serializer()));

        assertThat(query(restored, 0)).isEqualTo(query(service, 0));
        List<MetadataCommand> next = List.of(new MetadataCommand.CreateTopic("b", "b-id", 3, 1, Map.of(), false, 10_000));
        assertThat(batch(restored, 500, next.get(0))).isEqualTo(batch(service, 500, next.get(0)));
        assertThat(query(restored, 0)).isEqualTo(query(service, 0));
        assertThat(query(restored, 0).nowMs()).isEqualTo(1_000);
    }

    @Test
    void random_states_survive_a_snapshot_round_trip() {
        for (long seed : Seeds.of("snapshots", 200)) {
            RandomMetadata random = new RandomMetadata(seed);
            MetadataState state = MetadataState.restore(random.image(), seed, (int) seed);

            MetadataState back = MetadataSnapshot.decode(MetadataSnapshot.encode(state));

            assertThat(back.image()).as("seed " + seed).isEqualTo(state.image());
            assertThat(back.clockMs()).isEqualTo(state.clockMs());
            assertThat(back.topicRotation()).isEqualTo(state.topicRotation());
        }
    }

    @Test
    void golden_snapshot() {
        byte[] bytes = MetadataSnapshot.encode(goldenState());

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(GOLDEN_SNAPSHOT_V1);
        MetadataState read = MetadataSnapshot.decode(HexFormat.of().parseHex(GOLDEN_SNAPSHOT_V1));
        assertThat(read.image()).isEqualTo(goldenState().image());
        assertThat(read.clockMs()).isEqualTo(300);
        assertThat(read.topicRotation()).isEqualTo(4);
    }

    @Test
    void a_snapshot_with_any_flipped_bit_is_refused() {
        byte[] good = MetadataSnapshot.encode(goldenState());
        for (int i = 0; i < good.length * 8; i += 7) {
            byte[] bad = good.clone();
            bad[i / 8] ^= (byte) (1 << (i % 8));
            assertThatThrownBy(() -> MetadataSnapshot.decode(bad)).as("bit " + i).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void an_unknown_operation_is_refused() {
        MetadataService service = new MetadataService();

        assertThatThrownBy(() -> service.apply(new DefaultCommit<>(1, OperationId.command("other"), new byte[0], null, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers

    private List<MetadataState.Applied> batch(MetadataService service, long time, MetadataCommand... commands) {
        byte[] out = service.apply(new DefaultCommit<>(++index, MetadataService.BATCH,
                CommandCodec.encodeCommands(List.of(commands)), null, time));
        return CommandCodec.decodeResults(out);
    }

    private MetadataImage query(MetadataService service, long known) {
        return CommandCodec.decodeAnswer(service.apply(new DefaultCommit<>(index, MetadataService.IMAGE,
                CommandCodec.encodeQuery(known), null, 0)));
    }

    private static HeapBuffer backup(MetadataService service) {
        HeapBuffer buffer = HeapBuffer.allocate();
        service.backup(new DefaultBackupOutput(buffer, service.serializer()));
        return buffer;
    }

    static MetadataState goldenState() {
        return MetadataState.restore(CommandCodecTest.goldenImage(), 300, 4);
    }
}
