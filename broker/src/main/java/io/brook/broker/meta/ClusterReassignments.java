package io.brook.broker.meta;

import io.brook.protocol.message.ErrorCode;
import io.brook.replication.control.ClusterMetadata;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.PartitionAssignment;
import io.brook.replication.control.Reassignment;
import io.brook.replication.control.TopicImage;
import io.brook.replication.control.moves.ReplicaMovePlanner;
import io.brook.replication.control.moves.ReplicaPlanException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Replica moves through the controller quorum: plans them from this broker's image where asked
 * ({@link ReplicaMovePlanner}), submits them, and answers once this broker's image shows every target, so
 * that a following listing on this broker finds them. The controller validates (all or none); this class
 * only reports what each move changes.
 */
public final class ClusterReassignments {

    /** How long to wait for the targets to show up in the local image. */
    private static final long VISIBLE_TIMEOUT_MS = 15_000;

    /** One move as submitted: the partition's eventual replicas before it and its target. */
    public record Move(String topic, int partition, List<Integer> from, List<Integer> to) {
    }

    /** The outcome of a submission, with the moves it made (or, validating only, would make). */
    public record Outcome(AdminResult result, List<Move> moves) {
    }

    private final ClusterMetadata metadata;
    private final ReplicaMovePlanner planner;
    private final ImageWaits waits;

    /** @param liveTimeoutMs brokers whose last heartbeat is older are not given replicas by a plan */
    public ClusterReassignments(ClusterMetadata metadata, long liveTimeoutMs) {
        this.metadata = metadata;
        this.planner = new ReplicaMovePlanner(liveTimeoutMs);
        this.waits = new ImageWaits(metadata);
    }

    /** Submits these moves as given (all or none). */
    public CompletableFuture<Outcome> reassign(List<Reassignment> moves, boolean validateOnly) {
        if (moves.isEmpty()) {
            return done(AdminResult.error(ErrorCode.INVALID_REQUEST, "no reassignment given"), List.of());
        }
        return submit(moves, validateOnly);
    }

    /** Plans moving every replica off {@code brokerId} and submits the plan. */
    public CompletableFuture<Outcome> decommission(int brokerId, long throttleBytesPerSec, boolean validateOnly) {
        List<Reassignment> plan;
        try {
            plan = planner.decommission(metadata.image(), brokerId);
        } catch (ReplicaPlanException e) {
            return done(AdminResult.error(ErrorCode.INVALID_REPLICA_ASSIGNMENT, e.getMessage()), List.of());
        }
        return submit(throttled(plan, throttleBytesPerSec), validateOnly);
    }

    /** Plans evening out replica and preferred-leader counts over the live brokers and submits the plan. */
    public CompletableFuture<Outcome> rebalance(long throttleBytesPerSec, boolean validateOnly) {
        return submit(throttled(planner.rebalance(metadata.image()), throttleBytesPerSec), validateOnly);
    }

    /** Every partition with a move in progress (of {@code topics}, or of every topic when it is empty), by topic and partition. */
    public List<TopicPartitionMove> inProgress(List<String> topics) {
        List<TopicPartitionMove> moving = new ArrayList<>();
        for (TopicImage t : metadata.image().topics().values()) {
            if (!topics.isEmpty() && !topics.contains(t.name())) {
                continue;
            }
            for (PartitionAssignment p : t.partitions()) {
                if (p.moving()) {
                    moving.add(new TopicPartitionMove(t.name(), p));
                }
            }
        }
        moving.sort(Comparator.comparing(TopicPartitionMove::topic).thenComparingInt(m -> m.assignment().partition()));
        return moving;
    }

    /** A partition with a move in progress. */
    public record TopicPartitionMove(String topic, PartitionAssignment assignment) {
    }

    private CompletableFuture<Outcome> submit(List<Reassignment> plan, boolean validateOnly) {
        List<Move> moves = describe(metadata.image(), plan);
        if (plan.isEmpty()) {
            return done(AdminResult.OK, moves);
        }
        return metadata.reassignPartitions(plan, validateOnly).thenCompose(r -> {
            if (!r.ok() || validateOnly) {
                return done(ClusterTopics.map(r), moves);
            }
            return waits.until(img -> plan.stream().allMatch(m -> shown(img, m)), VISIBLE_TIMEOUT_MS)
                    .handle((v, t) -> new Outcome(ClusterTopics.map(r), moves));
        }).exceptionally(t -> new Outcome(AdminResult.error(ErrorCode.CONTROLLER_NOT_AVAILABLE,
                "the controller quorum did not answer: " + t.getMessage()), moves));
    }

    /** Whether the image shows the move recorded (or already done, or its topic gone). */
    private static boolean shown(MetadataImage image, Reassignment m) {
        TopicImage t = image.topics().get(m.topic());
        if (t == null || m.partition() >= t.partitions().size()) {
            return true;
        }
        PartitionAssignment p = t.partitions().get(m.partition());
        return p.eventualReplicas().equals(m.targetReplicas());
    }

    private static List<Move> describe(MetadataImage image, List<Reassignment> plan) {
        List<Move> moves = new ArrayList<>();
        for (Reassignment m : plan) {
            TopicImage t = image.topics().get(m.topic());
            List<Integer> from = t == null || m.partition() < 0 || m.partition() >= t.partitions().size()
                    ? List.of() : t.partitions().get(m.partition()).eventualReplicas();
            moves.add(new Move(m.topic(), m.partition(), from, m.targetReplicas()));
        }
        moves.sort(Comparator.comparing(Move::topic).thenComparingInt(Move::partition));
        return moves;
    }

    private static List<Reassignment> throttled(List<Reassignment> plan, long bytesPerSec) {
        return plan.stream().map(m -> m.withThrottle(bytesPerSec)).toList();
    }

    private static CompletableFuture<Outcome> done(AdminResult r, List<Move> moves) {
        return CompletableFuture.completedFuture(new Outcome(r, moves));
    }
}
