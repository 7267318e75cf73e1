package io.brook.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.brook.broker.config.BrokerConfig;
import io.brook.broker.meta.LeaderReports;
import io.brook.broker.partition.Partition;
import io.brook.protocol.GroupIds;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.FindCoordinatorResponse;
import io.brook.protocol.message.GroupHeartbeatResponse;
import io.brook.replication.raft.RaftNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
    private final Map<Integer, Broker> brokers = new HashMap<>();
    private final Map<Integer, BrokerConfig> configs = new HashMap<>();
    private final List<Path> dirs = new ArrayList<>();
    private int[] ports;

    @AfterEach
    void stop() throws IOException {
        brokers.values().forEach(Broker::close);
        for (Path d : dirs) {
            try (Stream<Path> walk = Files.walk(d)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void find_coordinator_names_the_groups_partition_leader_when_the_image_names_an_older_one() throws Exception {
        int[] all = InProcessCluster.freePorts(6);
        ports = java.util.Arrays.copyOf(all, 3);
        String voters = "1@127.0.0.1:" + all[3];
        for (int id = 1; id <= 3; id++) {
            Path dir = Files.createTempDirectory("brook-lost-report");
            dirs.add(dir);
            configs.put(id, BrokerConfig.of(Map.of(BrokerConfig.BROKER_ID, String.valueOf(id),
                    BrokerConfig.LISTENER, "127.0.0.1:" + ports[id - 1], BrokerConfig.PEER_LISTENER, "127.0.0.1:" + all[id + 2],
                    BrokerConfig.DATA_DIR, dir.toString(),
                    BrokerConfig.CONTROLLER_VOTERS, voters, BrokerConfig.GROUPS_TOPIC_PARTITIONS, "1",
                    BrokerConfig.LOG_THREADS, "1", BrokerConfig.NETWORK_THREADS, "1", BrokerConfig.SHUTDOWN_TIMEOUT_MS, "5000")));
            brokers.put(id, Broker.start(configs.get(id)));
        }
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
        brokers.remove(1).close();
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
        brokers.put(1, Broker.start(configs.get(1)));

        // then every broker names broker 3, which answers for the group
        for (int port : ports) {
            assertThat(awaitCoordinator(port, 3).getNodeId()).isEqualTo(3);
        }
        // and broker 3 reported its leadership again until the controller recorded it
        await("the controller records broker 3 as the leader of __groups-0").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    var t = brokers.get(1).metadata().image().topics().get(GroupIds.GROUPS_TOPIC);
                    return t != null && t.partitions().get(0).leader() == 3;
                });
    }

    /** Hands the leadership of {@code __groups-0} to {@code target} and waits until it leads. */
    private void moveGroupsLeadership(int target) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (groupsPartition(target).isLeader()) {
                return true;
            }
            for (Broker b : brokers.values()) {
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
        return brokers.get(broker).partitions().get(GroupIds.GROUPS_TOPIC, 0);
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
