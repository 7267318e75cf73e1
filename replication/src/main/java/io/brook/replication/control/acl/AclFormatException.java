package io.brook.replication.control.acl;

/**
 * Bytes given to {@link AclCodec#decode} are not a list of ACL bindings this build reads: an unknown
 * version or enum id, a bad length or count, truncated or trailing bytes, malformed UTF-8, or a binding
 * that breaks the model's rules. Not retriable: the same bytes fail the same way; they are corrupt or were
 * written by a newer format version.
 */
public final class AclFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final long offset;

    /** @param offset the byte offset in the input at which the problem was found */
    public AclFormatException(long offset, String detail, Throwable cause) {
        super("malformed ACL bindings at byte " + offset + ": " + detail, cause);
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
