package io.brook.protocol.security.tls;

import io.brook.protocol.security.tls.TlsFiles.Snapshot;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files (RFC 7468): certificates ({@code BEGIN CERTIFICATE}) and unencrypted PKCS#8
 * private keys ({@code BEGIN PRIVATE KEY}). Every failure is a {@link TlsConfigException} naming the
 * file and saying what is wrong with it, and for keys in another format how to convert them.
 */
final class Pem {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END ([A-Z0-9 ]+)-----", Pattern.DOTALL);
    private static final String BEGIN = "-----BEGIN ";
    /** Key types a PKCS#8 key may hold, tried in turn (the encoding names its algorithm only by OID). */
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS");

    private Pem() {
    }

    /** The certificates in {@code file}, in order; at least one. Other blocks (such as keys) are skipped. */
    static List<X509Certificate> certificates(Snapshot file) {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory = certificateFactory();
        for (Block block : blocks(file)) {
            if (!block.type.equals("CERTIFICATE")) {
                continue;
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der)));
            } catch (CertificateException e) {
                throw new TlsConfigException(file.describe() + ": certificate " + (certificates.size() + 1)
                        + " is damaged: " + e.getMessage(), file.path(), e);
            }
        }
        if (certificates.isEmpty()) {
            throw new TlsConfigException(file.describe() + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
                    file.path(), null);
        }
        return List.copyOf(certificates);
    }

    /** The one unencrypted PKCS#8 private key in {@code file}. */
    static PrivateKey privateKey(Snapshot file) {
        List<Block> keys = new ArrayList<>();
        for (Block block : blocks(file)) {
            switch (block.type) {
                case "PRIVATE KEY" -> keys.add(block);
                case "ENCRYPTED PRIVATE KEY" -> throw new TlsConfigException(file.describe()
                        + " holds an encrypted key; Brook reads unencrypted PKCS#8 keys (protect the file instead)",
                        file.path(), null);
                case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY" -> throw new TlsConfigException(
                        file.describe() + " holds a '" + block.type + "' key; Brook reads PKCS#8 ('PRIVATE KEY'): "
                        + "convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file.path(), file.path(), null);
                default -> { }
            }
        }
        if (keys.size() != 1) {
            throw new TlsConfigException(file.describe() + " holds " + keys.size()
                    + " PEM private keys (-----BEGIN PRIVATE KEY-----); expected exactly one", file.path(), null);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(keys.get(0).der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm (or not a key at all): try the next
            }
        }
        throw new TlsConfigException(file.describe() + " holds a PRIVATE KEY block that is not a PKCS#8 "
                + String.join(", ", KEY_ALGORITHMS) + " key (damaged, or an unsupported algorithm)", file.path(), null);
    }

    private static List<Block> blocks(Snapshot file) {
        String text = new String(file.content(), StandardCharsets.ISO_8859_1);
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            String type = matcher.group(1);
            if (!type.equals(matcher.group(3))) {
                throw new TlsConfigException(file.describe() + ": a PEM block begins as " + type + " but ends as "
                        + matcher.group(3), file.path(), null);
            }
            try {
                blocks.add(new Block(type, Base64.getDecoder().decode(matcher.group(2).replaceAll("\\s", ""))));
            } catch (IllegalArgumentException e) {
                throw new TlsConfigException(file.describe() + ": the base64 of PEM block " + (blocks.size() + 1)
                        + " (" + type + ") is damaged: " + e.getMessage(), file.path(), e);
            }
        }
        int begins = count(text, BEGIN);
        if (begins != blocks.size()) {
            throw new TlsConfigException(file.describe() + " has " + begins + " '-----BEGIN' lines but only "
                    + blocks.size() + " complete PEM blocks (cut short?)", file.path(), null);
        }
        return blocks;
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }

    private static CertificateFactory certificateFactory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK always has an X.509 certificate factory", e);
        }
    }

    private record Block(String type, byte[] der) {
    }
}
