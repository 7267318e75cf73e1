package io.brook.client.internal.consumer.group;

import io.brook.client.BrookException;
import io.brook.client.ConsumerRebalanceListener;
import io.brook.client.OffsetAndMetadata;
import io.brook.client.TopicPartition;
import io.brook.client.internal.Futures;
import io.brook.client.internal.consumer.AssignmentChanger;
import io.brook.client.internal.consumer.SubscriptionState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the consumer's partitions to the assignment the coordinator gave, inside {@code poll}:
 * for the partitions taken away, commits their consumed positions (with auto-commit), calls
 * {@code onPartitionsRevoked}, stops reading them and reports the smaller owned set; for the
 * partitions given, fetches their committed offsets without blocking {@code poll} (a partition
 * without one starts per {@code auto.offset.reset}), then, in a later poll, starts reading them and
 * calls {@code onPartitionsAssigned}.
 * Partitions in both the old and the new assignment are left alone. Lost partitions (fencing,
 * session loss) are dropped without a commit, {@code onPartitionsLost} is called, and the member
 * rejoins.
 *
 * <p>Owned by the application thread.
 */
public final class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final MembershipManager membership;
    private final SubscriptionState subscriptions;
    private final AssignmentChanger changer;
    private final Committer committer;
    private final OffsetRequests offsets;
    private final long timeoutMs;
    private final Runnable wake;
    private long appliedVersion;
    /** Partitions given by the assignment of {@code version}, waiting for their committed offsets. */
    private PendingAssignment pending;

    private record PendingAssignment(List<TopicPartition> added, long version,
                                     CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> committed) {
    }

    public Reconciler(MembershipManager membership, SubscriptionState subscriptions, AssignmentChanger changer,
                      Committer committer, OffsetRequests offsets, long timeoutMs, Runnable wake) {
        this.membership = membership;
        this.subscriptions = subscriptions;
        this.changer = changer;
        this.committer = committer;
        this.offsets = offsets;
        this.timeoutMs = timeoutMs;
        this.wake = wake;
    }

    /**
     * Applies what the membership reported since the last call.
     *
     * @throws io.brook.client.BrookException a fatal group error, or a listener's exception (after
     *     the reconciliation it interrupted has been completed)
     */
    public void reconcile(ConsumerRebalanceListener listener) {
        MembershipManager.Update u = membership.takeUpdate();
        if (u.fatal() != null) {
            throw u.fatal();
        }
        if (u.lost()) {
            pending = null;
            loseAll(listener, u.lostReason());
            appliedVersion = u.version();
            membership.rejoin();
            return;
        }
        if (pending != null) {
            if (!pending.committed.isDone()) {
                return;
            }
            PendingAssignment done = pending;
            pending = null;
            finishAssignment(done, listener);
        }
        if (u.version() != appliedVersion) {
            apply(u.assignment(), u.version(), listener);
        }
    }

    private void apply(Set<TopicPartition> target, long version, ConsumerRebalanceListener listener) {
        Set<TopicPartition> current = new LinkedHashSet<>(subscriptions.assignment());
        List<TopicPartition> revoked = new ArrayList<>();
        for (TopicPartition tp : current) {
            if (!target.contains(tp)) {
                revoked.add(tp);
            }
        }
        List<TopicPartition> added = new ArrayList<>();
        for (TopicPartition tp : target) {
            if (!current.contains(tp)) {
                added.add(tp);
            }
        }
        if (!revoked.isEmpty()) {
            log.info("group assignment: revoking {}", revoked);
            committer.autoCommitBeforeLosing(revoked, timeoutMs);
            RuntimeException e = call(() -> listener.onPartitionsRevoked(List.copyOf(revoked)), "onPartitionsRevoked");
            current.removeAll(revoked);
            changer.assign(current);
            membership.owned(current);
            if (e != null) {
                throw e;
            }
        }
        if (added.isEmpty()) {
            appliedVersion = version;
            return;
        }
        // the committed offsets arrive in a later poll; partitions that stay are read meanwhile
        CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> f = offsets.fetch(added, timeoutMs);
        f.whenComplete((r, e) -> wake.run());
        pending = new PendingAssignment(List.copyOf(added), version, f);
    }

    private void finishAssignment(PendingAssignment done, ConsumerRebalanceListener listener) {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = done.committed.join();
        } catch (RuntimeException failure) {
            BrookException e = Futures.toBrook(failure);
            if (!e.isRetriable()) {
                throw e;
            }
            log.warn("cannot fetch the committed offsets of {} yet, retrying: {}", done.added, e.getMessage());
            return;
        }
        log.info("group assignment: adding {}", done.added);
        Set<TopicPartition> current = new LinkedHashSet<>(subscriptions.assignment());
        current.addAll(done.added);
        changer.assign(current);
        for (TopicPartition tp : done.added) {
            OffsetAndMetadata o = committed.get(tp);
            if (o != null) {
                changer.seek(tp, o.offset(), o.term());
            }
        }
        membership.owned(current);
        appliedVersion = done.version;
        RuntimeException e = call(() -> listener.onPartitionsAssigned(done.added), "onPartitionsAssigned");
        if (e != null) {
            throw e;
        }
    }

    private void loseAll(ConsumerRebalanceListener listener, String reason) {
        List<TopicPartition> lost = List.copyOf(subscriptions.assignment());
        log.warn("group membership lost ({}); giving up {} without committing", reason, lost);
        changer.assign(List.of());
        if (!lost.isEmpty()) {
            RuntimeException e = call(() -> listener.onPartitionsLost(lost), "onPartitionsLost");
            if (e != null) {
                membership.rejoin();
                throw e;
            }
        }
    }

    /**
     * Gives up every partition before the consumer leaves (close or unsubscribe): commits their
     * positions with auto-commit and calls {@code onPartitionsRevoked}.
     */
    public void revokeAll(ConsumerRebalanceListener listener) {
        pending = null;
        List<TopicPartition> all = List.copyOf(subscriptions.assignment());
        if (all.isEmpty()) {
            return;
        }
        committer.autoCommitBeforeLosing(all, timeoutMs);
        RuntimeException e = call(() -> listener.onPartitionsRevoked(all), "onPartitionsRevoked");
        changer.assign(List.of());
        appliedVersion = Long.MIN_VALUE;
        if (e != null) {
            throw e;
        }
    }

    private static RuntimeException call(Runnable callback, String name) {
        try {
            callback.run();
            return null;
        } catch (RuntimeException e) {
            log.error("the rebalance listener's {} failed", name, e);
            return e;
        }
    }
}
