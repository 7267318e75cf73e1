package io.brook.protocol.record;

import static io.brook.protocol.record.TestBytes.utf8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the golden record batch files in {@code protocol/src/test/resources/golden}: one batch of
 * the same four records per codec. {@link GoldenFileTest} reads them back; for the uncompressed file
 * it also checks that today's builder still writes exactly these bytes.
 *
 * <p>Regenerating is a deliberate format change (see the folder's README.md). From the repository
 * root:
 *
 * <pre>
 * mvn -pl protocol test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *     -Dexec.mainClass=io.brook.protocol.record.GoldenFiles -Dexec.classpathScope=test \
 *     -Dexec.args=protocol/src/test/resources/golden
 * </pre>
 *
 * <p>The compressed files depend on the compression libraries' output, which may legitimately
 * change between library versions; only the reading of them is asserted.
 */
public final class GoldenFiles {

    static final long BASE_OFFSET = 1000L;
    static final int PARTITION_LEADER_EPOCH = 7;
    static final long PRODUCER_ID = 42L;
    static final short PRODUCER_EPOCH = 3;
    static final int BASE_SEQUENCE = 11;
    static final long T0 = 1_700_000_000_000L;

    private GoldenFiles() {}

    /** The file name of the golden batch for {@code codec}: {@code record-batch-v2-<codec>.bin}. */
    static String fileName(CompressionType codec) {
        return "record-batch-v2-" + codec.configName() + ".bin";
    }

    /**
     * The golden batch content: a null key (record 1), a null value (record 2), an empty value
     * (record 3), headers with a null value and a non-ASCII key, and timestamps that go back once.
     */
    static BatchSpec spec(CompressionType codec) {
        List<Record> records = List.of(
                new Record(BASE_OFFSET, T0, utf8("key-0"), utf8("value-0"),
                        new Header[] {Header.of("trace-id", "abc123"), new Header("null-header", null)}),
                new Record(BASE_OFFSET + 1, T0 + 250, null, utf8("no key"), new Header[] {Header.of("ключ", "значение")}),
                new Record(BASE_OFFSET + 2, T0 + 100, utf8("key-2"), null, new Header[0]),
                new Record(BASE_OFFSET + 3, T0 + 300, utf8("key-3"), new byte[0], new Header[] {Header.of("empty-value", "")}));
        return new BatchSpec(codec, BASE_OFFSET, PARTITION_LEADER_EPOCH, PRODUCER_ID, PRODUCER_EPOCH, BASE_SEQUENCE,
                false, TimestampType.CREATE_TIME, records);
    }

    /** The golden batch for {@code codec} as the builder writes it today. */
    static ByteBuffer build(CompressionType codec) {
        return spec(codec).buildWithBrook();
    }

    /** @param args the output folder; defaults to {@code protocol/src/test/resources/golden} */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "protocol/src/test/resources/golden");
        Files.createDirectories(dir);
        for (CompressionType codec : CompressionType.values()) {
            Path file = dir.resolve(fileName(codec));
            Files.write(file, TestBytes.toArray(build(codec)));
            System.out.println("wrote " + file + " (" + Files.size(file) + " bytes)");
        }
    }
}
