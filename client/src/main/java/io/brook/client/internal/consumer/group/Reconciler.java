package io.brook.client.internal.consumer.group;

import io.brook.client.BrookException;
import io.brook.client.ConsumerRebalanceListener;
import io.brook.client.LogTruncationException;
import io.brook.client.OffsetAndMetadata;
import io.brook.client.OffsetResetStrategy;
import io.brook.client.TopicPartition;
import io.brook.client.internal.Futures;
import io.brook.client.internal.consumer.AssignmentChanger;
import io.brook.client.internal.consumer.OffsetLookup;
import io.brook.client.internal.consumer.SubscriptionState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * without one starts per {@code auto.offset.reset}) and validates their terms with the leaders
 * ({@link CommitValidator}), then, in a later poll, starts reading them and calls
 * {@code onPartitionsAssigned}. A commit whose records were truncated away resumes at the divergent
 * offset with a warning, or, with {@code auto.offset.reset=none}, leaves its partition without a
 * position and makes every poll throw {@link LogTruncationException} until the application seeks it.
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
    private final CommitValidator validator;
    private final long timeoutMs;
    private final Runnable wake;
    private long appliedVersion;
    /** Partitions given by the assignment of {@code version}, waiting for their committed offsets. */
    private PendingAssignment pending;
    /** Partitions left without a position because their commits were truncated away (reset none). */
    private final Map<TopicPartition, Truncated> truncated = new LinkedHashMap<>();

    private record PendingAssignment(List<TopicPartition> added, long version, CompletableFuture<Resume> committed) {
    }

    /** The committed offsets of newly given partitions, and those of them the leaders' logs diverge from. */
    private record Resume(Map<TopicPartition, OffsetAndMetadata> committed,
                          Map<TopicPartition, CommitValidator.Divergence> divergent) {
    }

    /** {@code generation}: the partition's while nobody has sought it since. */
    private record Truncated(OffsetAndMetadata committed, long divergentOffset, int generation) {
    }

    public Reconciler(MembershipManager membership, SubscriptionState subscriptions, AssignmentChanger changer,
                      Committer committer, OffsetRequests offsets, OffsetLookup lookup, long timeoutMs, Runnable wake) {
        this.membership = membership;
        this.subscriptions = subscriptions;
        this.changer = changer;
        this.committer = committer;
        this.offsets = offsets;
        this.validator = new CommitValidator(lookup);
        this.timeoutMs = timeoutMs;
        this.wake = wake;
    }

    /**
     * Applies what the membership reported since the last call.
     *
     * @throws io.brook.client.BrookException a fatal group error, or a listener's exception (after
     *     the reconciliation it interrupted has been completed)
     * @throws LogTruncationException while a partition's commit was truncated away and
     *     {@code auto.offset.reset} is none, until the application seeks it
     */
    public void reconcile(ConsumerRebalanceListener listener) {
        reconcileAssignment(listener);
        throwIfTruncated();
    }

    private void reconcileAssignment(ConsumerRebalanceListener listener) {
        MembershipManager.Update u = membership.takeUpdate();
        if (u.lost()) {
            // a loss is handled even when a fatal error came with it: the update is taken once, and a
            // member left lost would never rejoin
            pending = null;
            appliedVersion = u.version();
            RuntimeException listenerError = loseAll(listener, u.lostReason());
            membership.rejoin();
            RuntimeException first = u.fatal() != null ? u.fatal() : listenerError;
            if (first != null && listenerError != null && first != listenerError) {
                first.addSuppressed(listenerError);
            }
            if (first != null) {
                throw first;
            }
            return;
        }
        if (u.fatal() != null) {
            throw u.fatal();
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

    private void throwIfTruncated() {
        truncated.entrySet().removeIf(e -> {
            SubscriptionState.PartitionState s = subscriptions.state(e.getKey());
            return s == null || s.hasPosition() || s.generation() != e.getValue().generation();
        });
        if (truncated.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = new LinkedHashMap<>();
        Map<TopicPartition, Long> divergent = new LinkedHashMap<>();
        StringBuilder which = new StringBuilder();
        truncated.forEach((tp, t) -> {
            committed.put(tp, t.committed());
            divergent.put(tp, t.divergentOffset());
            which.append(which.length() == 0 ? "" : ", ").append(tp).append(" committed at ").append(t.committed().offset())
                    .append(" in term ").append(t.committed().term()).append(", the leader's log diverges at ")
                    .append(t.divergentOffset());
        });
        throw new LogTruncationException("the records before the committed offsets were truncated away by a leader change ("
                + which + ") and auto.offset.reset is none: seek() these partitions (e.g. to the divergent offsets) before polling",
                committed, divergent);
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
        CompletableFuture<Resume> f = offsets.fetch(added, timeoutMs)
                .thenCompose(c -> validator.check(c, timeoutMs).thenApply(d -> new Resume(c, d)));
        f.whenComplete((r, e) -> wake.run());
        pending = new PendingAssignment(List.copyOf(added), version, f);
    }

    private void finishAssignment(PendingAssignment done, ConsumerRebalanceListener listener) {
        Resume resume;
        try {
            resume = done.committed.join();
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
            OffsetAndMetadata o = resume.committed().get(tp);
            CommitValidator.Divergence d = resume.divergent().get(tp);
            if (o == null) {
                continue;
            }
            if (d == null) {
                changer.seek(tp, o.offset(), o.term());
            } else if (subscriptions.defaultReset() == OffsetResetStrategy.NONE) {
                truncated.put(tp, new Truncated(o, d.offset(), subscriptions.state(tp).generation()));
            } else {
                log.warn("the records before the committed offset {} (term {}) of {} were truncated away by a leader change;"
                        + " resuming at {}, where the leader's log diverges", o.offset(), o.term(), tp, d.offset());
                changer.seek(tp, d.offset(), d.term());
            }
        }
        membership.owned(current);
        appliedVersion = done.version;
        RuntimeException e = call(() -> listener.onPartitionsAssigned(done.added), "onPartitionsAssigned");
        if (e != null) {
            throw e;
        }
    }

    /** Gives up every partition without committing; returns the listener's exception, if any. */
    private RuntimeException loseAll(ConsumerRebalanceListener listener, String reason) {
        List<TopicPartition> lost = List.copyOf(subscriptions.assignment());
        log.warn("group membership lost ({}); giving up {} without committing", reason, lost);
        changer.assign(List.of());
        return lost.isEmpty() ? null : call(() -> listener.onPartitionsLost(lost), "onPartitionsLost");
    }

    /**
     * Gives up every partition before the consumer leaves (close or unsubscribe): commits their
     * positions with auto-commit and calls {@code onPartitionsRevoked}.
     */
    public void revokeAll(ConsumerRebalanceListener listener) {
        pending = null;
        truncated.clear();
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
