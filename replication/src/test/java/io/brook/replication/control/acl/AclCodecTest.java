package io.brook.replication.control.acl;

import static io.brook.replication.control.acl.ResourceType.CLUSTER;
import static io.brook.replication.control.acl.ResourceType.GROUP;
import static io.brook.replication.control.acl.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The ACL binding bytes: random lists survive a round trip, the version 1 golden file still decodes to the
 * same bindings and is written byte for byte, and corrupt input fails with an {@link AclFormatException}.
 * Regenerate the golden file only for a deliberate format change: {@code -Dbrook.golden.write=true}.
 */
class AclCodecTest {

    private static final String GOLDEN = "acl/acl-bindings-v1.bin";

    /** One binding of 33 bytes; the offsets below are its fields'. */
    private static final AclBinding ONE = AclBinding.allow("User:alice", ResourcePattern.literal(TOPIC, "orders"), Operation.READ);
    private static final int COUNT_AT = 1;
    private static final int RESOURCE_TYPE_AT = 5;
    private static final int PATTERN_TYPE_AT = 6;
    private static final int NAME_LENGTH_AT = 7;
    private static final int NAME_AT = 11;
    private static final int PRINCIPAL_LENGTH_AT = 17;
    private static final int OPERATION_AT = 31;
    private static final int PERMISSION_AT = 32;

    /** Every resource type, pattern type, operation and permission, and names beyond ASCII. */
    static List<AclBinding> goldenBindings() {
        return List.of(
                AclBinding.allow("User:alice", ResourcePattern.literal(TOPIC, "orders"), Operation.READ),
                AclBinding.deny("User:*", ResourcePattern.prefixed(TOPIC, "orders-"), Operation.WRITE),
                AclBinding.allow("Group:ops", ResourcePattern.wildcard(GROUP), Operation.CREATE),
                AclBinding.allow("User:bob", ResourcePattern.cluster(), Operation.ALTER),
                AclBinding.deny("User:CN=J\u00fcrgen,O=acme", ResourcePattern.prefixed(TOPIC, "t\u00ebst-\u4e2d\uD83D\uDE00"), Operation.DELETE),
                AclBinding.allow("User:carol", ResourcePattern.prefixed(GROUP, "app-"), Operation.DESCRIBE));
    }

    private static byte[] golden() throws IOException {
        try (InputStream in = AclCodecTest.class.getClassLoader().getResourceAsStream(GOLDEN)) {
            assertThat(in).as(GOLDEN).isNotNull();
            return in.readAllBytes();
        }
    }

    private static byte[] one() {
        return AclCodec.encode(List.of(ONE));
    }

    private static AclFormatException decodeFails(byte[] bytes) {
        return catchThrowableOfType(AclFormatException.class, () -> AclCodec.decode(bytes));
    }

    @Test
    void random_binding_lists_survive_a_round_trip() {
        for (long seed : RandomAcls.seeds("acl codec round trip", 300)) {
            // given
            RandomAcls random = new RandomAcls(seed, 8);
            List<AclBinding> bindings = new ArrayList<>();
            for (int i = random.random.nextInt(40); i > 0; i--) {
                AclBinding b = random.binding();
                bindings.add(random.random.nextBoolean() || b.pattern().type() == CLUSTER ? b
                        : new AclBinding(b.principal(), new ResourcePattern(b.pattern().type(), text(random.random), b.pattern().patternType()),
                                b.operation(), b.permission()));
            }
            // when
            byte[] bytes = AclCodec.encode(bindings);
            // then
            assertThat(AclCodec.decode(bytes)).as("seed " + seed).isEqualTo(bindings);
        }
    }

    @Test
    void the_version_1_golden_file_decodes_to_its_bindings_and_is_written_byte_for_byte() throws IOException {
        // given
        List<AclBinding> expected = goldenBindings();
        if (Boolean.getBoolean("brook.golden.write")) {
            Files.write(Path.of("src/test/resources", GOLDEN), AclCodec.encode(expected));
        }
        byte[] golden = golden();
        // when
        List<AclBinding> decoded = AclCodec.decode(golden);
        // then
        assertThat(golden[0]).isEqualTo((byte) 1);
        assertThat(ByteBuffer.wrap(golden, COUNT_AT, 4).getInt()).isEqualTo(6);
        assertThat(decoded).isEqualTo(expected);
        assertThat(AclCodec.encode(decoded)).isEqualTo(golden);
    }

    @Test
    void an_empty_list_is_a_version_and_a_zero_count() {
        byte[] bytes = AclCodec.encode(List.of());

        assertThat(bytes).containsExactly(1, 0, 0, 0, 0);
        assertThat(AclCodec.decode(bytes)).isEmpty();
    }

    @Test
    void the_field_offsets_used_below_are_those_of_the_encoding() {
        byte[] bytes = one();

        assertThat(bytes).hasSize(33);
        assertThat(new byte[] {bytes[RESOURCE_TYPE_AT], bytes[PATTERN_TYPE_AT], bytes[OPERATION_AT], bytes[PERMISSION_AT]})
                .containsExactly(2, 1, 1, 1);
        assertThat(ByteBuffer.wrap(bytes, NAME_LENGTH_AT, 4).getInt()).isEqualTo(6);
        assertThat(ByteBuffer.wrap(bytes, PRINCIPAL_LENGTH_AT, 4).getInt()).isEqualTo(10);
    }

    @Test
    void an_unknown_version_is_refused() {
        // given
        byte[] bytes = one();
        bytes[0] = 2;
        // when
        AclFormatException e = decodeFails(bytes);
        // then
        assertThat(e).hasMessageContaining("unsupported format version 2");
        assertThat(e.offset()).isZero();
    }

    @Test
    void an_unknown_enum_id_is_refused_with_its_offset() {
        int[][] fields = {{RESOURCE_TYPE_AT, 3}, {PATTERN_TYPE_AT, 2}, {OPERATION_AT, 6}, {PERMISSION_AT, 2}};
        for (int[] field : fields) {
            for (int id : new int[] {0, field[1] + 1, -1}) {
                // given
                byte[] bytes = one();
                bytes[field[0]] = (byte) id;
                // when
                AclFormatException e = decodeFails(bytes);
                // then
                assertThat(e).as("id %d at %d", id, field[0]).isNotNull().hasMessageContaining("unknown").hasMessageContaining("id " + id);
                assertThat(e.offset()).isEqualTo(field[0]);
            }
        }
    }

    @Test
    void a_string_length_out_of_range_is_refused() {
        for (int at : new int[] {NAME_LENGTH_AT, PRINCIPAL_LENGTH_AT}) {
            for (int length : new int[] {0, -1, 100, AclCodec.MAX_STRING_BYTES + 1, Integer.MAX_VALUE}) {
                // given
                byte[] bytes = one();
                ByteBuffer.wrap(bytes).putInt(at, length);
                // when
                AclFormatException e = decodeFails(bytes);
                // then
                assertThat(e).as("length %d at %d", length, at).isNotNull().hasMessageContaining("length " + length);
                assertThat(e.offset()).isEqualTo(at);
            }
        }
    }

    @Test
    void a_count_beyond_the_bytes_left_or_negative_is_refused() {
        for (int count : new int[] {-1, 2, 1_000_000, Integer.MAX_VALUE}) {
            byte[] bytes = one();
            ByteBuffer.wrap(bytes).putInt(COUNT_AT, count);

            assertThat(decodeFails(bytes)).as("count %d", count).isNotNull().hasMessageContaining("count " + count);
        }
    }

    @Test
    void every_truncation_of_a_valid_encoding_is_refused() throws IOException {
        byte[] golden = golden();
        for (int length = 0; length < golden.length; length++) {
            byte[] truncated = Arrays.copyOf(golden, length);

            assertThat(decodeFails(truncated)).as("first %d bytes", length).isNotNull();
        }
    }

    @Test
    void bytes_left_over_are_refused() {
        byte[] bytes = Arrays.copyOf(one(), 34);

        assertThat(decodeFails(bytes)).hasMessageContaining("1 bytes left over");
    }

    @Test
    void malformed_utf8_is_refused() {
        // given
        byte[] bytes = one();
        bytes[NAME_AT + 2] = (byte) 0xFF;
        // when
        AclFormatException e = decodeFails(bytes);
        // then
        assertThat(e).hasMessageContaining("resource name is not valid UTF-8");
        assertThat(e.offset()).isEqualTo(NAME_AT);
    }

    @Test
    void a_binding_the_model_refuses_is_refused_with_the_models_reason() {
        // given: the resource type of "orders" changed to CLUSTER, whose only name is "cluster"
        byte[] bytes = one();
        bytes[RESOURCE_TYPE_AT] = 1;
        // when
        AclFormatException e = decodeFails(bytes);
        // then
        assertThat(e).hasMessageContaining("invalid binding").hasMessageContaining("'cluster'").hasCauseInstanceOf(InvalidAclException.class);
        assertThat(e.offset()).isEqualTo(RESOURCE_TYPE_AT);
    }

    @Test
    void random_corruption_either_fails_typed_or_decodes_to_bytes_that_encode_back() {
        for (long seed : RandomAcls.seeds("acl codec corruption", 300)) {
            // given
            RandomAcls random = new RandomAcls(seed, 6);
            byte[] bytes = AclCodec.encode(random.bindings(1 + random.random.nextInt(5)));
            for (int flips = 1 + random.random.nextInt(3); flips > 0; flips--) {
                bytes[random.random.nextInt(bytes.length)] ^= (byte) (1 << random.random.nextInt(8));
            }
            // when
            List<AclBinding> decoded;
            try {
                decoded = AclCodec.decode(bytes);
            } catch (AclFormatException e) {
                continue;
            }
            // then
            assertThat(AclCodec.encode(decoded)).as("seed " + seed).isEqualTo(bytes);
        }
    }

    @Test
    void decoding_garbage_fails_typed() {
        assertThatThrownBy(() -> AclCodec.decode(new byte[] {1, 0, 0, 0, 1, 9, 9, 9})).isInstanceOf(AclFormatException.class);
        assertThatThrownBy(() -> AclCodec.decode(new byte[0])).isInstanceOf(AclFormatException.class).hasMessageContaining("truncated");
    }

    /** A name of 1 to 20 code points, some of them beyond ASCII and beyond the basic plane. */
    private static String text(Random random) {
        String[] pool = {"a", "Z", "-", ".", "\u00e9", "\u4e2d", "\uD83D\uDE00"};
        StringBuilder s = new StringBuilder();
        for (int i = 1 + random.nextInt(20); i > 0; i--) {
            s.append(pool[random.nextInt(pool.length)]);
        }
        return s.toString();
    }
}
