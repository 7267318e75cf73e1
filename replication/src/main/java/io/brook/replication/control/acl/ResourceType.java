package io.brook.replication.control.acl;

/** The kind of thing an ACL binding protects. */
public enum ResourceType {
    /** The cluster as a whole; its only name is {@value ResourcePattern#CLUSTER_NAME}. */
    CLUSTER,
    /** A topic, by topic name. */
    TOPIC,
    /** A consumer group, by group id. */
    GROUP
}
