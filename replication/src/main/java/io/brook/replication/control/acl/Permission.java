package io.brook.replication.control.acl;

/** Whether a binding grants or refuses its operation. A matching {@link #DENY} wins over any {@link #ALLOW}. */
public enum Permission {
    ALLOW,
    DENY
}
