package io.brook.replication.control.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.replication.control.BrokerRegistration;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.MetadataResult;
import io.brook.replication.control.MetadataResult.Error;
import io.brook.replication.control.PartitionAssignment;
import io.brook.replication.control.Reassignment;
import io.brook.replication.control.StoredCredential;
import io.brook.replication.control.TopicImage;
import io.brook.replication.control.acl.AclBinding;
import io.brook.replication.control.acl.Operation;
import io.brook.replication.control.acl.ResourcePattern;
import io.brook.replication.control.acl.ResourceType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CommandCodecTest {

    /** Version 1 of a batch holding one command of each type (see {@link #golden_commands()}). */
    static final String GOLDEN_COMMANDS_V1 = "010000000601000000010000000268310000238400000001720200000001030000000174000000026964000000020000"
            + "000100000001000000016b00000001760000000000000027100400000001740500000001740000000300000001000000"
            + "016b0000000177000000010000000178010000000000002710060000000174000000000000000100000007";
    /** Version 1 of a result batch with one result of each error. */
    static final String GOLDEN_RESULTS_V1 = "0100000007000000000000000000000000010100000014544f5049435f414c52454144595f4558495354530000000000"
            + "000002020000000d554e4b4e4f574e5f544f50494300000000000000030300000017494e56414c49445f504152544954"
            + "494f4e5f434f554e540000000000000004040000001a494e56414c49445f5245504c49434154494f4e5f464143544f52"
            + "00000000000000050500000018434f4e54524f4c4c45525f4e4f545f415641494c41424c450000000000000006060000"
            + "000e554e4b4e4f574e5f42524f4b45520000000000000007";
    /** Version 2: the same and ALLOCATE_PRODUCER_IDS. */
    static final String GOLDEN_COMMANDS_V2 = "020000000701000000010000000268310000238400000001720200000001030000000174000000026964000000020000"
            + "000100000001000000016b00000001760000000000000027100400000001740500000001740000000300000001000000"
            + "016b00000001770000000100000001780100000000000027100600000001740000000000000001000000070700000003";
    /** Version 2: the same and PRODUCER_IDS_EXHAUSTED. */
    static final String GOLDEN_RESULTS_V2 = "0200000008000000000000000000000000010100000014544f5049435f414c52454144595f4558495354530000000000"
            + "000002020000000d554e4b4e4f574e5f544f50494300000000000000030300000017494e56414c49445f504152544954"
            + "494f4e5f434f554e540000000000000004040000001a494e56414c49445f5245504c49434154494f4e5f464143544f52"
            + "00000000000000050500000018434f4e54524f4c4c45525f4e4f545f415641494c41424c450000000000000006060000"
            + "000e554e4b4e4f574e5f42524f4b45520000000000000007070000001650524f44554345525f4944535f455848415553"
            + "5445440000000000000008";
    /** Version 2 of an IMAGE answer for {@link #goldenImage()}, with its producer ids. */
    static final String GOLDEN_IMAGE_ANSWER_V2 = "0201000000000000000500000000000000fa000000020000000100000002683100002384000000000000000000000064"
            + "0000000200000002683200002384000000017200000000000000c8000000010000000174000000026964000000020000"
            + "0001000000016b0000000176000000020000000100000003000000020000000100000002ffffffffffffffff00000002"
            + "00000002000000010000000000000bb8000000020000000100000000000003e80000000200000000000007d0";
    /** Version 3: the same commands, the registration with its peer address (REGISTER_BROKER_PEER). */
    static final String GOLDEN_COMMANDS_V3 = "030000000708000000010000000268310000238400000001720000000270310000238502000000010300000001740000"
            + "00026964000000020000000100000001000000016b000000017600000000000000271004000000017405000000017400"
            + "00000300000001000000016b000000017700000001000000017801000000000000271006000000017400000000000000"
            + "01000000070700000003";
    /** Version 4: the same commands, UPSERT_USER, DELETE_USER, CREATE_ACLS and DELETE_ACLS. */
    static final String GOLDEN_COMMANDS_V4 = "040000000b08000000010000000268310000238400000001720000000270310000238502000000010300000001740000"
            + "00026964000000020000000100000001000000016b000000017600000000000000271004000000017405000000017400"
            + "00000300000001000000016b000000017700000001000000017801000000000000271006000000017400000000000000"
            + "010000000707000000030900000005616c6963650000000d534352414d2d5348412d323536000000030102030a000000"
            + "03626f62000000000b0000003701000000020201000000066f72646572730000000a557365723a616c69636502010302"
            + "000000046f70732d00000006557365723a2a01020c0000002101000000010201000000066f72646572730000000a5573"
            + "65723a616c6963650201";
    /** Version 4 of the result batch: USER_NOT_FOUND added. */
    static final String GOLDEN_RESULTS_V4 = "0400000009000000000000000000000000010100000014544f5049435f414c52454144595f4558495354530000000000"
            + "000002020000000d554e4b4e4f574e5f544f50494300000000000000030300000017494e56414c49445f504152544954"
            + "494f4e5f434f554e540000000000000004040000001a494e56414c49445f5245504c49434154494f4e5f464143544f52"
            + "00000000000000050500000018434f4e54524f4c4c45525f4e4f545f415641494c41424c450000000000000006060000"
            + "000e554e4b4e4f574e5f42524f4b45520000000000000007070000001650524f44554345525f4944535f455848415553"
            + "5445440000000000000008080000000e555345525f4e4f545f464f554e440000000000000009";
    /** Version 4 of an IMAGE answer for {@link #goldenImage()}, with its users and ACLs. */
    static final String GOLDEN_IMAGE_ANSWER_V4 = "0401000000000000000500000000000000fa000000020000000100000002683100002384000000000000000000000064"
            + "0000000200000002683200002384000000017200000000000000c8000000010000000174000000026964000000020000"
            + "0001000000016b0000000176000000020000000100000003000000020000000100000002ffffffffffffffff00000002"
            + "00000002000000010000000000000bb8000000020000000100000000000003e80000000200000000000007d000000002"
            + "000000010000000270310000238500000002000000027032000023850000000100000005616c69636500000002000000"
            + "0d534352414d2d5348412d323536000000030102030000000d534352414d2d5348412d35313200000001040000003701"
            + "000000020201000000066f72646572730000000a557365723a616c69636502010302000000046f70732d000000065573"
            + "65723a2a0102";
    /** Version 5: the same commands, REASSIGN_PARTITIONS and COMPLETE_REASSIGNMENT. */
    static final String GOLDEN_COMMANDS_V5 = "050000000d08000000010000000268310000238400000001720000000270310000238502000000010300000001740000"
            + "00026964000000020000000100000001000000016b000000017600000000000000271004000000017405000000017400"
            + "00000300000001000000016b000000017700000001000000017801000000000000271006000000017400000000000000"
            + "010000000707000000030900000005616c6963650000000d534352414d2d5348412d323536000000030102030a000000"
            + "03626f62000000000b0000003701000000020201000000066f72646572730000000a557365723a616c69636502010302"
            + "000000046f70732d00000006557365723a2a01020c0000002101000000010201000000066f72646572730000000a5573"
            + "65723a616c69636502010d00000002000000017400000000000000020000000200000003000000000010000000000001"
            + "750000000100000001000000010000000000000000010e00000001740000000000000002696400000002000000030000"
            + "00020000000300000008";
    /** Version 5 of the result batch: INVALID_REPLICA_ASSIGNMENT added. */
    static final String GOLDEN_RESULTS_V5 = "050000000a000000000000000000000000010100000014544f5049435f414c52454144595f4558495354530000000000"
            + "000002020000000d554e4b4e4f574e5f544f50494300000000000000030300000017494e56414c49445f504152544954"
            + "494f4e5f434f554e540000000000000004040000001a494e56414c49445f5245504c49434154494f4e5f464143544f52"
            + "00000000000000050500000018434f4e54524f4c4c45525f4e4f545f415641494c41424c450000000000000006060000"
            + "000e554e4b4e4f574e5f42524f4b45520000000000000007070000001650524f44554345525f4944535f455848415553"
            + "5445440000000000000008080000000e555345525f4e4f545f464f554e440000000000000009090000001a494e56414c"
            + "49445f5245504c4943415f41535349474e4d454e54000000000000000a";
    /** Version 5 of an IMAGE answer for {@link #goldenMovingImage()}, with its move. */
    static final String GOLDEN_IMAGE_ANSWER_V5 = "0501000000000000000500000000000000fa000000020000000100000002683100002384000000000000000000000064"
            + "0000000200000002683200002384000000017200000000000000c8000000010000000174000000026964000000020000"
            + "0001000000016b0000000176000000020000000100000003000000020000000100000002ffffffffffffffff00000002"
            + "00000002000000010000000000000bb8000000020000000100000000000003e80000000200000000000007d000000002"
            + "000000010000000270310000238500000002000000027032000023850000000100000005616c69636500000002000000"
            + "0d534352414d2d5348412d323536000000030102030000000d534352414d2d5348412d35313200000001040000003701"
            + "000000020201000000066f72646572730000000a557365723a616c69636502010302000000046f70732d000000065573"
            + "65723a2a0102000000010000000174000000010000000200000001000000030000000000001388";
    /** Version 3 of the result batch (unchanged but for the version byte). */
    static final String GOLDEN_RESULTS_V3 = "03" + GOLDEN_RESULTS_V2.substring(2);
    /** Version 3 of an IMAGE answer for {@link #goldenImage()}, with its peer addresses. */
    static final String GOLDEN_IMAGE_ANSWER_V3 = "0301000000000000000500000000000000fa000000020000000100000002683100002384000000000000000000000064"
            + "0000000200000002683200002384000000017200000000000000c8000000010000000174000000026964000000020000"
            + "0001000000016b0000000176000000020000000100000003000000020000000100000002ffffffffffffffff00000002"
            + "00000002000000010000000000000bb8000000020000000100000000000003e80000000200000000000007d000000002"
            + "00000001000000027031000023850000000200000002703200002385";
    /** Version 1 of an IMAGE answer for {@link #goldenImage()} without its producer ids. */
    static final String GOLDEN_IMAGE_ANSWER_V1 = "0101000000000000000500000000000000fa000000020000000100000002683100002384000000000000000000000064"
            + "0000000200000002683200002384000000017200000000000000c8000000010000000174000000026964000000020000"
            + "0001000000016b0000000176000000020000000100000003000000020000000100000002ffffffffffffffff00000002"
            + "0000000200000001";

    @Test
    void random_command_batches_survive_a_round_trip() {
        for (long seed : Seeds.of("command batches", 300)) {
            List<MetadataCommand> commands = new RandomMetadata(seed).commands();

            assertThat(CommandCodec.decodeCommands(CommandCodec.encodeCommands(commands))).as("seed " + seed).isEqualTo(commands);
        }
    }

    @Test
    void random_images_survive_a_round_trip_through_the_query_answer() {
        for (long seed : Seeds.of("image answers", 300)) {
            MetadataImage image = new RandomMetadata(seed).image();

            assertThat(CommandCodec.decodeAnswer(CommandCodec.encodeAnswer(image, image.version() - 1)))
                    .as("seed " + seed).isEqualTo(image);
        }
    }

    @Test
    void an_answer_to_a_caller_with_the_current_version_is_unchanged() {
        MetadataImage image = goldenImage();

        byte[] answer = CommandCodec.encodeAnswer(image, image.version());

        assertThat(CommandCodec.decodeAnswer(answer)).isNull();
        assertThat(answer).hasSize(10);
    }

    @Test
    void results_of_every_error_survive_a_round_trip() {
        List<MetadataState.Applied> results = goldenResults();

        assertThat(CommandCodec.decodeResults(CommandCodec.encodeResults(results))).isEqualTo(results);
    }

    @Test
    void a_query_carries_the_known_version() {
        assertThat(CommandCodec.decodeQuery(CommandCodec.encodeQuery(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void golden_commands() {
        byte[] bytes = CommandCodec.encodeCommands(goldenCommands());

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(GOLDEN_COMMANDS_V5);
        assertThat(CommandCodec.decodeCommands(HexFormat.of().parseHex(GOLDEN_COMMANDS_V5))).isEqualTo(goldenCommands());
    }

    @Test
    void version_4_commands_are_still_read() {
        assertThat(CommandCodec.decodeCommands(HexFormat.of().parseHex(GOLDEN_COMMANDS_V4))).isEqualTo(goldenCommands().subList(0, 11));
    }

    @Test
    void version_3_commands_are_still_read() {
        assertThat(CommandCodec.decodeCommands(HexFormat.of().parseHex(GOLDEN_COMMANDS_V3))).isEqualTo(goldenCommands().subList(0, 7));
    }

    @Test
    void version_1_and_2_commands_are_still_read_with_the_client_address_as_peer_address() {
        List<MetadataCommand> withoutPeers = new ArrayList<>(goldenCommands().subList(0, 7));
        withoutPeers.set(0, new MetadataCommand.RegisterBroker(new BrokerRegistration(1, "h1", 9092, "r")));

        assertThat(CommandCodec.decodeCommands(HexFormat.of().parseHex(GOLDEN_COMMANDS_V2))).isEqualTo(withoutPeers);
        assertThat(CommandCodec.decodeCommands(HexFormat.of().parseHex(GOLDEN_COMMANDS_V1))).isEqualTo(withoutPeers.subList(0, 6));
    }

    @Test
    void golden_results() {
        assertThat(HexFormat.of().formatHex(CommandCodec.encodeResults(goldenResults()))).isEqualTo(GOLDEN_RESULTS_V5);
        assertThat(CommandCodec.decodeResults(HexFormat.of().parseHex(GOLDEN_RESULTS_V5))).isEqualTo(goldenResults());
        assertThat(CommandCodec.decodeResults(HexFormat.of().parseHex(GOLDEN_RESULTS_V4))).isEqualTo(goldenResults().subList(0, 9));
        assertThat(CommandCodec.decodeResults(HexFormat.of().parseHex(GOLDEN_RESULTS_V3))).isEqualTo(goldenResults().subList(0, 8));
        assertThat(CommandCodec.decodeResults(HexFormat.of().parseHex(GOLDEN_RESULTS_V2))).isEqualTo(goldenResults().subList(0, 8));
        assertThat(CommandCodec.decodeResults(HexFormat.of().parseHex(GOLDEN_RESULTS_V1))).isEqualTo(goldenResults().subList(0, 7));
    }

    @Test
    void golden_image_answer() {
        assertThat(HexFormat.of().formatHex(CommandCodec.encodeImage(goldenMovingImage()))).isEqualTo(GOLDEN_IMAGE_ANSWER_V5);
        assertThat(CommandCodec.decodeAnswer(HexFormat.of().parseHex(GOLDEN_IMAGE_ANSWER_V5))).isEqualTo(goldenMovingImage());
    }

    @Test
    void a_version_4_image_answer_reads_without_moves() {
        assertThat(CommandCodec.decodeAnswer(HexFormat.of().parseHex(GOLDEN_IMAGE_ANSWER_V4))).isEqualTo(goldenImage());
    }

    @Test
    void a_move_that_does_not_fit_the_image_is_refused() {
        byte[] bytes = CommandCodec.encodeImage(goldenMovingImage());
        // the moved partition's number is the 12 bytes before the last 4 + 8 + 8 (one target id of two, the throttle)
        bytes[bytes.length - 8 - 8 - 4 - 1] = 7;

        assertThatThrownBy(() -> CommandCodec.decodeAnswer(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit the image");
    }

    @Test
    void a_version_3_image_answer_reads_without_users_and_acls() {
        MetadataImage g = goldenImage();

        assertThat(CommandCodec.decodeAnswer(HexFormat.of().parseHex(GOLDEN_IMAGE_ANSWER_V3))).isEqualTo(new MetadataImage(g.version(),
                g.brokers(), g.lastHeartbeatMs(), g.topics(), g.nowMs(), g.nextProducerId(), g.producerIdBlocks()));
    }

    @Test
    void a_version_2_image_answer_reads_with_client_addresses_as_peer_addresses() {
        MetadataImage g = goldenImage();

        assertThat(CommandCodec.decodeAnswer(HexFormat.of().parseHex(GOLDEN_IMAGE_ANSWER_V2)))
                .isEqualTo(new MetadataImage(g.version(), brokersWithoutPeers(), g.lastHeartbeatMs(), g.topics(), g.nowMs(),
                        g.nextProducerId(), g.producerIdBlocks()));
    }

    @Test
    void a_version_1_image_answer_reads_without_producer_ids() {
        MetadataImage g = goldenImage();

        assertThat(CommandCodec.decodeAnswer(HexFormat.of().parseHex(GOLDEN_IMAGE_ANSWER_V1)))
                .isEqualTo(new MetadataImage(g.version(), brokersWithoutPeers(), g.lastHeartbeatMs(), g.topics(), g.nowMs()));
    }

    /** The brokers of {@link #goldenImage()} as versions 1 and 2 read them: peer address = client address. */
    static Map<Integer, BrokerRegistration> brokersWithoutPeers() {
        return Map.of(1, new BrokerRegistration(1, "h1", 9092, ""), 2, new BrokerRegistration(2, "h2", 9092, "r"));
    }

    @Test
    void another_format_version_is_refused() {
        byte[] bytes = CommandCodec.encodeCommands(goldenCommands());
        bytes[0] = 6;

        assertThatThrownBy(() -> CommandCodec.decodeCommands(bytes))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 6");
    }

    @Test
    void every_truncation_and_trailing_garbage_is_refused() {
        byte[] bytes = CommandCodec.encodeCommands(goldenCommands());
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> CommandCodec.decodeCommands(cut)).as("first " + n + " bytes")
                    .isInstanceOf(IllegalArgumentException.class);
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> CommandCodec.decodeCommands(longer)).hasMessageContaining("left over");
    }

    @Test
    void random_corruption_never_escapes_as_anything_but_an_illegal_argument() {
        byte[] good = CommandCodec.encodeCommands(goldenCommands());
        for (long seed : Seeds.of("corrupt batches", 500)) {
            Random r = new Random(seed);
            byte[] bad = good.clone();
            for (int i = 1 + r.nextInt(4); i > 0; i--) {
                bad[r.nextInt(bad.length)] = (byte) r.nextInt(256);
            }
            try {
                CommandCodec.decodeCommands(bad);
            } catch (IllegalArgumentException expected) {
                // refused: fine
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + e, e);
            }
        }
    }

    @Test
    void an_empty_or_oversized_batch_is_not_encoded() {
        List<MetadataCommand> many = new ArrayList<>();
        for (int i = 0; i <= CommandCodec.MAX_BATCH; i++) {
            many.add(new MetadataCommand.Heartbeat(i));
        }

        assertThatThrownBy(() -> CommandCodec.encodeCommands(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandCodec.encodeCommands(many)).isInstanceOf(IllegalArgumentException.class);
    }

    static List<MetadataCommand> goldenCommands() {
        return List.of(
                new MetadataCommand.RegisterBroker(new BrokerRegistration(1, "h1", 9092, "r", "p1", 9093)),
                new MetadataCommand.Heartbeat(1),
                new MetadataCommand.CreateTopic("t", "id", 2, 1, Map.of("k", "v"), false, 10_000),
                new MetadataCommand.DeleteTopic("t"),
                new MetadataCommand.AlterTopic("t", 3, Map.of("k", "w"), List.of("x"), true, 10_000),
                new MetadataCommand.ReportLeader("t", 0, 1, 7),
                new MetadataCommand.AllocateProducerIds(3),
                new MetadataCommand.UpsertUser("alice", new StoredCredential("SCRAM-SHA-256", new byte[] {1, 2, 3})),
                new MetadataCommand.DeleteUser("bob", ""),
                new MetadataCommand.CreateAcls(goldenAcls()),
                new MetadataCommand.DeleteAcls(goldenAcls().subList(0, 1)),
                new MetadataCommand.ReassignPartitions(List.of(new Reassignment("t", 0, List.of(2, 3), 1_048_576),
                        new Reassignment("u", 1, List.of(1), 0)), true),
                new MetadataCommand.CompleteReassignment("t", 0, "id", List.of(3, 2), 3, 8));
    }

    static List<AclBinding> goldenAcls() {
        return List.of(AclBinding.allow("User:alice", ResourcePattern.literal(ResourceType.TOPIC, "orders"), Operation.WRITE),
                AclBinding.deny("User:*", ResourcePattern.prefixed(ResourceType.GROUP, "ops-"), Operation.READ));
    }

    static List<MetadataState.Applied> goldenResults() {
        List<MetadataState.Applied> results = new ArrayList<>();
        long version = 1;
        for (Error e : Error.values()) {
            results.add(new MetadataState.Applied(new MetadataResult(e, e == Error.NONE ? "" : e.name()), version++));
        }
        return results;
    }

    /** {@link #goldenImage()} with partition 1 moving to [1, 3] at 5000 B/s. */
    static MetadataImage goldenMovingImage() {
        MetadataImage g = goldenImage();
        TopicImage t = g.topics().get("t");
        PartitionAssignment p1 = t.partitions().get(1);
        TopicImage moving = new TopicImage("t", t.id(), t.replicationFactor(), t.configs(), List.of(t.partitions().get(0),
                new PartitionAssignment(1, p1.replicas(), p1.leader(), p1.leaderTerm(), List.of(1, 3), 5000)));
        return new MetadataImage(g.version(), g.brokers(), g.lastHeartbeatMs(), Map.of("t", moving), g.nowMs(), g.nextProducerId(),
                g.producerIdBlocks(), g.users(), g.acls());
    }

    static MetadataImage goldenImage() {
        return new MetadataImage(5, Map.of(1, new BrokerRegistration(1, "h1", 9092, "", "p1", 9093),
                2, new BrokerRegistration(2, "h2", 9092, "r", "p2", 9093)),
                Map.of(1, 100L, 2, 200L),
                Map.of("t", new TopicImage("t", "id", 2, Map.of("k", "v"),
                        List.of(new PartitionAssignment(0, List.of(1, 2), 1, 3), new PartitionAssignment(1, List.of(2, 1), -1, -1)))),
                250, 3000, Map.of(1, 1000L, 2, 2000L),
                Map.of("alice", Map.of("SCRAM-SHA-256", new StoredCredential("SCRAM-SHA-256", new byte[] {1, 2, 3}),
                        "SCRAM-SHA-512", new StoredCredential("SCRAM-SHA-512", new byte[] {4}))), goldenAcls());
    }
}
