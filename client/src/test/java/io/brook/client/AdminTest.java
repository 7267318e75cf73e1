package io.brook.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.client.testing.FakeCluster;
import io.brook.client.testing.TestClients;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminTest {

    private FakeCluster cluster;
    private Admin admin;

    @BeforeEach
    void start() {
        cluster = FakeCluster.start(2);
        admin = new Admin(TestClients.admin(cluster).build());
    }

    @AfterEach
    void stop() {
        admin.close();
        cluster.close();
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("future did not fail", e);
        }
        throw new AssertionError("future succeeded");
    }

    @Test
    void anAdminWhoseFirstBootstrapBrokerIsDownUsesTheOthers() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        cluster.createTopic("t", 1);
        try (Admin a = new Admin(TestClients.admin(cluster).bootstrapServers("127.0.0.1:" + closed + "," + cluster.bootstrap())
                .defaultApiTimeoutMs(10_000).build())) {
            assertThat(get(a.describeTopics(List.of("t")))).containsKey("t");
            assertThat(get(a.describeCluster()).brokers()).hasSize(2);
            assertThat(get(a.listTopics())).contains("t");
        }
    }

    @Test
    void createdTopicsAreListedAndDescribed() throws Exception {
        get(admin.createTopics(List.of(new NewTopic("a", 3, 2, Map.of("retention.ms", "1000")), new NewTopic("b", 1, 1))));

        assertThat(get(admin.listTopics())).containsExactlyInAnyOrder("a", "b");
        TopicDescription a = get(admin.describeTopics(List.of("a"))).get("a");
        assertThat(a.name()).isEqualTo("a");
        assertThat(a.topicId()).isNotEmpty();
        assertThat(a.replicationFactor()).isEqualTo(2);
        assertThat(a.partitions()).extracting(PartitionInfo::partition).containsExactly(0, 1, 2);
        assertThat(a.partitions()).allMatch(p -> p.leader() == 0 && p.replicas().equals(List.of(0))
                && p.inSyncReplicas().equals(List.of(0)));
        assertThat(a.configs().get("retention.ms")).isEqualTo(new ConfigEntry("retention.ms", "1000", false));
        assertThat(a.configs().get("segment.bytes").isDefault()).isTrue();
        assertThat(a.offsets()).isEmpty();
    }

    @Test
    void describeWithOffsetsReportsEachPartitionsLog() throws Exception {
        cluster.createTopic("t", 2);
        try (Producer producer = new Producer(TestClients.producer(cluster).build())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord("t", 1, null, new byte[10]));
            }
            producer.flush();
        }

        TopicDescription t = get(admin.describeTopics(List.of("t"), true)).get("t");

        assertThat(t.offsets().get(0)).isEqualTo(new PartitionOffsets(0, 0, 0, 0, 1));
        assertThat(t.offsets().get(1).logEndOffset()).isEqualTo(5);
        assertThat(t.offsets().get(1).highWatermark()).isEqualTo(5);
        assertThat(t.offsets().get(1).sizeBytes()).isPositive();
    }

    @Test
    void creatingAnExistingTopicFailsWithTopicExists() {
        cluster.createTopic("t", 1);

        assertThat(failure(admin.createTopics(List.of(new NewTopic("t", 1, 1)))))
                .isInstanceOf(TopicExistsException.class).hasMessageContaining("'t' already exists");
    }

    @Test
    void everyFailedTopicIsReportedAndTheOthersAreCreated() {
        cluster.createTopic("exists", 1);

        Throwable e = failure(admin.createTopics(List.of(new NewTopic("exists", 1, 1), new NewTopic("new", 1, 1),
                new NewTopic("wide", 1, 3))));

        assertThat(e).isInstanceOf(TopicExistsException.class);
        assertThat(e.getSuppressed()).singleElement().isInstanceOf(InvalidConfigException.class);
        assertThat(cluster.hasTopic("new")).isTrue();
    }

    @Test
    void anUnknownConfigIsInvalid() {
        assertThat(failure(admin.createTopics(List.of(new NewTopic("t", 1, 1, Map.of("retention.forever", "yes"))))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("retention.forever");
    }

    @Test
    void aTopicCreatedByAnAttemptWhoseAnswerWasLostIsNotReportedAsExisting() throws Exception {
        cluster.broker(0).disconnectAfterNext(ApiKey.CREATE_TOPICS); // creates the topic, then closes instead of answering

        get(admin.createTopics(List.of(new NewTopic("t", 3, 1))));

        assertThat(cluster.broker(0).requestCount(ApiKey.CREATE_TOPICS)).as("the retry found it existing").isEqualTo(2);
        assertThat(get(admin.describeTopics(List.of("t"))).get("t").partitions()).hasSize(3);
    }

    @Test
    void aTopicFoundExistingWithOtherSettingsAfterALostAnswerIsReported() {
        cluster.broker(0).disconnectAfterNext(ApiKey.CREATE_TOPICS);
        cluster.createTopic("t", 5); // another client's topic of the same name, created before ours

        assertThat(failure(admin.createTopics(List.of(new NewTopic("t", 3, 1))))).isInstanceOf(TopicExistsException.class);
    }

    @Test
    void creationIsRetriedWhileNoControllerIsAvailable() throws Exception {
        cluster.broker(0).failNext(ApiKey.CREATE_TOPICS, ErrorCode.CONTROLLER_NOT_AVAILABLE);

        get(admin.createTopics(List.of(new NewTopic("t", 1, 1))));

        assertThat(cluster.hasTopic("t")).isTrue();
        assertThat(cluster.broker(0).requestCount(ApiKey.CREATE_TOPICS)).isEqualTo(2);
    }

    @Test
    void alteringAddsPartitionsAndChangesConfigs() throws Exception {
        get(admin.createTopics(List.of(new NewTopic("t", 1, 1, Map.of("segment.bytes", "1000")))));

        get(admin.alterTopic("t", TopicAlteration.none().partitions(4).setConfig("retention.ms", "5")
                .deleteConfig("segment.bytes")));

        TopicDescription t = get(admin.describeTopics(List.of("t"))).get("t");
        assertThat(t.partitions()).hasSize(4);
        assertThat(t.configs().get("retention.ms").value()).isEqualTo("5");
        assertThat(t.configs().get("segment.bytes").isDefault()).isTrue();
    }

    @Test
    void shrinkingATopicIsRefused() throws Exception {
        get(admin.createTopics(List.of(new NewTopic("t", 3, 1))));

        assertThat(failure(admin.alterTopic("t", TopicAlteration.none().partitions(2))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("only be added");
    }

    @Test
    void deletedTopicsAreGone() throws Exception {
        get(admin.createTopics(List.of(new NewTopic("t", 1, 1))));

        get(admin.deleteTopics(List.of("t")));

        assertThat(get(admin.listTopics())).isEmpty();
        assertThat(failure(admin.deleteTopics(List.of("t")))).isInstanceOf(UnknownTopicOrPartitionException.class);
        assertThat(failure(admin.describeTopics(List.of("t")))).isInstanceOf(UnknownTopicOrPartitionException.class)
                .hasMessageContaining("brook topic create t");
    }

    @Test
    void describeClusterListsBrokersAndTheController() throws Exception {
        ClusterDescription c = get(admin.describeCluster());

        assertThat(c.clusterId()).isEqualTo("fake-cluster");
        assertThat(c.controllerId()).isZero();
        assertThat(c.brokers()).extracting(BrokerNode::id).containsExactly(0, 1);
        assertThat(c.brokers().get(1).port()).isEqualTo(cluster.broker(1).port());
        assertThat(c.brokers().get(1).address()).isEqualTo(cluster.broker(1).address());
    }

    @Test
    void anUnsupportedVersionFailsAtOnce() {
        cluster.broker(0).frameErrorNext(ApiKey.DESCRIBE_TOPICS, ErrorCode.UNSUPPORTED_VERSION);

        assertThat(failure(admin.describeTopics(List.of("t")))).isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("upgrade");
    }

    @Test
    void aBrokerThatNeverAnswersMakesTheOperationTimeOut() throws Exception {
        try (Admin impatient = new Admin(TestClients.admin(cluster).requestTimeoutMs(100).defaultApiTimeoutMs(300).build())) {
            for (int i = 0; i < 50; i++) {
                cluster.broker(0).swallowNext(ApiKey.METADATA);
            }

            assertThat(failure(impatient.listTopics())).isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("default.api.timeout.ms");
        }
    }

    @Test
    void invalidNewTopicsAreRejectedBeforeSending() {
        assertThatThrownBy(() -> new NewTopic("bad name", 1, 1)).isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> new NewTopic("t", 0, 1)).isInstanceOf(InvalidConfigException.class);
        assertThatThrownBy(() -> new NewTopic("t", 1, 0)).isInstanceOf(InvalidConfigException.class);
    }
}
