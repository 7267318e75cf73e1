package io.brook.replication.control.acl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a list of ACL bindings, as the metadata log and its snapshots will carry them. Integers are
 * big-endian ({@link DataOutputStream}); a string is an int32 byte length followed by that many UTF-8
 * bytes, as in the control plane's other formats.
 * <pre>
 * int8   version = 1
 * int32  count
 * count x binding:
 *   int8    resourceType   1 CLUSTER, 2 TOPIC, 3 GROUP
 *   int8    patternType    1 LITERAL, 2 PREFIXED
 *   string  resourceName   int32 length (1..{@value #MAX_STRING_BYTES}), UTF-8
 *   string  principal      int32 length (1..{@value #MAX_STRING_BYTES}), UTF-8, "Type:name"
 *   int8    operation      1 READ, 2 WRITE, 3 CREATE, 4 DELETE, 5 ALTER, 6 DESCRIBE
 *   int8    permission     1 ALLOW, 2 DENY
 * </pre>
 * Ids are fixed here, not taken from enum ordinals, and start at 1 so zeroed bytes are refused. There is no
 * magic number nor checksum: the bytes travel inside metadata records, whose batches carry a CRC32C. The
 * order of the list is kept. A reader reads version 1 only and refuses others; a change of layout (a host
 * field, a new enum id) is a new version and a new golden file. Every count and length is checked against
 * the bytes left before anything is allocated, and each binding is validated as when built, so a corrupt
 * input fails with an {@link AclFormatException} rather than yielding a binding the model would refuse.
 * Stateless and thread-safe.
 */
public final class AclCodec {

    /** The format version written, and the only one read. */
    public static final byte VERSION = 1;
    /** The longest string read, in bytes: room for a principal of 1024 chars of up to 3 UTF-8 bytes each. */
    public static final int MAX_STRING_BYTES = 3 * Principals.MAX_LENGTH;

    /** The fewest bytes one binding takes: four int8s, two lengths, a 1-byte name and a 3-byte principal. */
    private static final int MIN_BINDING_BYTES = 4 + 2 * 4 + 1 + 3;

    private static final ResourceType[] RESOURCE_TYPES = {ResourceType.CLUSTER, ResourceType.TOPIC, ResourceType.GROUP};
    private static final PatternType[] PATTERN_TYPES = {PatternType.LITERAL, PatternType.PREFIXED};
    private static final Operation[] OPERATIONS = {Operation.READ, Operation.WRITE, Operation.CREATE, Operation.DELETE,
        Operation.ALTER, Operation.DESCRIBE};
    private static final Permission[] PERMISSIONS = {Permission.ALLOW, Permission.DENY};

    private AclCodec() {
    }

    /** @return the version {@value #VERSION} bytes of {@code bindings}, in their order */
    public static byte[] encode(List<AclBinding> bindings) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 48 * bindings.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(bindings.size());
            for (AclBinding binding : bindings) {
                ResourcePattern pattern = binding.pattern();
                out.writeByte(idOf(RESOURCE_TYPES, pattern.type()));
                out.writeByte(idOf(PATTERN_TYPES, pattern.patternType()));
                writeString(out, pattern.name());
                writeString(out, binding.principal());
                out.writeByte(idOf(OPERATIONS, binding.operation()));
                out.writeByte(idOf(PERMISSIONS, binding.permission()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /** @throws AclFormatException when {@code bytes} is not exactly one version-1 list of valid bindings */
    public static List<AclBinding> decode(byte[] bytes) {
        Input in = new Input(bytes);
        try {
            byte version = in.data.readByte();
            if (version != VERSION) {
                throw in.fail(1, "unsupported format version " + version + " (this build reads " + VERSION + ")");
            }
            int count = in.data.readInt();
            if (count < 0 || (long) count * MIN_BINDING_BYTES > in.remaining()) {
                throw in.fail(4, "binding count " + count + " does not fit the " + in.remaining() + " bytes left");
            }
            List<AclBinding> bindings = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                bindings.add(readBinding(in));
            }
            if (in.remaining() != 0) {
                throw in.fail(0, in.remaining() + " bytes left over after " + count + " bindings");
            }
            return bindings;
        } catch (EOFException e) {
            throw new AclFormatException(bytes.length, "truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayInputStream does not fail otherwise
        }
    }

    private static AclBinding readBinding(Input in) throws IOException {
        long start = in.position();
        ResourceType type = byId(in, RESOURCE_TYPES, "resource type");
        PatternType patternType = byId(in, PATTERN_TYPES, "pattern type");
        String name = readString(in, "resource name");
        String principal = readString(in, "principal");
        Operation operation = byId(in, OPERATIONS, "operation");
        Permission permission = byId(in, PERMISSIONS, "permission");
        try {
            return new AclBinding(principal, new ResourcePattern(type, name, patternType), operation, permission);
        } catch (InvalidAclException e) {
            throw new AclFormatException(start, "invalid binding: " + e.getMessage(), e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(Input in, String what) throws IOException {
        int length = in.data.readInt();
        if (length < 1 || length > MAX_STRING_BYTES || length > in.remaining()) {
            throw in.fail(4, what + " length " + length + " is out of range 1.." + Math.min(MAX_STRING_BYTES, in.remaining()));
        }
        byte[] b = new byte[length];
        in.data.readFully(b);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new AclFormatException(in.position() - length, what + " is not valid UTF-8", e);
        }
    }

    private static <E> byte idOf(E[] table, E value) {
        for (int i = 0; i < table.length; i++) {
            if (table[i] == value) {
                return (byte) (i + 1);
            }
        }
        throw new IllegalStateException("no wire id for " + value); // a new enum constant needs a format version
    }

    private static <E> E byId(Input in, E[] table, String what) throws IOException {
        byte id = in.data.readByte();
        if (id < 1 || id > table.length) {
            throw in.fail(1, "unknown " + what + " id " + id + " (known: 1.." + table.length + ")");
        }
        return table[id - 1];
    }

    /** The input and where reading stands in it, for messages. */
    private static final class Input {
        final DataInputStream data;
        private final ByteArrayInputStream source;
        private final int length;

        Input(byte[] bytes) {
            source = new ByteArrayInputStream(bytes);
            data = new DataInputStream(source);
            length = bytes.length;
        }

        int remaining() {
            return source.available();
        }

        long position() {
            return length - source.available();
        }

        /** @param back how many bytes ago the bad field started */
        AclFormatException fail(int back, String detail) {
            return new AclFormatException(position() - back, detail, null);
        }
    }
}
