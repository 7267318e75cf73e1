package io.brook.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.brook.broker.config.BrokerConfig;
import io.brook.client.AclEntry;
import io.brook.client.Admin;
import io.brook.client.AuthorizationException;
import io.brook.client.Consumer;
import io.brook.client.NewPartitionReassignment;
import io.brook.client.NewTopic;
import io.brook.client.OffsetAndMetadata;
import io.brook.client.Producer;
import io.brook.client.ProducerRecord;
import io.brook.client.TopicAlteration;
import io.brook.client.TopicPartition;
import io.brook.client.UnknownTopicOrPartitionException;
import io.brook.replication.control.acl.AclBinding;
import io.brook.replication.control.acl.Operation;
import io.brook.replication.control.acl.ResourcePattern;
import io.brook.replication.control.acl.ResourceType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A broker with {@code authorization.enabled} and a client whose principal is {@code User:ANONYMOUS}
 * (no SASL or client certificate): each API without its ACL is refused with AUTHORIZATION_FAILED naming
 * the resource, a topic the principal may not describe is invisible (left out of listings and answered as
 * unknown when named), and what the ACLs allow works. The ACLs are put straight into the cluster metadata
 * (the broker's own {@code ClusterMetadata}), since this principal may not add any.
 */
class AuthorizationTest {

    private static final String ME = "User:ANONYMOUS";
    private static BrokerFixture broker;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = BrokerFixture.start(Map.of(BrokerConfig.AUTHORIZATION_ENABLED, "true"));
        admin = TestClients.admin(broker);
        for (String topic : List.of("open", "visible", "secret")) {
            assertThat(broker.broker().metadata().createTopic(topic, 1, 1, Map.of(), false).get(30, TimeUnit.SECONDS).ok()).isTrue();
        }
        grant(AclBinding.allow(ME, ResourcePattern.literal(ResourceType.TOPIC, "open"), Operation.WRITE),
                AclBinding.allow(ME, ResourcePattern.literal(ResourceType.TOPIC, "open"), Operation.READ),
                AclBinding.allow(ME, ResourcePattern.literal(ResourceType.TOPIC, "visible"), Operation.DESCRIBE),
                AclBinding.allow(ME, ResourcePattern.prefixed(ResourceType.GROUP, "app-"), Operation.READ));
    }

    @AfterAll
    static void stop() {
        try {
            if (admin != null) {
                admin.close();
            }
        } finally {
            broker.close();
        }
    }

    private static void grant(AclBinding... acls) throws Exception {
        assertThat(broker.broker().metadata().createAcls(List.of(acls)).get(30, TimeUnit.SECONDS).ok()).isTrue();
        // the broker's authorizer takes the ACLs from the image it applied
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.broker().metadata().image().acls().containsAll(List.of(acls)));
    }

    private static Throwable failure(CompletableFuture<?> f) {
        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        try {
            f.get();
            throw new AssertionError("unreachable");
        } catch (Exception e) {
            return e.getCause();
        }
    }

    @Test
    void topics_the_principal_may_not_describe_are_invisible() throws Exception {
        assertThat(admin.listTopics().get(30, TimeUnit.SECONDS)).contains("open", "visible").doesNotContain("secret");
        assertThat(failure(admin.describeTopics(List.of("secret")))).isInstanceOf(UnknownTopicOrPartitionException.class)
                .hasMessageNotContaining("authoriz");
        assertThat(admin.describeTopics(List.of("visible")).get(30, TimeUnit.SECONDS)).containsKey("visible");
    }

    @Test
    void producing_needs_write_and_a_refusal_names_the_topic() throws Exception {
        try (Producer producer = new Producer(TestClients.producer(broker).build())) {
            Throwable denied = failure(producer.send(new ProducerRecord("visible", bytes("x"))));
            assertThat(denied).isInstanceOf(AuthorizationException.class).hasMessageContaining("visible").hasMessageContaining("WRITE")
                    .hasMessageContaining(ME);

            assertThat(producer.send(new ProducerRecord("open", bytes("hello"))).get(30, TimeUnit.SECONDS).offset()).isNotNegative();
        }
    }

    @Test
    void consuming_needs_read() throws Exception {
        try (Consumer consumer = new Consumer(TestClients.consumer(broker).build())) {
            consumer.assign(List.of(new TopicPartition("visible", 0)));
            assertThatThrownBy(() -> {
                for (int i = 0; i < 50; i++) {
                    consumer.poll(Duration.ofMillis(200));
                }
            }).isInstanceOf(AuthorizationException.class).hasMessageContaining("visible").hasMessageContaining("READ");
        }
    }

    @Test
    void topic_administration_needs_create_delete_and_alter() {
        assertThat(failure(admin.createTopics(List.of(new NewTopic("fresh", 1, 1))))).isInstanceOf(AuthorizationException.class)
                .hasMessageContaining("fresh").hasMessageContaining("CREATE");
        assertThat(failure(admin.deleteTopics(List.of("open")))).isInstanceOf(AuthorizationException.class)
                .hasMessageContaining("open").hasMessageContaining("DELETE");
        assertThat(failure(admin.alterTopic("open", TopicAlteration.none().setConfig("retention.ms", "1000"))))
                .isInstanceOf(AuthorizationException.class).hasMessageContaining("ALTER");
        // a topic it may not describe: as if it did not exist
        assertThat(failure(admin.deleteTopics(List.of("secret")))).isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void groups_need_their_acls() throws Exception {
        assertThat(failure(admin.listGroups())).isInstanceOf(AuthorizationException.class).hasMessageContaining("cluster");
        assertThat(failure(admin.alterGroupOffsets("other", Map.of(new TopicPartition("open", 0), new OffsetAndMetadata(0)))))
                .isInstanceOf(AuthorizationException.class).hasMessageContaining("group 'other'");
        // READ on the group prefix app- and on the topic: committing works
        admin.alterGroupOffsets("app-billing", Map.of(new TopicPartition("open", 0), new OffsetAndMetadata(0))).get(30, TimeUnit.SECONDS);
    }

    @Test
    void rebalancing_leaders_needs_alter_on_the_cluster() {
        // awaited: another test grants ALTER on the cluster for a while, and the broker applies its removal a moment later
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(failure(admin.rebalanceLeaders(true)))
                .isInstanceOf(AuthorizationException.class).hasMessageContaining("ALTER the cluster"));
    }

    @Test
    void moving_replicas_needs_alter_on_the_cluster() {
        // awaited: another test grants ALTER on the cluster for a while, and the broker applies its removal a moment later
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(failure(admin.alterPartitionReassignments(
                List.of(new NewPartitionReassignment(new TopicPartition("open", 0), List.of(1), 0)), true)))
                .isInstanceOf(AuthorizationException.class).hasMessageContaining("ALTER the cluster"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(failure(admin.rebalanceReplicas(0, true)))
                .isInstanceOf(AuthorizationException.class).hasMessageContaining("ALTER the cluster"));
    }

    @Test
    void listing_replica_moves_needs_describe_on_the_cluster() {
        // awaited: ALTER on the cluster, which another test grants for a while, implies DESCRIBE
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(failure(admin.listPartitionReassignments()))
                .isInstanceOf(AuthorizationException.class).hasMessageContaining("DESCRIBE the cluster"));
    }

    @Test
    void acl_administration_needs_alter_on_the_cluster_and_takes_effect_once_granted() throws Exception {
        AclEntry writeVisible = new AclEntry(ME, AclEntry.ResourceType.TOPIC, "visible", AclEntry.PatternType.LITERAL,
                AclEntry.Operation.WRITE, AclEntry.Permission.ALLOW);
        assertThat(failure(admin.createAcls(List.of(writeVisible)))).isInstanceOf(AuthorizationException.class)
                .hasMessageContaining("ALTER the cluster");
        assertThat(failure(admin.describeAcls(AclEntry.Filter.ANY))).isInstanceOf(AuthorizationException.class);

        grant(AclBinding.allow(ME, ResourcePattern.cluster(), Operation.ALTER));
        admin.createAcls(List.of(writeVisible)).get(30, TimeUnit.SECONDS);
        assertThat(admin.describeAcls(new AclEntry.Filter(ME, AclEntry.ResourceType.TOPIC, "visible", null, null, null))
                .get(30, TimeUnit.SECONDS)).contains(writeVisible);
        try (Producer producer = new Producer(TestClients.producer(broker).build())) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    assertThat(producer.send(new ProducerRecord("visible", bytes("now"))).get(30, TimeUnit.SECONDS).offset()).isNotNegative());
        }
        assertThat(admin.deleteAcls(List.of(AclEntry.Filter.of(writeVisible))).get(30, TimeUnit.SECONDS)).containsExactly(writeVisible);
        // and the cluster ALTER grant is removed again so that the other tests see the original ACLs
        broker.broker().metadata().deleteAcls(List.of(AclBinding.allow(ME, ResourcePattern.cluster(), Operation.ALTER)))
                .get(30, TimeUnit.SECONDS);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
