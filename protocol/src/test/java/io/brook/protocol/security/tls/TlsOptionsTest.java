package io.brook.protocol.security.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the options refuse before any file is parsed. */
class TlsOptionsTest {

    @TempDir
    Path dir;

    private Path key;
    private Path cert;
    private Path ca;

    @BeforeEach
    void makeFiles() throws Exception {
        key = Files.writeString(dir.resolve("key.pem"), "key");
        cert = Files.writeString(dir.resolve("cert.pem"), "cert");
        ca = Files.writeString(dir.resolve("ca.pem"), "ca");
    }

    @Test
    void defaultsForAServerAndAClient() {
        TlsOptions server = TlsOptions.server(key, cert, null);
        TlsOptions client = TlsOptions.client(ca);

        assertThat(server.clientAuth()).isEqualTo(ClientAuth.NONE);
        assertThat(server.reloadInterval()).isZero();
        assertThat(server.preferOpenSsl()).isTrue();
        assertThat(server.hasIdentity()).isTrue();
        assertThat(client.hasIdentity()).isFalse();
        assertThat(client.verifyHostname()).isTrue();
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.pem");

        assertThatThrownBy(() -> TlsOptions.server(key, missing, null))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("TLS certificate file " + missing + " does not exist");
    }

    @Test
    void aDirectoryIsNotAFile() {
        assertThatThrownBy(() -> TlsOptions.client(dir))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("TLS CA file " + dir + " is not a regular file");
    }

    @Test
    void anUnreadableFileIsNamed() throws Exception {
        // given
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(key), "running as a user who reads every file (root)");

        // when / then
        assertThatThrownBy(() -> TlsOptions.server(key, cert, null))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("TLS key file " + key + " is not readable by this process");
    }

    @Test
    void aKeyWithoutACertificateIsRefused() {
        assertThatThrownBy(() -> TlsOptions.client(ca).withClientCertificate(key, null))
                .isInstanceOf(TlsConfigException.class).hasMessageContaining("go together");
    }

    @Test
    void requiringClientCertificatesNeedsACaFile() {
        assertThatThrownBy(() -> TlsOptions.server(key, cert, null).withClientAuth(ClientAuth.REQUIRE))
                .isInstanceOf(TlsConfigException.class).hasMessageContaining("needs a CA file");
    }

    @Test
    void aNegativeReloadIntervalIsRefused() {
        assertThatThrownBy(() -> TlsOptions.server(key, cert, null).withReloadInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(TlsConfigException.class).hasMessageContaining("reload interval");
    }
}
