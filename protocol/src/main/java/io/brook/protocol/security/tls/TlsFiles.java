package io.brook.protocol.security.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The key, certificate and CA files of one {@link TlsOptions}, read once: their bytes, and a
 * fingerprint (last-modified time, size and SHA-256 of each) by which {@link ReloadingSslContext}
 * notices a change. A context is built from these very bytes, so what was fingerprinted is what is
 * used, even when a file changes again while it is being read.
 */
record TlsFiles(Snapshot key, Snapshot cert, Snapshot ca) {

    /** No PEM key or certificate file comes near this; a bigger one is a wrong path. */
    private static final long MAX_SIZE = 1 << 20;

    /** Reads every file the options name; throws {@link TlsConfigException} naming the file it cannot read. */
    static TlsFiles read(TlsOptions options) {
        return new TlsFiles(Snapshot.read(options.keyFile(), "key file"),
                Snapshot.read(options.certFile(), "certificate file"), Snapshot.read(options.caFile(), "CA file"));
    }

    /** Equal for two reads of unchanged files, different when any file's time, size or content differs. */
    String fingerprint() {
        return Snapshot.fingerprint(key) + "|" + Snapshot.fingerprint(cert) + "|" + Snapshot.fingerprint(ca);
    }

    /** One file as it was read. */
    record Snapshot(Path path, String role, long lastModifiedMillis, long size, String sha256, byte[] content) {

        static Snapshot read(Path path, String role) {
            if (path == null) {
                return null;
            }
            TlsOptions.checkReadable(path, role);
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                if (attributes.size() > MAX_SIZE) {
                    throw new TlsConfigException("TLS " + role + " " + path + " is " + attributes.size()
                            + " bytes, too big for a PEM key or certificate file (limit " + MAX_SIZE + ")", path, null);
                }
                byte[] content = Files.readAllBytes(path);
                String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
                return new Snapshot(path, role, attributes.lastModifiedTime().toMillis(), attributes.size(), sha256,
                        content);
            } catch (IOException e) {
                throw new TlsConfigException("cannot read TLS " + role + " " + path + ": " + e, path, e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK always has SHA-256", e);
            }
        }

        private static String fingerprint(Snapshot snapshot) {
            return snapshot == null ? "-"
                    : snapshot.path + "," + snapshot.lastModifiedMillis + "," + snapshot.size + "," + snapshot.sha256;
        }

        /** Describes the file for messages: its role and path. */
        String describe() {
            return "TLS " + role + " " + path;
        }
    }
}
