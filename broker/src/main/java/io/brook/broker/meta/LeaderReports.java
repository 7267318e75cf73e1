package io.brook.broker.meta;

import io.brook.replication.control.ClusterMetadata;
import io.brook.replication.control.MetadataResult;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the controller that this broker leads a partition in a term, and keeps telling it until the
 * report is recorded: a report lost while the controller quorum fails over (no controller, a timeout)
 * is sent again, with a backoff, for as long as this broker still leads the partition in that term.
 * Without that, the cluster metadata would name the old leader until the next election, and every
 * client that learns leaders from it (FindCoordinator of a group's coordinator, brokers without a
 * replica answering Metadata) would be sent to a broker that is dead or no longer leads. A report the
 * controller refuses for good (the topic was deleted) is dropped. Thread-safe: state lives in the
 * scheduled tasks.
 */
public final class LeaderReports {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderReports.class);
    private static final long FIRST_RETRY_MS = 200;
    private static final long MAX_RETRY_MS = 5_000;

    private final int brokerId;
    private final ScheduledExecutorService scheduler;

    public LeaderReports(int brokerId, ScheduledExecutorService scheduler) {
        this.brokerId = brokerId;
        this.scheduler = scheduler;
    }

    /**
     * Reports leadership of {@code topic}-{@code partition} in {@code term}.
     *
     * @param currentTerm the term in which this broker leads the partition now, or -1 when it does not
     *     lead it: retries stop once it differs from {@code term}
     */
    public void report(ClusterMetadata metadata, String topic, int partition, int term, IntSupplier currentTerm) {
        attempt(metadata, topic, partition, term, currentTerm, FIRST_RETRY_MS);
    }

    private void attempt(ClusterMetadata metadata, String topic, int partition, int term, IntSupplier currentTerm, long backoffMs) {
        if (currentTerm.getAsInt() != term) {
            return;
        }
        metadata.reportLeader(topic, partition, brokerId, term).whenComplete((r, t) -> {
            if (t == null && r.error() != MetadataResult.Error.CONTROLLER_NOT_AVAILABLE) {
                if (!r.ok()) {
                    LOG.info("Leadership of {}-{} in term {} not recorded: {}", topic, partition, term, r.message());
                }
                return;
            }
            LOG.info("Leadership of {}-{} in term {} not reported yet ({}); again in {} ms", topic, partition, term,
                    t != null ? t.toString() : r.message(), backoffMs);
            try {
                scheduler.schedule(() -> attempt(metadata, topic, partition, term, currentTerm,
                        Math.min(MAX_RETRY_MS, backoffMs * 2)), backoffMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // the broker is shutting down
            }
        });
    }
}
