package io.brook.client.internal.consumer.group;

import io.brook.client.BrookException;
import io.brook.client.TopicPartition;
import io.brook.client.internal.Backoff;
import io.brook.client.internal.ErrorMapping;
import io.brook.client.internal.Futures;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.GroupHeartbeatRequest;
import io.brook.protocol.message.GroupHeartbeatResponse;
import io.brook.protocol.message.TopicPartitions;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's membership of its group: heartbeats to the coordinator at the interval it asks
 * for (at once when the subscription or the owned partitions change), the member epoch, and the
 * assignment the coordinator answers with, handed to the application thread as an {@link Update}.
 *
 * <p>The member id is a random UUID kept for the consumer's lifetime. When the coordinator says
 * the member is fenced or unknown, when no heartbeat succeeded for the session timeout, or when
 * the application did not poll for {@code max.poll.interval.ms} (the member then leaves the group
 * itself), the member stops heartbeating and reports its partitions lost; once the application
 * thread has given them up, {@link #rejoin()} joins again with epoch 0.
 *
 * <p>Thread safety: the membership state is owned by the network event loop; the application
 * thread reaches it through methods that post tasks, and reads the assignment through
 * {@link #takeUpdate()}, guarded by this object's monitor.
 */
public final class MembershipManager {

    private static final Logger log = LoggerFactory.getLogger(MembershipManager.class);
    private static final int LEAVE_EPOCH = -1;
    private static final int STATIC_LEAVE_EPOCH = -2;
    private static final long DEFAULT_SESSION_TIMEOUT_MS = 45_000;
    private static final long DEFAULT_INTERVAL_MS = 3_000;

    /** What the application thread must act on, taken in {@code poll}. */
    public record Update(Set<TopicPartition> assignment, long version, boolean lost, String lostReason,
                         BrookException fatal) {
    }

    /** Membership settings. */
    public record Settings(String instanceId, int rebalanceTimeoutMs, String assignor, String clientId,
                           long maxPollIntervalMs) {
    }

    private enum State { UNSUBSCRIBED, ACTIVE, LOST }

    private final Coordinator coordinator;
    private final EventLoop loop;
    private final Settings settings;
    private final Backoff backoff;
    private final Runnable wakeApplication;
    private final String memberId = UUID.randomUUID().toString();

    // owned by the event loop
    private State state = State.UNSUBSCRIBED;
    private volatile int epoch;
    private List<String> subscription = List.of();
    private Set<TopicPartition> owned = Set.of();
    private List<String> ackedSubscription;
    private Set<TopicPartition> ackedOwned;
    private boolean inFlight;
    private boolean heartbeatSoon;
    private boolean fullStateNext;
    private ScheduledFuture<?> timer;
    private long intervalMs = DEFAULT_INTERVAL_MS;
    private long sessionTimeoutMs = DEFAULT_SESSION_TIMEOUT_MS;
    private long lastSuccessNanos;
    private int failures;
    /** Bumped at each (re)join and leave, so that a late answer for an older membership is ignored. */
    private int incarnation;
    private volatile long lastPollNanos = System.nanoTime();

    // handed to the application thread, guarded by this
    private Set<TopicPartition> assignment = Set.of();
    private long assignmentVersion;
    private boolean lost;
    private String lostReason;
    private BrookException fatal;

    public MembershipManager(Coordinator coordinator, EventLoop loop, Settings settings, Backoff backoff,
                             Runnable wakeApplication) {
        this.coordinator = coordinator;
        this.loop = loop;
        this.settings = settings;
        this.backoff = backoff;
        this.wakeApplication = wakeApplication;
    }

    public String memberId() {
        return memberId;
    }

    /** The member epoch the coordinator last gave, 0 while joining. */
    public int epoch() {
        return epoch;
    }

    /** The identity commits are made with: the member's, or none while it is not a member. */
    public OffsetRequests.MemberIdentity identity() {
        int e = epoch;
        return e > 0 ? new OffsetRequests.MemberIdentity(memberId, e) : OffsetRequests.MemberIdentity.NONE;
    }

    /** Records that the application polled (the clock of {@code max.poll.interval.ms}). */
    public void polled() {
        lastPollNanos = System.nanoTime();
    }

    /** Joins the group (or changes the subscription of the member): heartbeats at once. */
    public void subscribe(List<String> topics) {
        List<String> sorted = List.copyOf(new TreeSet<>(topics));
        post(() -> {
            subscription = sorted;
            if (state == State.UNSUBSCRIBED) {
                join();
            }
            heartbeatNow();
        });
    }

    /** The partitions the application consumes now, reported in the next heartbeat, sent at once. */
    public void owned(Set<TopicPartition> partitions) {
        Set<TopicPartition> copy = Set.copyOf(partitions);
        post(() -> {
            owned = copy;
            heartbeatNow();
        });
    }

    /** Joins again with epoch 0 after the application gave up its lost partitions. */
    public void rejoin() {
        post(() -> {
            if (state == State.LOST) {
                join();
                heartbeatNow();
            }
        });
    }

    /** Sends the full state (subscription and owned partitions) in a heartbeat at once. */
    public void enforceRebalance() {
        post(() -> {
            // a flag, not a reset of the acknowledged state: a heartbeat in flight would set that back
            fullStateNext = true;
            heartbeatNow();
        });
    }

    /**
     * Leaves the group: one heartbeat with epoch -1 (-2 for a static member), not retried; stops
     * heartbeating. Completes when it was answered or failed.
     */
    public CompletableFuture<Void> leave() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        post(() -> {
            boolean wasMember = state == State.ACTIVE;
            state = State.UNSUBSCRIBED;
            incarnation++;
            cancelTimer();
            owned = Set.of();
            synchronized (this) {
                assignment = Set.of();
                assignmentVersion++;
                lost = false;
            }
            if (!wasMember) {
                done.complete(null);
                return;
            }
            sendLeave().whenComplete((r, e) -> done.complete(null));
        });
        return done;
    }

    /** What changed since the last call, for the application thread. */
    public synchronized Update takeUpdate() {
        Update u = new Update(assignment, assignmentVersion, lost, lostReason, fatal);
        lost = false;
        fatal = null;
        return u;
    }

    private void join() {
        state = State.ACTIVE;
        epoch = 0;
        owned = Set.of();
        ackedSubscription = null;
        ackedOwned = null;
        incarnation++;
        failures = 0;
        lastSuccessNanos = System.nanoTime();
        lastPollNanos = System.nanoTime();
    }

    private void heartbeatNow() {
        if (state != State.ACTIVE) {
            return;
        }
        if (inFlight) {
            heartbeatSoon = true;
            return;
        }
        schedule(0);
    }

    private void schedule(long delayMs) {
        cancelTimer();
        try {
            timer = loop.schedule(this::tick, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void tick() {
        timer = null;
        if (state != State.ACTIVE || inFlight) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastPollNanos > TimeUnit.MILLISECONDS.toNanos(settings.maxPollIntervalMs())) {
            log.warn("group {}: the application did not poll for more than max.poll.interval.ms ({} ms); leaving the"
                    + " group so that its partitions go to other members. It rejoins on its next poll; if processing"
                    + " records takes this long, raise max.poll.interval.ms or lower max.poll.records",
                    coordinator.groupId(), settings.maxPollIntervalMs());
            sendLeave();
            markLost("max.poll.interval.ms passed without a poll");
            return;
        }
        if (epoch > 0 && now - lastSuccessNanos > TimeUnit.MILLISECONDS.toNanos(sessionTimeoutMs)) {
            markLost("no heartbeat succeeded for the session timeout (" + sessionTimeoutMs + " ms)");
            return;
        }
        sendHeartbeat();
    }

    private void sendHeartbeat() {
        GroupHeartbeatRequest.Builder b = base(epoch).setRebalanceTimeoutMs(settings.rebalanceTimeoutMs())
                .setServerAssignor(settings.assignor());
        List<String> sentSubscription = subscription;
        Set<TopicPartition> sentOwned = owned;
        boolean full = epoch == 0 || fullStateNext;
        if (full || !sentSubscription.equals(ackedSubscription)) {
            b.setHasSubscription(true).addAllSubscribedTopicNames(sentSubscription);
        }
        if (full || !sentOwned.equals(ackedOwned)) {
            b.setHasOwned(true).addAllOwned(toWire(sentOwned));
        }
        fullStateNext = false;
        inFlight = true;
        heartbeatSoon = false;
        int sentIncarnation = incarnation;
        coordinator.call(ApiKey.GROUP_HEARTBEAT, b.build(), GroupHeartbeatResponse.parser())
                .whenComplete((r, e) -> {
                    inFlight = false;
                    if (sentIncarnation != incarnation || state != State.ACTIVE) {
                        return;
                    }
                    if (e != null) {
                        onFailure(Futures.toBrook(e));
                    } else {
                        onResponse(r, sentSubscription, sentOwned);
                    }
                });
    }

    private GroupHeartbeatRequest.Builder base(int memberEpoch) {
        GroupHeartbeatRequest.Builder b = GroupHeartbeatRequest.newBuilder().setGroupId(coordinator.groupId())
                .setMemberId(memberId).setMemberEpoch(memberEpoch).setClientId(settings.clientId());
        if (settings.instanceId() != null) {
            b.setInstanceId(settings.instanceId());
        }
        return b;
    }

    private CompletableFuture<GroupHeartbeatResponse> sendLeave() {
        int leaveEpoch = settings.instanceId() != null ? STATIC_LEAVE_EPOCH : LEAVE_EPOCH;
        log.info("group {}: member {} leaves the group (epoch {})", coordinator.groupId(), memberId, leaveEpoch);
        epoch = 0;
        return coordinator.call(ApiKey.GROUP_HEARTBEAT, base(leaveEpoch).build(), GroupHeartbeatResponse.parser());
    }

    private void onResponse(GroupHeartbeatResponse r, List<String> sentSubscription, Set<TopicPartition> sentOwned) {
        ErrorCode code = r.getErrorCode();
        if (code == ErrorCode.NONE) {
            failures = 0;
            lastSuccessNanos = System.nanoTime();
            epoch = r.getMemberEpoch();
            ackedSubscription = sentSubscription;
            ackedOwned = sentOwned;
            if (r.getHeartbeatIntervalMs() > 0) {
                intervalMs = r.getHeartbeatIntervalMs();
            }
            if (r.getSessionTimeoutMs() > 0) {
                sessionTimeoutMs = r.getSessionTimeoutMs();
            }
            publish(fromWire(r.getAssignmentList()));
            boolean changed = !subscription.equals(ackedSubscription) || !owned.equals(ackedOwned);
            schedule(changed || heartbeatSoon ? 0 : intervalMs);
            return;
        }
        if (code == ErrorCode.UNKNOWN_MEMBER_ID || code == ErrorCode.FENCED_MEMBER_EPOCH) {
            log.warn("group {}: member {} was fenced by the coordinator ({}); its partitions are lost and it rejoins",
                    coordinator.groupId(), memberId, code);
            markLost("fenced by the coordinator (" + code + ")");
            return;
        }
        BrookException e = ErrorMapping.toException(code, r.getErrorMessage(), null, -1, -1);
        if (Coordinator.isCoordinatorError(code)) {
            coordinator.forget();
        }
        if (!e.isRetriable()) {
            log.error("group {}: heartbeat failed: {}", coordinator.groupId(), e.getMessage());
            synchronized (this) {
                fatal = e;
            }
            wakeApplication.run();
        }
        onFailure(e);
    }

    private void onFailure(BrookException e) {
        failures++;
        ackedSubscription = null;
        ackedOwned = null;
        if (failures == 1) {
            log.info("group {}: heartbeat failed, retrying: {}", coordinator.groupId(), e.getMessage());
        }
        schedule(e.isRetriable() ? backoff.delayMs(failures) : backoff.delayMs(Integer.MAX_VALUE / 2));
    }

    private void markLost(String reason) {
        state = State.LOST;
        epoch = 0;
        incarnation++;
        cancelTimer();
        synchronized (this) {
            lost = true;
            lostReason = reason;
            assignment = Set.of();
            assignmentVersion++;
        }
        wakeApplication.run();
    }

    private void publish(Set<TopicPartition> next) {
        boolean changed;
        synchronized (this) {
            changed = !next.equals(assignment) || assignmentVersion == 0;
            if (changed) {
                assignment = next;
                assignmentVersion++;
            }
        }
        if (changed) {
            wakeApplication.run();
        }
    }

    private void post(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // the consumer is closing
        }
    }

    static List<TopicPartitions> toWire(Set<TopicPartition> partitions) {
        Map<String, TreeSet<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new TreeSet<>()).add(tp.partition());
        }
        List<TopicPartitions> out = new ArrayList<>();
        byTopic.forEach((t, ps) -> out.add(TopicPartitions.newBuilder().setTopic(t).addAllPartitions(ps).build()));
        return out;
    }

    static Set<TopicPartition> fromWire(List<TopicPartitions> wire) {
        Set<TopicPartition> out = new java.util.LinkedHashSet<>();
        for (TopicPartitions t : wire) {
            for (int p : t.getPartitionsList()) {
                out.add(new TopicPartition(t.getTopic(), p));
            }
        }
        return Set.copyOf(out);
    }
}
