package io.brook.jepsen;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.brook.client.AclEntry;
import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import io.brook.client.AuthenticationException;
import io.brook.client.AuthorizationException;
import io.brook.client.ClientSecurity;
import io.brook.client.NewTopic;
import io.brook.client.PartitionInfo;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.client.TopicDescription;
import io.brook.client.UnknownTopicOrPartitionException;
import io.brook.jepsen.db.BrokerProcess;
import io.brook.jepsen.db.LocalCluster;
import io.brook.jepsen.db.ReplicaLogReader;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ErrorResponse;
import io.brook.protocol.message.MetadataRequest;
import io.brook.protocol.message.PeerAuthRequest;
import io.brook.protocol.message.PeerAuthResponse;
import io.brook.protocol.message.RaftBundle;
import io.brook.protocol.message.RaftEnvelope;
import io.brook.protocol.message.RaftTimeoutNow;
import io.brook.protocol.message.RaftVote;
import io.brook.protocol.message.SaslAuthenticateRequest;
import io.brook.protocol.message.SaslAuthenticateResponse;
import io.brook.protocol.message.SaslHandshakeRequest;
import io.brook.protocol.security.scram.ScramClient;
import io.brook.protocol.security.scram.ScramMechanism;
import io.brook.testsupport.RawConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The security suite on real broker processes: a 3-broker cluster whose brokers prove a cluster secret
 * to each other, is switched by a rolling restart to SASL SCRAM client authentication and ACLs (users and
 * ACLs made first, while it was open, as docs/security.md says to), and is then attacked: a wrong
 * password, a replayed SCRAM proof, requests before authentication, every API without its ACL, a
 * topic the principal may not describe, and hand-built Raft messages (the real TimeoutNow and a
 * vote request with a term far ahead) sent to each broker's client listener and, without the secret or
 * with a wrong one, to its peer listener. No partition's leader or term changes and nothing is appended:
 * checked on the cluster's answers and, once the brokers are stopped, on every replica's log on disk.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuritySuiteTest {

    private static final String SECRET = "security-suite-cluster-secret-of-48-characters!!";
    private static final char[] ADMIN_PASSWORD = "admin-password".toCharArray();
    private static final char[] ALICE_PASSWORD = "alice-password".toCharArray();
    private static final char[] BOB_PASSWORD = "bob-password".toCharArray();

    private LocalCluster cluster;
    private final AtomicInteger correlation = new AtomicInteger(1);

    @BeforeAll
    void startOpenThenSecure() throws Exception {
        Path root = Files.createTempDirectory("brook-security");
        Path secret = root.resolve("cluster.secret");
        Files.writeString(secret, SECRET);
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Map<String, String> config = new HashMap<>(ReplicatedClusterTest.FAST);
        config.put("cluster.secret.file", secret.toString());
        cluster = new LocalCluster(3, root, config);
        cluster.start(60_000);
        // while the cluster is open: users, topics and ACLs
        try (Admin admin = admin(null, null)) {
            admin.createUser("admin", "SCRAM-SHA-256", ADMIN_PASSWORD.clone(), 4096).get(60, TimeUnit.SECONDS);
            admin.createUser("alice", "SCRAM-SHA-512", ALICE_PASSWORD.clone(), 4096).get(60, TimeUnit.SECONDS);
            admin.createUser("bob", "SCRAM-SHA-256", BOB_PASSWORD.clone(), 4096).get(60, TimeUnit.SECONDS);
            admin.createTopics(List.of(new NewTopic("orders", 1, 3), new NewTopic("secret", 1, 3))).get(60, TimeUnit.SECONDS);
            admin.createAcls(List.of(
                    acl("User:alice", AclEntry.ResourceType.TOPIC, "orders", AclEntry.Operation.WRITE),
                    acl("User:alice", AclEntry.ResourceType.TOPIC, "orders", AclEntry.Operation.READ),
                    acl("User:bob", AclEntry.ResourceType.TOPIC, "orders", AclEntry.Operation.DESCRIBE))).get(60, TimeUnit.SECONDS);
        }
        // rolling restart into SASL + ACLs
        for (BrokerProcess b : cluster.brokers()) {
            b.stop(30_000);
            b.reconfigure(Map.of("client.authentication", "sasl", "authorization.enabled", "true", "super.users", "User:admin"));
            b.start();
            b.awaitStarted(60_000);
        }
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static AclEntry acl(String principal, AclEntry.ResourceType type, String name, AclEntry.Operation op) {
        return new AclEntry(principal, type, name, AclEntry.PatternType.LITERAL, op, AclEntry.Permission.ALLOW);
    }

    private Admin admin(String user, char[] password) {
        return new Admin(AdminConfig.builder().bootstrapServers(cluster.bootstrap()).security(security(user, password))
                .requestTimeoutMs(10_000).defaultApiTimeoutMs(30_000).build());
    }

    private static ClientSecurity security(String user, char[] password) {
        return user == null ? ClientSecurity.NONE : ClientSecurity.builder().saslMechanism(user.equals("alice") ? "SCRAM-SHA-512"
                : "SCRAM-SHA-256").saslUsername(user).saslPassword(password).build();
    }

    private Producer producer(String user, char[] password) {
        return new Producer(ProducerConfig.builder().bootstrapServers(cluster.bootstrap()).security(security(user, password))
                .maxBlockMs(30_000).requestTimeoutMs(10_000).deliveryTimeoutMs(30_000).build());
    }

    private static Throwable cause(java.util.concurrent.CompletableFuture<?> f) {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    @Order(1)
    void a_wrong_password_and_an_unknown_user_are_refused_alike() {
        try (Admin wrong = admin("alice", "not-her-password".toCharArray()); Admin nobody = admin("mallory", "x".toCharArray())) {
            Throwable w = cause(wrong.listTopics());
            Throwable n = cause(nobody.listTopics());
            assertThat(w).isInstanceOf(AuthenticationException.class);
            assertThat(n).isInstanceOf(AuthenticationException.class).hasMessage(w.getMessage());
        }
    }

    @Test
    @Order(2)
    void requests_before_authentication_are_refused_and_the_connection_closed() throws Exception {
        try (RawConnection c = new RawConnection(cluster.broker(1).port())) {
            c.send(RawConnection.request(ApiKey.METADATA.id(), correlation.incrementAndGet(), MetadataRequest.newBuilder().setAllTopics(true)
                    .build(), new byte[0]));
            assertThat(frameError(c.read()).getErrorCode()).isEqualTo(ErrorCode.ILLEGAL_SASL_STATE);
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    @Order(3)
    void a_replayed_scram_proof_is_refused() throws Exception {
        String clientNonce = "fixed-client-nonce-for-replay";
        byte[] recordedFinal;
        try (RawConnection c = new RawConnection(cluster.broker(1).port())) {
            ScramClient scram = new ScramClient(ScramMechanism.SCRAM_SHA_256, "bob", BOB_PASSWORD.clone(), () -> clientNonce);
            handshake(c);
            byte[] serverFirst = authenticate(c, scram.clientFirst()).getAuthBytes().toByteArray();
            recordedFinal = scram.clientFinal(serverFirst);
            SaslAuthenticateResponse ok = authenticate(c, recordedFinal);
            assertThat(ok.getErrorCode()).isEqualTo(ErrorCode.NONE);
            scram.verifyServerFinal(ok.getAuthBytes().toByteArray());
        }
        // an eavesdropper replays both client messages on a new connection
        try (RawConnection c = new RawConnection(cluster.broker(2).port())) {
            ScramClient again = new ScramClient(ScramMechanism.SCRAM_SHA_256, "bob", "unknown".toCharArray(), () -> clientNonce);
            handshake(c);
            authenticate(c, again.clientFirst());
            SaslAuthenticateResponse replayed = authenticate(c, recordedFinal);
            assertThat(replayed.getErrorCode()).isEqualTo(ErrorCode.SASL_AUTHENTICATION_FAILED);
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    @Order(4)
    void each_api_without_its_acl_is_refused_and_undescribable_topics_are_invisible() throws Exception {
        try (Admin bob = admin("bob", BOB_PASSWORD.clone()); Producer bobProducer = producer("bob", BOB_PASSWORD.clone());
                Admin alice = admin("alice", ALICE_PASSWORD.clone()); Producer aliceProducer = producer("alice", ALICE_PASSWORD.clone());
                Admin admin = admin("admin", ADMIN_PASSWORD.clone())) {
            assertThat(bob.listTopics().get(60, TimeUnit.SECONDS)).contains("orders").doesNotContain("secret");
            assertThat(cause(bob.describeTopics(List.of("secret")))).isInstanceOf(UnknownTopicOrPartitionException.class);
            assertThat(cause(bobProducer.send(new ProducerRecord("orders", "b".getBytes(StandardCharsets.UTF_8)))))
                    .isInstanceOf(AuthorizationException.class).hasMessageContaining("User:bob").hasMessageContaining("orders");
            assertThat(cause(alice.createTopics(List.of(new NewTopic("mine", 1, 3))))).isInstanceOf(AuthorizationException.class);
            assertThat(cause(alice.deleteTopics(List.of("orders")))).isInstanceOf(AuthorizationException.class);
            assertThat(cause(alice.createAcls(List.of(acl("User:alice", AclEntry.ResourceType.TOPIC, "secret",
                    AclEntry.Operation.READ))))).isInstanceOf(AuthorizationException.class);
            assertThat(cause(alice.createUser("eve", "SCRAM-SHA-256", "eve-password".toCharArray(), 4096)))
                    .isInstanceOf(AuthorizationException.class);
            assertThat(cause(alice.listGroups())).isInstanceOf(AuthorizationException.class);
            // what the ACLs allow works, and the super user may do everything
            assertThat(aliceProducer.send(new ProducerRecord("orders", "a".getBytes(StandardCharsets.UTF_8))).get(60, TimeUnit.SECONDS)
                    .offset()).isNotNegative();
            assertThat(admin.listTopics().get(60, TimeUnit.SECONDS)).contains("orders", "secret");
        }
    }

    @Test
    @Order(5)
    void raft_frames_from_outside_the_cluster_change_no_term_or_leader_and_append_nothing() throws Exception {
        TopicDescription before;
        try (Admin admin = admin("admin", ADMIN_PASSWORD.clone())) {
            before = admin.describeTopics(List.of("orders"), true).get(60, TimeUnit.SECONDS).get("orders");
        }
        PartitionInfo p = before.partitions().get(0);
        int leader = p.leader();
        int term = p.leaderTerm();
        int attacks = 0;
        for (BrokerProcess b : cluster.brokers()) {
            int target = b.id();
            // the real TimeoutNow (makes a follower start an election at once) and a vote far in the future
            byte[] timeoutNow = raft(before.topicId(), leader, term, RaftEnvelope.newBuilder().setTimeoutNow(RaftTimeoutNow.getDefaultInstance()));
            byte[] vote = raft(before.topicId(), target == 1 ? 2 : 1, term + 1000,
                    RaftEnvelope.newBuilder().setVote(RaftVote.newBuilder().setLastEnd(1_000_000).setLastTerm(term + 999)));
            for (byte[] frame : List.of(timeoutNow, vote)) {
                try (RawConnection c = new RawConnection(b.port())) {
                    c.send(frame);
                    assertThat(frameError(c.read()).getErrorCode()).as("client listener of %d", target).isEqualTo(ErrorCode.WRONG_LISTENER);
                }
                try (RawConnection c = new RawConnection(cluster.peerPort(target))) {
                    c.send(frame);
                    assertThat(frameError(c.read()).getErrorCode()).as("peer listener of %d", target)
                            .isEqualTo(ErrorCode.PEER_AUTHENTICATION_FAILED);
                    assertThat(c.closedByPeer()).isTrue();
                }
                attacks += 2;
            }
            // with a guessed secret the peer listener refuses the handshake
            try (RawConnection c = new RawConnection(cluster.peerPort(target))) {
                c.send(RawConnection.request(ApiKey.PEER_AUTH.id(), correlation.incrementAndGet(), PeerAuthRequest.newBuilder().setStep(1)
                        .setBrokerId(9).setClusterId("brook-local").setClientNonce(ByteString.copyFrom(new byte[32])).build(), new byte[0]));
                PeerAuthResponse first = PeerAuthResponse.parseFrom(c.read().message());
                assertThat(first.getErrorCode()).isEqualTo(ErrorCode.NONE);
                c.send(RawConnection.request(ApiKey.PEER_AUTH.id(), correlation.incrementAndGet(), PeerAuthRequest.newBuilder().setStep(2)
                        .setClientProof(ByteString.copyFrom(new byte[32])).build(), new byte[0]));
                assertThat(PeerAuthResponse.parseFrom(c.read().message()).getErrorCode()).isEqualTo(ErrorCode.PEER_AUTHENTICATION_FAILED);
                assertThat(c.closedByPeer()).isTrue();
            }
        }
        assertThat(attacks).isEqualTo(12);

        // then the cluster still has the same leader in the same term, and the same log end
        try (Admin admin = admin("admin", ADMIN_PASSWORD.clone())) {
            TopicDescription after = admin.describeTopics(List.of("orders"), true).get(60, TimeUnit.SECONDS).get("orders");
            assertThat(after.partitions().get(0).leader()).isEqualTo(leader);
            assertThat(after.partitions().get(0).leaderTerm()).isEqualTo(term);
            assertThat(after.offsets().get(0).logEndOffset()).isEqualTo(before.offsets().get(0).logEndOffset());
        }
        // and on disk no replica holds an entry of a later term: killed (a graceful stop would hand the
        // leadership over, a new term of its own), the followers first so that no election can happen
        for (BrokerProcess b : cluster.brokers()) {
            if (b.id() != leader) {
                b.kill();
            }
        }
        cluster.broker(leader).kill();
        for (BrokerProcess b : cluster.brokers()) {
            int[] maxTerm = {-1};
            ReplicaLogReader.forEachBatch(b.dataDir().resolve("logs").resolve("orders-0"),
                    batch -> maxTerm[0] = Math.max(maxTerm[0], batch.partitionLeaderEpoch()));
            assertThat(maxTerm[0]).as("highest term in broker %d's log", b.id()).isBetween(0, term);
        }
    }

    private byte[] raft(String topicId, int from, int term, RaftEnvelope.Builder body) {
        return RawConnection.request(ApiKey.RAFT.id(), correlation.incrementAndGet(), RaftBundle.newBuilder().setFromBroker(from)
                .addMessages(body.setTopic("orders").setPartition(0).setTopicId(topicId).setTerm(term).setFrom(from)).build(), new byte[0]);
    }

    private void handshake(RawConnection c) throws Exception {
        c.send(RawConnection.request(ApiKey.SASL_HANDSHAKE.id(), correlation.incrementAndGet(),
                SaslHandshakeRequest.newBuilder().setMechanism("SCRAM-SHA-256").build(), new byte[0]));
        assertThat(c.read().errorCode()).isZero();
    }

    private SaslAuthenticateResponse authenticate(RawConnection c, byte[] bytes) throws Exception {
        c.send(RawConnection.request(ApiKey.SASL_AUTHENTICATE.id(), correlation.incrementAndGet(),
                SaslAuthenticateRequest.newBuilder().setAuthBytes(ByteString.copyFrom(bytes)).build(), new byte[0]));
        RawConnection.Response r = c.read();
        if (r.errorCode() != 0) {
            return SaslAuthenticateResponse.newBuilder().setErrorCode(ErrorCode.forNumber(r.errorCode())).build();
        }
        return SaslAuthenticateResponse.parseFrom(r.message());
    }

    private static ErrorResponse frameError(RawConnection.Response r) throws Exception {
        assertThat(r.errorCode()).as("frame-level error code").isNotZero();
        return ErrorResponse.parseFrom(r.message());
    }
}
