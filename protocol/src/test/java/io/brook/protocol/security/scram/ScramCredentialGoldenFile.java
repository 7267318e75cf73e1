package io.brook.protocol.security.scram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Writes {@code protocol/src/test/resources/security/scram-credential-v1.bin}: the version-1
 * encoding of RFC 7677's example credential (SCRAM-SHA-256, password "pencil", salt
 * {@code W22ZaJ0SNY7soEsUEjb6gQ==}, 4096 iterations). {@link ScramCredentialGoldenFileTest} reads
 * it back. Rewriting it is a deliberate format change. After {@code mvn -pl protocol test-compile},
 * from the repository root:
 *
 * <pre>
 * java -cp protocol/target/classes:protocol/target/test-classes \
 *     io.brook.protocol.security.scram.ScramCredentialGoldenFile protocol/src/test/resources/security
 * </pre>
 */
public final class ScramCredentialGoldenFile {

    static final String FILE_NAME = "scram-credential-v1.bin";

    private ScramCredentialGoldenFile() {}

    static ScramCredential credential() {
        return ScramCredential.derive(ScramMechanism.SCRAM_SHA_256, "pencil".toCharArray(),
                Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
    }

    /** @param args the output folder; defaults to {@code protocol/src/test/resources/security} */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "protocol/src/test/resources/security");
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        Files.write(file, credential().encode());
        System.out.println("wrote " + file + " (" + Files.size(file) + " bytes)");
    }
}
