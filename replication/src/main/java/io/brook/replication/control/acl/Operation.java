package io.brook.replication.control.acl;

/**
 * What a principal does to a resource. As in Kafka, an ALLOW of {@link #READ}, {@link #WRITE},
 * {@link #DELETE} or {@link #ALTER} on a resource also allows {@link #DESCRIBE} of it: whoever may consume,
 * produce, delete or change a topic may see that it exists. {@link #CREATE} does not imply DESCRIBE (a
 * principal allowed to create topics under a prefix does not thereby see the others' topics), and nothing
 * implies anything but DESCRIBE. Implication only widens ALLOWs: a DENY refuses only its own operation, so
 * a DENY of READ does not refuse DESCRIBE, and a DENY of DESCRIBE refuses it even to a principal allowed READ.
 */
public enum Operation {
    READ,
    WRITE,
    CREATE,
    DELETE,
    ALTER,
    DESCRIBE;

    /**
     * @return whether an ALLOW binding for {@code granted} also allows this operation: the same operation,
     *     or this is DESCRIBE and {@code granted} is READ, WRITE, DELETE or ALTER
     */
    public boolean allowedBy(Operation granted) {
        if (granted == this) {
            return true;
        }
        return this == DESCRIBE && granted != CREATE;
    }
}
