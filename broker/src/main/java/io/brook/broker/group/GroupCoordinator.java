package io.brook.broker.group;

import io.brook.broker.group.GroupEvent.RemovalReason;
import io.brook.broker.group.HeartbeatResult.Accepted;
import io.brook.broker.group.HeartbeatResult.Rejected;
import io.brook.broker.partition.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The coordinator of one consumer group: takes heartbeats, session ticks and topic metadata, decides,
 * and records each decision as {@link GroupEvent}s applied to its {@link GroupState} and queued for
 * {@link #drainEvents()} (later: appended to {@code __groups} before the response is sent). Time is
 * passed in; nothing here reads a clock or does I/O, so the same calls give the same events.
 *
 * <p>The group epoch is bumped, and a new target computed by the {@link Assignor}, when a member joins,
 * leaves or is fenced, when a subscription changes, and when a subscribed topic gains partitions. A
 * heartbeat then moves only the member that sent it toward its target ({@link Reconciler}): there is
 * no group-wide barrier.
 *
 * <p>Static members: a {@code group.instance.id} that joins under a new member id takes over the
 * member that holds that instance id (its epoch, assignment and target) without a new group epoch, so
 * a restart within the session timeout moves nothing. Unlike KIP-848, which answers {@code
 * UNRELEASED_INSTANCE_ID} until the old member has left, the new id wins even if the old one did not
 * say it was leaving: a process killed with -9 and restarted must get its partitions back, and the old
 * id is dead or fenced from then on (its heartbeats get {@link GroupError#UNKNOWN_MEMBER_ID}).
 *
 * <p>Not thread-safe: one thread owns a coordinator and everything it returns (later, the thread that
 * owns the {@code __groups} partition the group hashes to); others reach it through that thread's queue.
 */
public final class GroupCoordinator {

    private final GroupState state;
    private final Assignor assignor;
    private final Sessions sessions;
    private final List<GroupEvent> pending = new ArrayList<>();

    /** A coordinator of a new, empty group. */
    public GroupCoordinator(Assignor assignor, long sessionTimeoutMs) {
        this(new GroupState(), assignor, sessionTimeoutMs);
    }

    private GroupCoordinator(GroupState state, Assignor assignor, long sessionTimeoutMs) {
        this.state = state;
        this.assignor = assignor;
        this.sessions = new Sessions(sessionTimeoutMs);
    }

    /**
     * A coordinator that takes over a group from its recorded events (a new leader of the group's
     * {@code __groups} partition). Every member's session, and the rebalance timeout of a member with
     * partitions pending revocation, starts at {@code nowMs} (with the session timeout as its limit,
     * until the member heartbeats with its own).
     */
    public static GroupCoordinator recover(Iterable<? extends GroupEvent> events, Assignor assignor, long sessionTimeoutMs, long nowMs) {
        GroupCoordinator coordinator = new GroupCoordinator(GroupState.replay(events), assignor, sessionTimeoutMs);
        for (Member member : coordinator.state.members().values()) {
            coordinator.sessions.heartbeat(member.memberId(), nowMs, null);
            // the members' own rebalance timeouts are not recorded: until they heartbeat again, the session timeout
            coordinator.sessions.rebalanceTimeout(member.memberId(), sessionTimeoutMs);
            coordinator.sessions.revoking(member.memberId(), !member.pendingRevocation().isEmpty(), nowMs);
        }
        return coordinator;
    }

    /** The recorded state; read it only on the owning thread. */
    public GroupState state() {
        return state;
    }

    /** Whether events were emitted and not yet drained (the recorded state is then ahead of them). */
    public boolean hasPendingEvents() {
        return !pending.isEmpty();
    }

    /** The events emitted since the last call, oldest first. */
    public List<GroupEvent> drainEvents() {
        List<GroupEvent> drained = List.copyOf(pending);
        pending.clear();
        return drained;
    }

    /** When the member last heartbeat, if it is a member. */
    public OptionalLong lastHeartbeatMs(String memberId) {
        Long last = sessions.lastHeartbeatMs(memberId);
        return last == null ? OptionalLong.empty() : OptionalLong.of(last);
    }

    /**
     * The broker's metadata says {@code topic} has {@code partitions} partitions. Counts only grow; a
     * smaller or equal count is ignored.
     */
    public void topicPartitions(String topic, int partitions, long nowMs) {
        expireSessions(nowMs);
        if (partitions <= state.topicPartitions().getOrDefault(topic, 0)) {
            return;
        }
        emit(new GroupEvent.TopicPartitionCount(topic, partitions));
        boolean subscribed = state.members().values().stream().anyMatch(m -> m.subscribedTopics().contains(topic));
        if (subscribed) {
            newTarget();
        }
    }

    /**
     * Fences every member whose last heartbeat is older than the session timeout at {@code nowMs}, and
     * every member that has not acknowledged a revocation within its rebalance timeout; what they held
     * becomes assignable at once. Returns their ids.
     */
    public List<String> expireSessions(long nowMs) {
        List<String> expired = new ArrayList<>(sessions.expired(nowMs));
        List<String> overdue = sessions.revocationOverdue(nowMs);
        overdue.removeAll(expired);
        for (String memberId : expired) {
            sessions.forget(memberId);
            emit(new GroupEvent.MemberRemoved(memberId, RemovalReason.SESSION_EXPIRED));
        }
        for (String memberId : overdue) {
            sessions.forget(memberId);
            emit(new GroupEvent.MemberRemoved(memberId, RemovalReason.REBALANCE_TIMEOUT));
        }
        expired.addAll(overdue);
        if (!expired.isEmpty()) {
            newTarget();
        }
        return expired;
    }

    /** Handles one heartbeat at {@code nowMs} and returns the response's content; no rebalance timeout. */
    public HeartbeatResult heartbeat(HeartbeatRequest request, long nowMs) {
        return heartbeat(request, 0, nowMs);
    }

    /**
     * Handles one heartbeat at {@code nowMs} and returns the response's content.
     *
     * @param rebalanceTimeoutMs how long the member may take to acknowledge a revocation before it is
     *     fenced; {@code <= 0} keeps what it gave before (the session timeout if it never gave one)
     */
    public HeartbeatResult heartbeat(HeartbeatRequest request, long rebalanceTimeoutMs, long nowMs) {
        expireSessions(nowMs);
        String memberId = request.memberId();
        if (memberId == null || memberId.isBlank()) {
            return new Rejected(GroupError.INVALID_REQUEST, "member id is blank");
        }
        int epoch = request.memberEpoch();
        if (epoch == HeartbeatRequest.JOIN_EPOCH) {
            Optional<Rejected> refused = join(request, nowMs);
            if (refused.isPresent()) {
                return refused.get();
            }
        } else if (epoch == HeartbeatRequest.LEAVE_EPOCH || epoch == HeartbeatRequest.STATIC_LEAVE_EPOCH) {
            return leave(memberId, epoch, nowMs);
        } else if (epoch < 0) {
            return new Rejected(GroupError.INVALID_REQUEST, "member epoch " + epoch + " is not a join, a leave or an epoch");
        } else {
            Optional<Rejected> refused = checkEpoch(request);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        return beat(request, rebalanceTimeoutMs, nowMs);
    }

    private Optional<Rejected> join(HeartbeatRequest request, long nowMs) {
        String memberId = request.memberId();
        if (request.subscribedTopics() == null) {
            return Optional.of(new Rejected(GroupError.INVALID_REQUEST, "a join must name its topics"));
        }
        if (request.instanceId().isPresent()) {
            Optional<Member> holder = state.memberWithInstanceId(request.instanceId().get());
            if (holder.isPresent()) {
                if (!holder.get().memberId().equals(memberId)) {
                    removeIfPresent(memberId, RemovalReason.FENCED);
                    sessions.rename(holder.get().memberId(), memberId);
                    emit(new GroupEvent.StaticMemberReplaced(holder.get().memberId(), memberId));
                }
                return Optional.empty();
            }
        }
        removeIfPresent(memberId, RemovalReason.FENCED);
        sessions.heartbeat(memberId, nowMs, null);
        emit(new GroupEvent.MemberSubscribed(memberId, request.instanceId(), request.subscribedTopics()));
        newTarget();
        return Optional.empty();
    }

    private HeartbeatResult leave(String memberId, int epoch, long nowMs) {
        Optional<Member> member = state.member(memberId);
        if (member.isEmpty()) {
            return new Rejected(GroupError.UNKNOWN_MEMBER_ID, "member " + memberId + " is not in the group");
        }
        if (epoch == HeartbeatRequest.LEAVE_EPOCH) {
            removeIfPresent(memberId, RemovalReason.LEFT);
            return new Accepted(memberId, epoch, Partitions.empty());
        }
        Member m = member.get();
        if (m.instanceId().isEmpty()) {
            return new Rejected(GroupError.INVALID_REQUEST, "only a static member can leave temporarily");
        }
        // It stopped consuming everything: what it was revoking is released; its assignment waits for
        // its restart, or for its session to expire.
        sessions.heartbeat(memberId, nowMs, Set.of());
        sessions.revoking(memberId, false, nowMs);
        if (!m.pendingRevocation().isEmpty()) {
            emit(new GroupEvent.MemberAssignment(memberId, m.memberEpoch(), m.previousMemberEpoch(), m.assigned(), Partitions.empty()));
        }
        return new Accepted(memberId, epoch, Partitions.empty());
    }

    private Optional<Rejected> checkEpoch(HeartbeatRequest request) {
        Optional<Member> member = state.member(request.memberId());
        if (member.isEmpty()) {
            return Optional.of(new Rejected(GroupError.UNKNOWN_MEMBER_ID, "member " + request.memberId() + " is not in the group"));
        }
        Member m = member.get();
        int epoch = request.memberEpoch();
        boolean lostResponse = epoch == m.previousMemberEpoch() && request.ownedPartitions() != null
                && m.assigned().containsAll(request.ownedPartitions());
        if (epoch == m.memberEpoch() || lostResponse) {
            return Optional.empty();
        }
        removeIfPresent(m.memberId(), RemovalReason.FENCED);
        return Optional.of(new Rejected(GroupError.FENCED_MEMBER_EPOCH,
                "member " + m.memberId() + " sent epoch " + epoch + " but is at " + m.memberEpoch() + ": rejoin"));
    }

    private HeartbeatResult beat(HeartbeatRequest request, long rebalanceTimeoutMs, long nowMs) {
        String memberId = request.memberId();
        sessions.heartbeat(memberId, nowMs, request.ownedPartitions());
        sessions.rebalanceTimeout(memberId, rebalanceTimeoutMs);
        Member member = state.member(memberId).orElseThrow();
        if (request.subscribedTopics() != null && !request.subscribedTopics().equals(member.subscribedTopics())) {
            emit(new GroupEvent.MemberSubscribed(memberId, member.instanceId(), request.subscribedTopics()));
            newTarget();
            member = state.member(memberId).orElseThrow();
        }
        Member next = Reconciler.reconcile(member, state.groupEpoch(), state.target(memberId), sessions.owned(memberId),
                partition -> state.heldByAnotherMember(partition, memberId));
        sessions.revoking(memberId, !next.pendingRevocation().isEmpty(), nowMs);
        if (!next.equals(member)) {
            emit(new GroupEvent.MemberAssignment(memberId, next.memberEpoch(), next.previousMemberEpoch(),
                    next.assigned(), next.pendingRevocation()));
        }
        return new Accepted(memberId, next.memberEpoch(), next.assigned());
    }

    private void removeIfPresent(String memberId, RemovalReason reason) {
        if (state.member(memberId).isPresent()) {
            sessions.forget(memberId);
            emit(new GroupEvent.MemberRemoved(memberId, reason));
            newTarget();
        }
    }

    private void newTarget() {
        TreeMap<String, SortedSet<String>> subscriptions = new TreeMap<>();
        state.members().forEach((id, member) -> subscriptions.put(id, member.subscribedTopics()));
        SortedMap<String, SortedSet<TopicPartition>> targets =
                assignor.assign(new AssignmentSpec(subscriptions, state.topicPartitions(), state.targets()));
        emit(new GroupEvent.TargetAssignment(state.groupEpoch() + 1, targets));
    }

    private void emit(GroupEvent event) {
        state.apply(event);
        pending.add(event);
    }
}
