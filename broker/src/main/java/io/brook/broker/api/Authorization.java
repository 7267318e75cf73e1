package io.brook.broker.api;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.network.RequestContext;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.acl.AclBinding;
import io.brook.replication.control.acl.Authorizer;
import io.brook.replication.control.acl.Operation;
import io.brook.replication.control.acl.ResourcePattern;
import io.brook.replication.control.acl.ResourceType;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The broker's authorization decisions: with {@code authorization.enabled}, whether a request's
 * principal may perform an operation on a resource under the cluster's ACLs (an {@link Authorizer}
 * rebuilt whenever a new metadata image changes the ACLs; {@code super.users} always may); without it,
 * everything is allowed. Handlers ask before they act and answer a refusal with AUTHORIZATION_FAILED
 * and {@link #denied}'s message, or, for a topic the principal may not even describe, as if it did not
 * exist (so that its existence is not revealed).
 *
 * <p>Thread-safe: {@link #update} runs on the metadata listener's thread, checks on event loops; the
 * authorizer is an immutable snapshot behind a volatile field.
 */
public final class Authorization {

    private final boolean enabled;
    private final Set<String> superUsers;
    private volatile Snapshot current;

    private record Snapshot(List<AclBinding> acls, Authorizer authorizer) {
    }

    public Authorization(BrokerConfig config) {
        this(config.getBoolean(BrokerConfig.AUTHORIZATION_ENABLED), config.superUsers());
    }

    Authorization(boolean enabled, Set<String> superUsers) {
        this.enabled = enabled;
        this.superUsers = Set.copyOf(superUsers);
        this.current = new Snapshot(List.of(), Authorizer.of(List.of(), this.superUsers));
    }

    /** Takes the ACLs of a new image (cheap when they did not change). */
    public void update(MetadataImage image) {
        Snapshot s = current;
        if (!s.acls().equals(image.acls())) {
            current = new Snapshot(image.acls(), Authorizer.of(image.acls(), superUsers));
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** Whether the request's principal may perform {@code op} on the resource. */
    public boolean allowed(RequestContext request, ResourceType type, String name, Operation op) {
        return allowed(request.principal(), type, name, op);
    }

    public boolean allowed(String principal, ResourceType type, String name, Operation op) {
        return !enabled || current.authorizer().authorize(principal, type, name, op);
    }

    /** Whether the request's principal may perform {@code op} on the cluster. */
    public boolean allowedOnCluster(RequestContext request, Operation op) {
        return allowed(request, ResourceType.CLUSTER, ResourcePattern.CLUSTER_NAME, op);
    }

    /** Whether the principal may see that the topic exists. */
    public boolean mayDescribeTopic(RequestContext request, String topic) {
        return allowed(request, ResourceType.TOPIC, topic, Operation.DESCRIBE);
    }

    /** The message of an AUTHORIZATION_FAILED: who may not do what to which resource. */
    public static String denied(RequestContext request, ResourceType type, String name, Operation op) {
        String what = type == ResourceType.CLUSTER ? "the cluster" : type.name().toLowerCase(Locale.ROOT) + " '" + name + "'";
        return request.principal() + " may not " + op.name() + " " + what + " (no ACL allows it)";
    }
}
