package io.brook.broker;

import io.brook.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.brook.broker.config.BrokerConfig;
import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import io.brook.client.AuthenticationException;
import io.brook.client.ClientSecurity;
import io.brook.client.Consumer;
import io.brook.client.ConsumerRecord;
import io.brook.client.NewTopic;
import io.brook.client.Producer;
import io.brook.client.ProducerRecord;
import io.brook.client.TopicPartition;
import io.brook.client.UserDescription;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.AlterUsersRequest;
import io.brook.protocol.message.AlterUsersResponse;
import io.brook.protocol.message.ApiVersionsRequest;
import io.brook.protocol.message.DescribeUsersRequest;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ErrorResponse;
import io.brook.protocol.message.MetadataRequest;
import io.brook.protocol.message.SaslAuthenticateRequest;
import io.brook.protocol.message.SaslAuthenticateResponse;
import io.brook.protocol.message.SaslHandshakeRequest;
import io.brook.protocol.message.SaslHandshakeResponse;
import io.brook.protocol.message.UserUpsertion;
import io.brook.protocol.security.scram.ScramClient;
import io.brook.protocol.security.scram.ScramCredential;
import io.brook.protocol.security.scram.ScramMechanism;
import io.brook.protocol.security.scram.ScramNonces;
import io.brook.replication.control.StoredCredential;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SASL SCRAM on a real broker with {@code client.authentication=sasl}, through the real client and
 * raw connections. The users are created the documented way: on the broker while it still runs with
 * {@code client.authentication=none}, which is then restarted with {@code sasl}.
 */
class SaslAuthenticationTest {

    private static final String ALICE_PASSWORD = "alice-secret";
    private static final String BOB_PASSWORD = "bob-secret-512";

    private static BrokerFixture broker;

    @BeforeAll
    static void startBrokerWithUsers() throws Exception {
        broker = BrokerFixture.start(Map.of());
        try (Admin admin = TestClients.admin(broker)) {
            admin.createUser("alice", "SCRAM-SHA-256", ALICE_PASSWORD.toCharArray(), 4096).get(30, TimeUnit.SECONDS);
            admin.createUser("bob", "SCRAM-SHA-512", BOB_PASSWORD.toCharArray(), 8192).get(30, TimeUnit.SECONDS);
        }
        broker.restart(Map.of(BrokerConfig.CLIENT_AUTHENTICATION, "sasl"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static ClientSecurity sasl(String mechanism, String user, String password) {
        return ClientSecurity.builder().saslMechanism(mechanism).saslUsername(user).saslPassword(password.toCharArray()).build();
    }

    private static Admin admin(ClientSecurity security) {
        return new Admin(AdminConfig.builder().bootstrapServers(broker.bootstrap()).clientId("sasl-test-admin").security(security)
                .requestTimeoutMs(15_000).defaultApiTimeoutMs(15_000).retryBackoffMs(20).retryBackoffMaxMs(200).build());
    }

    private static Throwable failureOf(java.util.concurrent.CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("no failure but " + e, e);
        }
        throw new AssertionError("the operation succeeded");
    }

    @Test
    void a_user_with_the_right_password_produces_and_consumes() throws Exception {
        // given
        ClientSecurity alice = sasl("SCRAM-SHA-256", "alice", ALICE_PASSWORD);
        try (Admin admin = admin(alice)) {
            admin.createTopics(List.of(new NewTopic("sasl-orders", 1, 1))).get(30, TimeUnit.SECONDS);
        }

        // when
        try (Producer producer = new Producer(TestClients.producer(broker).security(alice).build())) {
            producer.send(new ProducerRecord("sasl-orders", "paid".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }

        // then
        try (Consumer consumer = new Consumer(TestClients.consumer(broker).security(alice).build())) {
            List<TopicPartition> p = List.of(new TopicPartition("sasl-orders", 0));
            consumer.assign(p);
            consumer.seekToBeginning(p);
            List<ConsumerRecord> got = RecordStream.consume(consumer, 1, Duration.ofSeconds(30));
            assertThat(new String(got.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("paid");
        }
    }

    @Test
    void scram_sha_512_authenticates_too() throws Exception {
        try (Admin admin = admin(sasl("SCRAM-SHA-512", "bob", BOB_PASSWORD))) {
            assertThat(admin.describeCluster().get(30, TimeUnit.SECONDS).brokers()).hasSize(1);
        }
    }

    @Test
    void a_wrong_password_fails_with_an_authentication_exception_at_once() {
        // when
        Throwable failure;
        try (Admin admin = admin(sasl("SCRAM-SHA-256", "alice", "not-her-password"))) {
            failure = failureOf(admin.describeCluster());
        }

        // then: not retried until the timeout, but refused with the broker's error
        assertThat(failure).isInstanceOf(AuthenticationException.class).hasMessageContaining("authentication failed");
        assertThat(((AuthenticationException) failure).errorCode()).isEqualTo(ErrorCode.SASL_AUTHENTICATION_FAILED);
    }

    @Test
    void a_producer_with_a_wrong_password_fails_with_an_authentication_exception() {
        try (Producer producer = new Producer(TestClients.producer(broker).security(sasl("SCRAM-SHA-256", "alice", "wrong")).build())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord("sasl-anything", new byte[1])).get(30, TimeUnit.SECONDS))
                    .satisfiesAnyOf(t -> assertThat(t).isInstanceOf(AuthenticationException.class),
                            t -> assertThat(t).hasCauseInstanceOf(AuthenticationException.class));
        }
    }

    @Test
    void an_unknown_user_gets_the_same_error_as_a_wrong_password() {
        Throwable wrongPassword;
        Throwable unknownUser;
        try (Admin admin = admin(sasl("SCRAM-SHA-256", "alice", "not-her-password"))) {
            wrongPassword = failureOf(admin.listTopics());
        }
        try (Admin admin = admin(sasl("SCRAM-SHA-256", "mallory", "not-her-password"))) {
            unknownUser = failureOf(admin.listTopics());
        }
        assertThat(unknownUser).isInstanceOf(AuthenticationException.class);
        assertThat(unknownUser.getMessage()).isEqualTo(wrongPassword.getMessage());
    }

    @Test
    void an_unknown_user_is_answered_with_the_same_salt_every_time_as_a_known_one_is() throws Exception {
        // a salt that changed between attempts would tell an unknown user from a known one
        assertThat(serverFirstSalt("mallory")).isEqualTo(serverFirstSalt("mallory"));
        assertThat(serverFirstSalt("alice")).isEqualTo(serverFirstSalt("alice"));
    }

    private static String serverFirstSalt(String user) throws Exception {
        try (RawConnection c = new RawConnection(broker.port())) {
            assertThat(handshake(c, 1, "SCRAM-SHA-256").getErrorCode()).isEqualTo(ErrorCode.NONE);
            ScramClient scram = new ScramClient(ScramMechanism.SCRAM_SHA_256, user, "x".toCharArray(), ScramNonces.secureRandom());
            String serverFirst = authenticate(c, 2, scram.clientFirst()).getAuthBytes().toStringUtf8();
            return serverFirst.substring(serverFirst.indexOf(",s="));
        }
    }

    @Test
    void a_request_before_authentication_gets_illegal_sasl_state_and_the_connection_is_closed() throws Exception {
        try (RawConnection c = new RawConnection(broker.port())) {
            // given ApiVersions, which is served before authentication
            c.send(RawConnection.request(ApiKey.API_VERSIONS.id(), 1, ApiVersionsRequest.getDefaultInstance(), new byte[0]));
            assertThat(c.read().errorCode()).isZero();

            // when
            c.send(RawConnection.request(ApiKey.METADATA.id(), 2, MetadataRequest.newBuilder().setAllTopics(true).build(), new byte[0]));
            RawConnection.Response r = c.read();

            // then
            assertThat(r.errorCode()).isEqualTo((short) ErrorCode.ILLEGAL_SASL_STATE_VALUE);
            assertThat(ErrorResponse.parseFrom(r.message()).getErrorMessage()).contains("authenticate first");
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void a_client_final_replayed_on_a_new_connection_is_refused() throws Exception {
        // given a successful exchange, recorded
        byte[] clientFirst;
        byte[] clientFinal;
        try (RawConnection c = new RawConnection(broker.port())) {
            handshake(c, 1, "SCRAM-SHA-256");
            ScramClient scram = new ScramClient(ScramMechanism.SCRAM_SHA_256, "alice", ALICE_PASSWORD.toCharArray(), ScramNonces.secureRandom());
            clientFirst = scram.clientFirst();
            SaslAuthenticateResponse first = authenticate(c, 2, clientFirst);
            clientFinal = scram.clientFinal(first.getAuthBytes().toByteArray());
            SaslAuthenticateResponse last = authenticate(c, 3, clientFinal);
            assertThat(last.getErrorCode()).isEqualTo(ErrorCode.NONE);
            scram.verifyServerFinal(last.getAuthBytes().toByteArray());
        }

        // when both messages are replayed on a new connection
        try (RawConnection c = new RawConnection(broker.port())) {
            handshake(c, 1, "SCRAM-SHA-256");
            assertThat(authenticate(c, 2, clientFirst).getErrorCode()).isEqualTo(ErrorCode.NONE);
            SaslAuthenticateResponse replayed = authenticate(c, 3, clientFinal);

            // then the server's fresh nonce is missing from the replayed proof: refused, and the connection closed
            assertThat(replayed.getErrorCode()).isEqualTo(ErrorCode.SASL_AUTHENTICATION_FAILED);
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void a_second_handshake_after_success_gets_illegal_sasl_state() throws Exception {
        try (RawConnection c = new RawConnection(broker.port())) {
            login(c, "alice", ALICE_PASSWORD);
            assertThat(handshake(c, 10, "SCRAM-SHA-256").getErrorCode()).isEqualTo(ErrorCode.ILLEGAL_SASL_STATE);
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void a_mechanism_that_is_not_enabled_is_refused_with_the_enabled_list() throws Exception {
        try (RawConnection c = new RawConnection(broker.port())) {
            SaslHandshakeResponse r = handshake(c, 1, "PLAIN");
            assertThat(r.getErrorCode()).isEqualTo(ErrorCode.UNSUPPORTED_SASL_MECHANISM);
            assertThat(r.getEnabledMechanismsList()).containsExactly("SCRAM-SHA-256", "SCRAM-SHA-512");
            // and the client may ask again
            assertThat(handshake(c, 2, "SCRAM-SHA-512").getErrorCode()).isEqualTo(ErrorCode.NONE);
        }
    }

    @Test
    void describe_users_shows_mechanisms_and_iterations_but_never_a_salt_or_key() throws Exception {
        // given what the broker stores for alice
        StoredCredential stored = broker.broker().metadata().image().users().get("alice").get("SCRAM-SHA-256");
        ScramCredential credential = ScramCredential.decode(stored.bytes());

        // when
        List<UserDescription> users;
        try (Admin admin = admin(sasl("SCRAM-SHA-256", "alice", ALICE_PASSWORD))) {
            users = admin.describeUsers().get(30, TimeUnit.SECONDS);
        }
        byte[] raw;
        try (RawConnection c = new RawConnection(broker.port())) {
            login(c, "alice", ALICE_PASSWORD);
            c.send(RawConnection.request(ApiKey.DESCRIBE_USERS.id(), 10, DescribeUsersRequest.getDefaultInstance(), new byte[0]));
            raw = c.read().message();
        }

        // then
        assertThat(users).contains(new UserDescription("alice", Map.of("SCRAM-SHA-256", 4096)),
                new UserDescription("bob", Map.of("SCRAM-SHA-512", 8192)));
        for (byte[] secret : List.of(credential.storedKey(), credential.serverKey(), credential.salt(), stored.bytes())) {
            assertThat(indexOf(raw, secret)).as("a secret's bytes in the DescribeUsers response").isNegative();
        }
    }

    @Test
    void alter_users_refuses_a_credential_that_does_not_decode_and_an_invalid_name() throws Exception {
        byte[] weak = ScramCredential.create(ScramMechanism.SCRAM_SHA_256, "pw".toCharArray(), new java.security.SecureRandom(), 4096).encode();
        weak[4] = 0; // the iteration count (bytes 2 to 5, big-endian): 4096 becomes 0
        try (RawConnection c = new RawConnection(broker.port())) {
            login(c, "alice", ALICE_PASSWORD);
            AlterUsersRequest req = AlterUsersRequest.newBuilder()
                    .addUpsertions(UserUpsertion.newBuilder().setName("carol").setCredential(ByteString.copyFrom(new byte[] {1, 2, 3})))
                    .addUpsertions(UserUpsertion.newBuilder().setName("dave").setCredential(ByteString.copyFrom(weak)))
                    .addUpsertions(UserUpsertion.newBuilder().setName("bad\u0001name").setCredential(ByteString.copyFrom(weak)))
                    .build();
            c.send(RawConnection.request(ApiKey.ALTER_USERS.id(), 10, req, new byte[0]));
            AlterUsersResponse r = AlterUsersResponse.parseFrom(c.read().message());
            assertThat(r.getResultsList()).extracting(u -> u.getErrorCode()).containsOnly(ErrorCode.INVALID_REQUEST);
            assertThat(r.getResults(1).getErrorMessage()).contains("iteration count 0");
            assertThat(r.getResults(2).getErrorMessage()).contains("control character");
        }
        assertThat(broker.broker().metadata().image().users()).doesNotContainKeys("carol", "dave");
    }

    /** Authenticates a raw connection (correlation ids 1 to 3). */
    private static void login(RawConnection c, String user, String password) throws Exception {
        assertThat(handshake(c, 1, "SCRAM-SHA-256").getErrorCode()).isEqualTo(ErrorCode.NONE);
        ScramClient scram = new ScramClient(ScramMechanism.SCRAM_SHA_256, user, password.toCharArray(), ScramNonces.secureRandom());
        SaslAuthenticateResponse first = authenticate(c, 2, scram.clientFirst());
        SaslAuthenticateResponse last = authenticate(c, 3, scram.clientFinal(first.getAuthBytes().toByteArray()));
        assertThat(last.getErrorCode()).as(last.getErrorMessage()).isEqualTo(ErrorCode.NONE);
        scram.verifyServerFinal(last.getAuthBytes().toByteArray());
    }

    private static SaslHandshakeResponse handshake(RawConnection c, int corr, String mechanism) throws Exception {
        c.send(RawConnection.request(ApiKey.SASL_HANDSHAKE.id(), corr, SaslHandshakeRequest.newBuilder().setMechanism(mechanism).build(),
                new byte[0]));
        return SaslHandshakeResponse.parseFrom(c.read().message());
    }

    private static SaslAuthenticateResponse authenticate(RawConnection c, int corr, byte[] message) throws Exception {
        c.send(RawConnection.request(ApiKey.SASL_AUTHENTICATE.id(), corr,
                SaslAuthenticateRequest.newBuilder().setAuthBytes(ByteString.copyFrom(message)).build(), new byte[0]));
        return SaslAuthenticateResponse.parseFrom(c.read().message());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
