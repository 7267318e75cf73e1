package io.brook.replication.control.acl;

/**
 * An ACL binding, resource pattern, principal, filter or super user is malformed: the message names the
 * field and the rule it breaks. Not retriable: the same input fails the same way; the caller must fix it.
 */
public final class InvalidAclException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidAclException(String message) {
        super(message);
    }
}
