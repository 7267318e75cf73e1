package io.brook.broker;

import io.brook.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.partition.Partition;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.testsupport.tls.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * peer.tls.enabled: three in-process brokers whose peer listeners and peer connections are mutual TLS
 * (peer.authentication resolves to tls) form their quorum, create a topic with replication factor 3
 * and replicate records to every replica, which they can only do over working mutual TLS. A
 * hand-built RAFT TimeoutNow (the message that makes a follower take over) sent to a follower's peer
 * listener in plain TCP, or over TLS with a certificate from another CA, changes nothing; the same
 * frame over TLS with a certificate from the cluster's CA does move the leadership, so the refusals
 * were for the right reason.
 */
class PeerTlsTest {

    @TempDir
    Path tmp;

    @Test
    void brokers_replicate_over_mutual_tls_and_ignore_peers_without_a_certificate_of_their_ca() throws Exception {
        // given three brokers with mutual TLS between them (client listeners stay plain)
        TestTls tls = new TestTls(tmp);
        try (InProcessCluster cluster = new InProcessCluster(3, tls.brokerConfig(Map.of(BrokerConfig.PEER_TLS_ENABLED, "true")))) {
            cluster.start();
            replicateThenAttack(cluster, tls);
        }
    }

    private static void replicateThenAttack(InProcessCluster cluster, TestTls tls) throws Exception {
        assertThat(cluster.broker(1).config().peerAuthentication()).isEqualTo(BrokerConfig.PeerAuthentication.TLS);

        // when a topic with replication factor 3 is created and written with acks=all
        try (GroupCalls any = new GroupCalls(cluster.port(1))) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> any.createTopic("t", 1, 3));
        }
        int count = 50;
        try (Producer producer = new Producer(ProducerConfig.builder().bootstrapServers("127.0.0.1:" + cluster.port(1))
                .clientId("peer-tls-test").acks("all").maxBlockMs(15_000).requestTimeoutMs(15_000).deliveryTimeoutMs(60_000)
                .retryBackoffMs(20).retryBackoffMaxMs(200).build())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord("t", 0, null, ("r" + i).getBytes(StandardCharsets.UTF_8))).get();
            }
        }

        // then every replica holds them (the log may start with a leader's marker) and agrees on the leader
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.running().keySet().stream().allMatch(id -> {
            Partition p = cluster.broker(id).partitions().get("t", 0);
            Partition first = cluster.broker(1).partitions().get("t", 0);
            return p != null && p.highWatermark() >= count && p.highWatermark() == first.highWatermark()
                    && p.leaderId() == first.leaderId();
        }));

        Map<Integer, ReplicaState> before = Map.of(1, ReplicaState.of(cluster, 1), 2, ReplicaState.of(cluster, 2), 3,
                ReplicaState.of(cluster, 3));
        int leader = before.get(1).leader();
        int follower = leader == 1 ? 2 : 1;
        byte[] takeOver = ReplicaState.takeOver(cluster, leader, follower, before.get(1).term());

        // 1. in plain TCP on the follower's peer listener
        try (RawConnection plain = new RawConnection(cluster.peerPort(follower))) {
            assertThat(sendAndSeeClosed(plain, takeOver)).as("plaintext connection closed").isTrue();
        }
        // 2. over TLS, presenting a certificate from another CA (and trusting the cluster's)
        TestPki outsiderCa = tls.ca.unrelatedCa("outsider-ca");
        TestPki.Issued outsider = outsiderCa.issue("broker", List.of("127.0.0.1"), List.of());
        try (RawConnection foreign = TlsRawConnections.overTls(cluster.peerPort(follower), tls.rawClient(outsider))) {
            assertThat(sendAndSeeClosed(foreign, takeOver)).as("connection with a foreign certificate closed").isTrue();
        } catch (IOException refusedDuringHandshake) {
            // refused before the frame could even be sent: as good
        }
        for (int id = 1; id <= 3; id++) {
            assertThat(ReplicaState.of(cluster, id)).as("broker %d", id).isEqualTo(before.get(id));
        }

        // and the same frame from a holder of a cluster certificate does move the leadership
        try (RawConnection insider = TlsRawConnections.overTls(cluster.peerPort(follower), tls.rawClient(tls.broker))) {
            insider.send(takeOver);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(ReplicaState.of(cluster, follower).leader()).isEqualTo(follower);
                assertThat(ReplicaState.of(cluster, follower).term()).isGreaterThan(before.get(follower).term());
            });
        }
    }

    /** Sends {@code frame} and reports whether the broker then closed the connection without answering. */
    private static boolean sendAndSeeClosed(RawConnection c, byte[] frame) {
        try {
            c.send(frame);
        } catch (IOException e) {
            return true; // already closed by the broker
        }
        return c.closedByPeer();
    }
}
