package io.brook.broker.meta;

import io.brook.protocol.message.ErrorCode;
import io.brook.replication.control.ClusterMetadata;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.StoredCredential;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * User administration through the controller quorum: submits an upsert or a deletion of a user's
 * stored credential and answers once this broker's metadata image shows it, so that the next
 * authentication on this broker uses the new credential. Validation (names, credential bytes,
 * mechanisms) is the caller's. Thread-safe.
 */
public final class ClusterUsers {

    /** How long to wait for a change to show up in the local image. */
    private static final long VISIBLE_TIMEOUT_MS = 15_000;

    private final ClusterMetadata metadata;
    private final ImageWaits waits;

    public ClusterUsers(ClusterMetadata metadata) {
        this.metadata = metadata;
        this.waits = new ImageWaits(metadata);
    }

    /** Every user with its credentials by mechanism name, as this broker's image holds them. */
    public Map<String, Map<String, StoredCredential>> all() {
        return metadata.image().users();
    }

    /** Sets {@code name}'s credential for the credential's mechanism (adds the user if new). */
    public CompletableFuture<AdminResult> upsert(String name, StoredCredential credential) {
        return metadata.upsertUser(name, credential).thenCompose(r -> !r.ok()
                ? CompletableFuture.completedFuture(ClusterTopics.map(r))
                : visible(img -> {
                    StoredCredential now = img.users().getOrDefault(name, Map.of()).get(credential.mechanism());
                    return now != null && Arrays.equals(now.bytes(), credential.bytes());
                }).handle((v, t) -> ClusterTopics.map(r))).exceptionally(ClusterUsers::unavailable);
    }

    /** Removes {@code name}'s credential for {@code mechanism}, or the whole user when it is empty. */
    public CompletableFuture<AdminResult> delete(String name, String mechanism) {
        return metadata.deleteUser(name, mechanism).thenCompose(r -> !r.ok()
                ? CompletableFuture.completedFuture(ClusterTopics.map(r))
                : visible(img -> {
                    Map<String, StoredCredential> now = img.users().get(name);
                    return now == null || (!mechanism.isEmpty() && !now.containsKey(mechanism));
                }).handle((v, t) -> ClusterTopics.map(r))).exceptionally(ClusterUsers::unavailable);
    }

    private CompletableFuture<Void> visible(Predicate<MetadataImage> condition) {
        return waits.until(condition, VISIBLE_TIMEOUT_MS);
    }

    private static AdminResult unavailable(Throwable t) {
        return AdminResult.error(ErrorCode.CONTROLLER_NOT_AVAILABLE, "the controller quorum did not answer: " + t.getMessage());
    }
}
