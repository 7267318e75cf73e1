package io.brook.replication.control.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.replication.control.MetadataImage;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The records of the metadata log and the checkpoint (snapshot) they may carry; golden bytes pin the record format's version 1 and the snapshot's versions 1 to 5. */
class MetadataRecordsTest {

    /** Version 1 of the snapshot of {@link #goldenState()} without its producer ids. */
    static final String GOLDEN_SNAPSHOT_V1 = "42524d5301000000000000012c00000004000000000000000500000000000000fa000000020000000100000002683100"
            + "0023840000000000000000000000640000000200000002683200002384000000017200000000000000c8000000010000"
            + "0001740000000269640000000200000001000000016b0000000176000000020000000100000003000000020000000100"
            + "000002ffffffffffffffff00000002000000020000000198d1d8ee";

    /** Version 2 of the snapshot of {@link #goldenState()}, with its producer ids. */
    static final String GOLDEN_SNAPSHOT_V2 = "42524d5302000000000000012c00000004000000000000000500000000000000fa000000020000000100000002683100"
            + "0023840000000000000000000000640000000200000002683200002384000000017200000000000000c8000000010000"
            + "0001740000000269640000000200000001000000016b0000000176000000020000000100000003000000020000000100"
            + "000002ffffffffffffffff0000000200000002000000010000000000000bb8000000020000000100000000000003e800"
            + "00000200000000000007d0a57ecce3";

    /** Version 3 of the snapshot of {@link #goldenState()}, with its producer ids and peer addresses. */
    static final String GOLDEN_SNAPSHOT_V3 = "42524d5303000000000000012c00000004000000000000000500000000000000fa000000020000000100000002683100"
            + "0023840000000000000000000000640000000200000002683200002384000000017200000000000000c8000000010000"
            + "0001740000000269640000000200000001000000016b0000000176000000020000000100000003000000020000000100"
            + "000002ffffffffffffffff0000000200000002000000010000000000000bb8000000020000000100000000000003e800"
            + "00000200000000000007d00000000200000001000000027031000023850000000200000002703200002385574170a7";

    /** Version 4 of the snapshot of {@link #goldenState()}, with its users and ACLs. */
    static final String GOLDEN_SNAPSHOT_V4 = "42524d5304000000000000012c00000004000000000000000500000000000000fa000000020000000100000002683100"
            + "0023840000000000000000000000640000000200000002683200002384000000017200000000000000c8000000010000"
            + "0001740000000269640000000200000001000000016b0000000176000000020000000100000003000000020000000100"
            + "000002ffffffffffffffff0000000200000002000000010000000000000bb8000000020000000100000000000003e800"
            + "00000200000000000007d000000002000000010000000270310000238500000002000000027032000023850000000100"
            + "000005616c696365000000020000000d534352414d2d5348412d323536000000030102030000000d534352414d2d5348"
            + "412d35313200000001040000003701000000020201000000066f72646572730000000a557365723a616c696365020103"
            + "02000000046f70732d00000006557365723a2a0102b0d6c217";

    /** Version 5 of the snapshot of {@link #goldenMovingState()}, with its move. */
    static final String GOLDEN_SNAPSHOT_V5 = "42524d5305000000000000012c00000004000000000000000500000000000000fa000000020000000100000002683100"
            + "0023840000000000000000000000640000000200000002683200002384000000017200000000000000c8000000010000"
            + "0001740000000269640000000200000001000000016b0000000176000000020000000100000003000000020000000100"
            + "000002ffffffffffffffff0000000200000002000000010000000000000bb8000000020000000100000000000003e800"
            + "00000200000000000007d000000002000000010000000270310000238500000002000000027032000023850000000100"
            + "000005616c696365000000020000000d534352414d2d5348412d323536000000030102030000000d534352414d2d5348"
            + "412d35313200000001040000003701000000020201000000066f72646572730000000a557365723a616c696365020103"
            + "02000000046f70732d00000006557365723a2a0102000000010000000174000000010000000200000001000000030000"
            + "000000001388528b55a4";

    /** Version 1 of a command record holding {@code CreateTopic("t", "id", 3, 2, {k=v}, false, 10000)}. */
    static final String GOLDEN_COMMAND_RECORD_V1 = "010103000000017400000002696400000003000000020000000100000001"
            + "6b0000000176000000000000002710";

    @Test
    void golden_snapshot() {
        byte[] bytes = MetadataSnapshot.encode(goldenMovingState());

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(GOLDEN_SNAPSHOT_V5);
        MetadataState read = MetadataSnapshot.decode(HexFormat.of().parseHex(GOLDEN_SNAPSHOT_V5));
        assertThat(read.image()).isEqualTo(goldenMovingState().image());
        assertThat(read.clockMs()).isEqualTo(300);
        assertThat(read.topicRotation()).isEqualTo(4);
    }

    @Test
    void a_version_4_snapshot_reads_without_moves() {
        MetadataState read = MetadataSnapshot.decode(HexFormat.of().parseHex(GOLDEN_SNAPSHOT_V4));

        assertThat(read.image()).isEqualTo(goldenState().image());
        assertThat(read.clockMs()).isEqualTo(300);
    }

    @Test
    void a_version_3_snapshot_reads_without_users_and_acls() {
        MetadataState read = MetadataSnapshot.decode(HexFormat.of().parseHex(GOLDEN_SNAPSHOT_V3));

        MetadataImage g = goldenState().image();
        assertThat(read.image()).isEqualTo(new MetadataImage(g.version(), g.brokers(), g.lastHeartbeatMs(), g.topics(), g.nowMs(),
                g.nextProducerId(), g.producerIdBlocks()));
    }

    @Test
    void a_version_2_snapshot_reads_with_client_addresses_as_peer_addresses() {
        MetadataState read = MetadataSnapshot.decode(HexFormat.of().parseHex(GOLDEN_SNAPSHOT_V2));

        MetadataImage g = goldenState().image();
        assertThat(read.image()).isEqualTo(new MetadataImage(g.version(), CommandCodecTest.brokersWithoutPeers(), g.lastHeartbeatMs(),
                g.topics(), g.nowMs(), g.nextProducerId(), g.producerIdBlocks()));
    }

    @Test
    void a_version_1_snapshot_reads_without_producer_ids() {
        MetadataState read = MetadataSnapshot.decode(HexFormat.of().parseHex(GOLDEN_SNAPSHOT_V1));

        MetadataImage g = goldenState().image();
        assertThat(read.image()).isEqualTo(new MetadataImage(g.version(), CommandCodecTest.brokersWithoutPeers(), g.lastHeartbeatMs(),
                g.topics(), g.nowMs()));
        assertThat(read.clockMs()).isEqualTo(300);
    }

    @Test
    void golden_command_record() {
        MetadataCommand create = new MetadataCommand.CreateTopic("t", "id", 3, 2, Map.of("k", "v"), false, 10_000);

        assertThat(HexFormat.of().formatHex(MetadataRecords.command(create))).isEqualTo(GOLDEN_COMMAND_RECORD_V1);
        assertThat(MetadataRecords.decode(HexFormat.of().parseHex(GOLDEN_COMMAND_RECORD_V1)))
                .isEqualTo(new MetadataRecords.Command(create));
    }

    @Test
    void a_checkpoint_record_is_the_version_the_kind_and_the_snapshot() {
        byte[] value = MetadataRecords.checkpoint(goldenMovingState());

        assertThat(HexFormat.of().formatHex(value)).isEqualTo("0102" + GOLDEN_SNAPSHOT_V5);
        MetadataRecords.Entry e = MetadataRecords.decode(value);
        assertThat(e).isInstanceOf(MetadataRecords.Checkpoint.class);
        assertThat(((MetadataRecords.Checkpoint) e).state().image()).isEqualTo(goldenMovingState().image());
    }

    @Test
    void every_command_type_survives_a_record_round_trip() {
        for (MetadataCommand c : CommandCodecTest.goldenCommands()) {
            assertThat(MetadataRecords.decode(MetadataRecords.command(c))).isEqualTo(new MetadataRecords.Command(c));
        }
    }

    @Test
    void random_states_survive_a_checkpoint_round_trip() {
        for (long seed : Seeds.of("snapshots", 200)) {
            RandomMetadata random = new RandomMetadata(seed);
            MetadataState state = MetadataState.restore(random.image(), seed, (int) seed);

            MetadataState back = ((MetadataRecords.Checkpoint) MetadataRecords.decode(MetadataRecords.checkpoint(state))).state();

            assertThat(back.image()).as("seed " + seed).isEqualTo(state.image());
            assertThat(back.clockMs()).isEqualTo(state.clockMs());
            assertThat(back.topicRotation()).isEqualTo(state.topicRotation());
        }
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
    void records_of_another_version_or_kind_or_malformed_are_refused_never_skipped() {
        byte[] good = MetadataRecords.command(new MetadataCommand.Heartbeat(3));
        for (byte[] bad : List.of(new byte[0], new byte[] {1}, new byte[] {2, 1, 2, 0, 0, 0, 3}, new byte[] {1, 9, 2, 0, 0, 0, 3},
                new byte[] {1, 1, 99}, new byte[] {1, 1, 2, 0, 0}, new byte[] {1, 2, 0, 0, 0, 0})) {
            assertThatThrownBy(() -> MetadataRecords.decode(bad)).as(HexFormat.of().formatHex(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        byte[] trailing = new byte[good.length + 1];
        System.arraycopy(good, 0, trailing, 0, good.length);
        assertThatThrownBy(() -> MetadataRecords.decode(trailing)).isInstanceOf(IllegalArgumentException.class);
    }

    /** {@link #goldenState()} with a move in progress ({@link CommandCodecTest#goldenMovingImage()}). */
    static MetadataState goldenMovingState() {
        return MetadataState.restore(CommandCodecTest.goldenMovingImage(), 300, 4);
    }

    static MetadataState goldenState() {
        return MetadataState.restore(CommandCodecTest.goldenImage(), 300, 4);
    }
}
