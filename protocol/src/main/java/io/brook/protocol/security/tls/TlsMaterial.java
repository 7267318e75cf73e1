package io.brook.protocol.security.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The parsed contents of one {@link TlsFiles}: the private key, its certificate chain (leaf first)
 * and the trust anchors, each null or empty when the options name no such file. Parsing checks
 * that the key belongs to the chain's leaf, since neither Netty nor the JDK does so before the
 * first handshake.
 */
record TlsMaterial(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trustAnchors) {

    private static final byte[] PROBE = "brook key/certificate pair check".getBytes(StandardCharsets.US_ASCII);

    static TlsMaterial parse(TlsFiles files) {
        PrivateKey key = files.key() == null ? null : Pem.privateKey(files.key());
        List<X509Certificate> chain = files.cert() == null ? List.of() : Pem.certificates(files.cert());
        List<X509Certificate> anchors = files.ca() == null ? List.of() : Pem.certificates(files.ca());
        if (key != null) {
            checkPair(key, chain.get(0), files);
        }
        return new TlsMaterial(key, chain, anchors);
    }

    /** The leaf certificate, or null when there is no key and chain. */
    X509Certificate leaf() {
        return chain.isEmpty() ? null : chain.get(0);
    }

    /** Signs a probe with the key and verifies it with the leaf's public key. */
    private static void checkPair(PrivateKey key, X509Certificate leaf, TlsFiles files) {
        String algorithm = signatureAlgorithm(key);
        if (algorithm == null) {
            return; // e.g. RSASSA-PSS, whose signature needs parameters: the handshake will tell
        }
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(PROBE);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new TlsConfigException(files.key().describe() + " (a " + key.getAlgorithm()
                    + " key) does not belong to the first certificate of " + files.cert().describe() + " (subject "
                    + leaf.getSubjectX500Principal().getName() + ", serial " + leaf.getSerialNumber().toString(16)
                    + ", a " + leaf.getPublicKey().getAlgorithm() + " key)", files.key().path(), null);
        }
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
            default -> null;
        };
    }
}
