package io.brook.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.brook.broker.meta.LeaderReports;
import io.brook.broker.partition.Partition;
import io.brook.protocol.GroupIds;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.FindCoordinatorResponse;
import io.brook.protocol.message.GroupHeartbeatResponse;
import io.brook.replication.raft.RaftNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Three brokers in this JVM, broker 1 the only controller voter. The leadership of the group's
 * {@code __groups} partition moves while the controller is down, so the new leader's report to the
 * controller is lost and the metadata image keeps naming the old leader: FindCoordinator must still
 * name the broker that coordinates the group. (The jepsen-style subscribe workload found this after a
 * kill -9 of the broker that was both controller and coordinator: every member was sent to the old
 * coordinator for good, and the group stopped consuming.)
 */
class FindCoordinatorAfterLostLeaderReportTest {

    private static final String G = "lost-report";
    private InProcessCluster cluster;
    private int[] ports;

    @AfterEach
    void stop() throws IOException {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void find_coordinator_names_the_groups_partition_leader_when_the_image_names_an_older_one() throws Exception {
        // broker 1 alone is the controller quorum
        cluster = new InProcessCluster(1, Map.of()).start();
        ports = cluster.ports();
        // given a group with a member, coordinated by broker 2 (the image says so)
        try (GroupCalls any = new GroupCalls(ports[0])) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> any.createTopic("t", 3));
        }
        FindCoordinatorResponse first = awaitCoordinator(ports[0], -1);
        try (GroupCalls c = new GroupCalls(first.getPort())) {
            GroupHeartbeatResponse a = c.join(G, "a", "t");
            assertThat(a.getErrorCode()).as(a.getErrorMessage()).isEqualTo(ErrorCode.NONE);
        }
        moveGroupsLeadership(2);
        awaitCoordinator(ports[0], 2);

        // when the controller is down while the leadership moves to broker 3, and comes back after the
        // new leader's report has expired
        cluster.stop(1);
        ListAppender<ILoggingEvent> reports = new ListAppender<>();
        Logger reportLog = (Logger) LoggerFactory.getLogger(LeaderReports.class);
        reports.start();
        reportLog.addAppender(reports);
        try {
            moveGroupsLeadership(3);
            // the new leader's first report failed (a broker without the retries would never send another)
            await().atMost(Duration.ofSeconds(30)).until(() -> reports.list.stream().anyMatch(e ->
                    e.getFormattedMessage().startsWith("Leadership of " + GroupIds.GROUPS_TOPIC + "-0")
                            && e.getFormattedMessage().contains("not reported yet")));
        } finally {
            reportLog.detachAppender(reports);
        }
        cluster.start(1);

        // then every broker names broker 3, which answers for the group
        for (int port : ports) {
            assertThat(awaitCoordinator(port, 3).getNodeId()).isEqualTo(3);
        }
        // and broker 3 reported its leadership again until the controller recorded it
        await("the controller records broker 3 as the leader of __groups-0").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    var t = cluster.broker(1).metadata().image().topics().get(GroupIds.GROUPS_TOPIC);
                    return t != null && t.partitions().get(0).leader() == 3;
                });
    }

    /** Hands the leadership of {@code __groups-0} to {@code target} and waits until it leads. */
    private void moveGroupsLeadership(int target) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (groupsPartition(target).isLeader()) {
                return true;
            }
            for (Broker b : cluster.running().values()) {
                Partition p = b.partitions().get(GroupIds.GROUPS_TOPIC, 0);
                if (p != null && p.isLeader()) {
                    p.owner().execute(() -> {
                        RaftNode r = p.raft();
                        if (r != null && r.isLeader()) {
                            r.transferLeadership(target);
                        }
                    });
                }
            }
            return false;
        });
    }

    private Partition groupsPartition(int broker) {
        return cluster.broker(broker).partitions().get(GroupIds.GROUPS_TOPIC, 0);
    }

    /**
     * Asks the broker on {@code port} until it names a coordinator ({@code node}, unless -1) that
     * answers for the group.
     */
    private static FindCoordinatorResponse awaitCoordinator(int port, int node) {
        FindCoordinatorResponse[] found = new FindCoordinatorResponse[1];
        String[] answer = {"nothing"};
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                FindCoordinatorResponse f;
                try (GroupCalls c = new GroupCalls(port)) {
                    f = c.find(G);
                }
                found[0] = f;
                answer[0] = "FindCoordinator " + f.getErrorCode() + " node " + f.getNodeId();
                if (f.getErrorCode() != ErrorCode.NONE || (node >= 0 && f.getNodeId() != node)) {
                    return false;
                }
                try (GroupCalls c = new GroupCalls(f.getPort())) {
                    ErrorCode fetched = c.fetch(G).getErrorCode();
                    answer[0] += ", whose OffsetFetch answered " + fetched;
                    return fetched == ErrorCode.NONE;
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the broker on port " + port + " did not name a coordinator" + (node >= 0 ? " " + node : "")
                    + " that answers for the group within 30 s; last: " + answer[0], e);
        }
        return found[0];
    }
}
