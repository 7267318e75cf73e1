package io.brook.replication.control;

import java.util.Arrays;

/**
 * A user's credential for one SASL mechanism, as the cluster metadata keeps it: opaque bytes to the
 * control plane (for SCRAM, {@code io.brook.protocol.security.scram.ScramCredential.encode()}: salt,
 * iterations, StoredKey, ServerKey; never a password). Compared by content.
 */
public record StoredCredential(String mechanism, byte[] bytes) {

    public StoredCredential {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredCredential c && mechanism.equals(c.mechanism) && Arrays.equals(bytes, c.bytes);
    }

    @Override
    public int hashCode() {
        return mechanism.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "StoredCredential[" + mechanism + ", " + bytes.length + " bytes, sha " + Integer.toHexString(Arrays.hashCode(bytes))
                + "]";
    }

}
