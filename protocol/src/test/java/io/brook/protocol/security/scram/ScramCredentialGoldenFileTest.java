package io.brook.protocol.security.scram;

import static io.brook.protocol.security.scram.ScramFixtures.unbase64;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Reads the golden credential {@code src/test/resources/security/scram-credential-v1.bin}
 * (written by {@link ScramCredentialGoldenFile}). Expected values are spelled out here, not taken
 * from the generator; the two keys are RFC 7677's, which {@link ScramRfc7677Test} proves by
 * reproducing the RFC's proof and server signature from them. A failure means the format
 * changed: that must be a new version, not an edit of version 1.
 */
class ScramCredentialGoldenFileTest {

    private static final String STORED_KEY = "586e5df283e6dceb5c3e791d8b8528ec191e664045ce971792e2e6b5bb13e2a6";
    private static final String SERVER_KEY = "c1f3cbc1c13a9d35a14c0990eed97629ea225863e566a4314ab99f3f00e5d9d5";

    private static byte[] load() throws IOException {
        String name = "/security/" + ScramCredentialGoldenFile.FILE_NAME;
        try (InputStream in = ScramCredentialGoldenFileTest.class.getResourceAsStream(name)) {
            assertThat(in).as("resource %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void golden_file_starts_with_version_mechanism_and_iterations() throws IOException {
        // given
        byte[] bytes = load();
        // when
        String header = HexFormat.of().formatHex(bytes, 0, 8);
        // then: version 1, SCRAM-SHA-256, 4096 iterations, 16-byte salt
        assertThat(header).isEqualTo("01" + "01" + "00001000" + "0010");
        assertThat(bytes).hasSize(1 + 1 + 4 + 2 + 16 + 2 + 32 + 2 + 32);
    }

    @Test
    void golden_file_decodes_to_the_rfc_7677_credential() throws IOException, ScramException {
        // given
        byte[] bytes = load();
        // when
        ScramCredential credential = ScramCredential.decode(bytes);
        // then
        assertThat(credential.mechanism()).isEqualTo(ScramMechanism.SCRAM_SHA_256);
        assertThat(credential.iterations()).isEqualTo(4096);
        assertThat(credential.salt()).isEqualTo(unbase64("W22ZaJ0SNY7soEsUEjb6gQ=="));
        assertThat(credential.storedKey()).isEqualTo(HexFormat.of().parseHex(STORED_KEY));
        assertThat(credential.serverKey()).isEqualTo(HexFormat.of().parseHex(SERVER_KEY));
    }

    @Test
    void todays_encoder_writes_the_golden_bytes() throws IOException {
        // given
        byte[] golden = load();
        // when
        byte[] encoded = ScramCredentialGoldenFile.credential().encode();
        // then
        assertThat(encoded).isEqualTo(golden);
    }
}
