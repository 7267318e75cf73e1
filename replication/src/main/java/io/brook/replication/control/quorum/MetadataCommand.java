package io.brook.replication.control.quorum;

import io.brook.replication.control.Reassignment;
import io.brook.replication.control.StoredCredential;
import io.brook.replication.control.acl.AclBinding;
import io.brook.replication.control.BrokerRegistration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A change to the cluster metadata, as the controller log carries it (encoded by {@link CommandCodec}).
 * Everything the state machine needs to decide deterministically travels in the command: the topic id
 * (a UUID chosen by the submitter) and the liveness timeout; the time comes from the log entry.
 */
sealed interface MetadataCommand {

    /** Adds or replaces a broker; its liveness clock starts at the entry's time. */
    record RegisterBroker(BrokerRegistration broker) implements MetadataCommand {
        public RegisterBroker {
            Objects.requireNonNull(broker, "broker");
            if (broker.host() == null || broker.rack() == null) {
                throw new IllegalArgumentException("broker host and rack must not be null: " + broker);
            }
        }
    }

    record Heartbeat(int brokerId) implements MetadataCommand {
    }

    /**
     * @param topicId a UUID; re-applying a create with the same name and id succeeds without change
     * @param liveTimeoutMs brokers whose last heartbeat is older than this are not given replicas
     */
    record CreateTopic(String name, String topicId, int partitions, int replicationFactor, Map<String, String> configs,
                       boolean validateOnly, long liveTimeoutMs) implements MetadataCommand {
        public CreateTopic {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(topicId, "topicId");
            configs = Map.copyOf(configs);
        }
    }

    record DeleteTopic(String name) implements MetadataCommand {
        public DeleteTopic {
            Objects.requireNonNull(name, "name");
        }
    }

    /** @param partitions the new total (0 = unchanged) */
    record AlterTopic(String name, int partitions, Map<String, String> set, List<String> delete, boolean validateOnly,
                      long liveTimeoutMs) implements MetadataCommand {
        public AlterTopic {
            Objects.requireNonNull(name, "name");
            set = Map.copyOf(set);
            delete = List.copyOf(delete);
        }
    }

    /** Gives the broker the next block of producer ids (see {@code MetadataImage#producerIdBlocks}). */
    record AllocateProducerIds(int brokerId) implements MetadataCommand {
    }

    record ReportLeader(String topic, int partition, int leaderId, int term) implements MetadataCommand {
        public ReportLeader {
            Objects.requireNonNull(topic, "topic");
        }
    }

    /** Sets (adds or replaces) the user's credential for its mechanism; the user exists while it has one. */
    record UpsertUser(String name, StoredCredential credential) implements MetadataCommand {
        public UpsertUser {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(credential, "credential");
        }
    }

    /** Removes the user's credential for {@code mechanism}, or every credential (the user) when it is empty. */
    record DeleteUser(String name, String mechanism) implements MetadataCommand {
        public DeleteUser {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mechanism, "mechanism");
        }
    }

    /** Adds the bindings that are not there yet (already validated by the submitter). */
    record CreateAcls(List<AclBinding> acls) implements MetadataCommand {
        public CreateAcls {
            acls = List.copyOf(acls);
        }
    }

    /** Removes these exact bindings where present (the submitter matched its filters against an image). */
    record DeleteAcls(List<AclBinding> acls) implements MetadataCommand {
        public DeleteAcls {
            acls = List.copyOf(acls);
        }
    }

    /** Starts, replaces or cancels replica moves, all or none (see {@code ClusterMetadata#reassignPartitions}). */
    record ReassignPartitions(List<Reassignment> moves, boolean validateOnly) implements MetadataCommand {
        public ReassignPartitions {
            moves = List.copyOf(moves);
        }
    }

    /** Ends a replica move whose target has the members of {@code replicas} (see {@code ClusterMetadata#completeReassignment}). */
    record CompleteReassignment(String topic, int partition, String topicId, List<Integer> replicas, int leaderId, int term)
            implements MetadataCommand {
        public CompleteReassignment {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(topicId, "topicId");
            replicas = List.copyOf(replicas);
        }
    }
}
