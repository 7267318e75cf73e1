package io.brook.broker;

import io.brook.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.brook.broker.cluster.auth.ClusterSecret;
import io.brook.broker.cluster.auth.PeerProofs;
import io.brook.broker.config.BrokerConfig;
import io.brook.broker.partition.Partition;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ErrorResponse;
import io.brook.protocol.message.PeerAuthRequest;
import io.brook.protocol.message.PeerAuthResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outsider who can reach every port of a 3-broker cluster with a cluster secret, and knows the
 * protocol, tries to move a partition's leadership with a real Raft message (TimeoutNow, which makes a
 * follower start an election at once): on the client listener, on the peer listener without
 * authenticating, after a PEER_AUTH with a wrong secret, and by replaying a proof seen on another
 * connection. Every attempt is refused with its error and the partition's leader, term and high
 * watermark stay as they were on every broker. The same frame after a correct PEER_AUTH does move the
 * leadership, so the frame is one that works when it gets through.
 */
class PeerListenerAttackTest {

    private static final String CLUSTER = "attack-test";
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef-the-real-one".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    private InProcessCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void raft_frames_from_anyone_but_an_authenticated_broker_change_nothing() throws Exception {
        Path secretFile = tmp.resolve("secret");
        Files.write(secretFile, SECRET);
        cluster = new InProcessCluster(3, Map.of(BrokerConfig.CLUSTER_ID, CLUSTER, BrokerConfig.CLUSTER_SECRET_FILE, secretFile.toString()))
                .start();
        try (GroupCalls any = new GroupCalls(cluster.port(1))) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> any.createTopic("t", 1, 3));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.running().keySet().stream().allMatch(id -> {
            Partition p = cluster.broker(id).partitions().get("t", 0);
            return p != null && p.leaderId() > 0 && p.leaderId() == cluster.broker(1).partitions().get("t", 0).leaderId();
        }));
        Map<Integer, ReplicaState> before = Map.of(1, state(1), 2, state(2), 3, state(3));
        int leader = before.get(1).leader();
        int follower = leader == 1 ? 2 : 1;
        byte[] takeOver = ReplicaState.takeOver(cluster, leader, follower, before.get(1).term());

        // 1. on the follower's client listener
        try (RawConnection c = new RawConnection(cluster.port(follower))) {
            c.send(takeOver);
            assertThat(frameError(c.read()).getErrorCode()).isEqualTo(ErrorCode.WRONG_LISTENER);
        }
        // 2. on its peer listener, without PEER_AUTH
        try (RawConnection c = new RawConnection(cluster.peerPort(follower))) {
            c.send(takeOver);
            assertThat(frameError(c.read()).getErrorCode()).isEqualTo(ErrorCode.PEER_AUTHENTICATION_FAILED);
            assertThat(c.closedByPeer()).isTrue();
        }
        // 3. after a PEER_AUTH with a wrong secret
        try (RawConnection c = new RawConnection(cluster.peerPort(follower))) {
            PeerAuthResponse refused = authenticate(c, ClusterSecret.of("0123456789abcdef0123456789abcdef-a-guess".getBytes(StandardCharsets.UTF_8)),
                    PeerProofs.nonce(), null);
            assertThat(refused.getErrorCode()).isEqualTo(ErrorCode.PEER_AUTHENTICATION_FAILED);
            assertThat(refused.getErrorMessage()).contains("does not know this cluster's secret");
            assertThat(c.closedByPeer()).isTrue();
        }
        // 4. by replaying a proof that a broker sent on another connection
        byte[] clientNonce = PeerProofs.nonce();
        try (RawConnection legit = new RawConnection(cluster.peerPort(follower));
                RawConnection replay = new RawConnection(cluster.peerPort(follower))) {
            byte[][] seenProof = new byte[1][];
            assertThat(authenticate(legit, ClusterSecret.of(SECRET), clientNonce, seenProof).getErrorCode()).isEqualTo(ErrorCode.NONE);
            PeerAuthResponse replayed = authenticate(replay, null, clientNonce, seenProof);
            assertThat(replayed.getErrorCode()).isEqualTo(ErrorCode.PEER_AUTHENTICATION_FAILED);
            assertThat(replay.closedByPeer()).isTrue();

            // then nothing changed anywhere
            for (int id = 1; id <= 3; id++) {
                assertThat(state(id)).as("broker %d", id).isEqualTo(before.get(id));
            }

            // and the same frame on the authenticated connection does move the leadership
            legit.send(takeOver);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(state(follower).leader()).isEqualTo(follower);
                assertThat(state(follower).term()).isGreaterThan(before.get(follower).term());
            });
        }
    }

    private ReplicaState state(int broker) {
        return ReplicaState.of(cluster, broker);
    }

    /**
     * Runs PEER_AUTH on {@code c} as broker 1 would; with {@code secret} null, sends {@code proof[0]}
     * instead of computing one; otherwise stores the proof it sent in {@code proof[0]} (when not null).
     * @return the answer to step 2, or to step 1 when that refused
     */
    private static PeerAuthResponse authenticate(RawConnection c, ClusterSecret secret, byte[] clientNonce, byte[][] proof) throws Exception {
        c.send(RawConnection.request(ApiKey.PEER_AUTH.id(), 1, PeerAuthRequest.newBuilder().setStep(1).setBrokerId(1).setClusterId(CLUSTER)
                .setClientNonce(ByteString.copyFrom(clientNonce)).build(), new byte[0]));
        PeerAuthResponse first = PeerAuthResponse.parseFrom(c.read().message());
        if (first.getErrorCode() != ErrorCode.NONE) {
            return first;
        }
        byte[] serverNonce = first.getServerNonce().toByteArray();
        byte[] sent = secret == null ? proof[0] : PeerProofs.clientProof(secret, CLUSTER, 1, clientNonce, serverNonce);
        if (secret != null && proof != null) {
            proof[0] = sent;
        }
        c.send(RawConnection.request(ApiKey.PEER_AUTH.id(), 2, PeerAuthRequest.newBuilder().setStep(2)
                .setClientProof(ByteString.copyFrom(sent)).build(), new byte[0]));
        return PeerAuthResponse.parseFrom(c.read().message());
    }

    private static ErrorResponse frameError(RawConnection.Response r) throws Exception {
        assertThat(r.errorCode()).as("frame-level error code").isNotZero();
        return ErrorResponse.parseFrom(r.message());
    }

}
