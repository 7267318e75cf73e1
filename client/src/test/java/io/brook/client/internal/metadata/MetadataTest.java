package io.brook.client.internal.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.client.ConnectionException;
import io.brook.client.InvalidTopicException;
import io.brook.client.TimeoutException;
import io.brook.client.UnknownTopicOrPartitionException;
import io.brook.client.internal.ClientSettings;
import io.brook.client.internal.Configs;
import io.brook.client.internal.network.NetworkClient;
import io.brook.client.testing.FakeCluster;
import io.brook.protocol.ApiKey;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetadataTest {

    private final FakeCluster cluster = FakeCluster.start(2);
    private NetworkClient network;

    @AfterEach
    void stop() {
        if (network != null) {
            network.close();
        }
        cluster.close();
    }

    private Metadata metadata(String bootstrap) {
        ClientSettings settings = new ClientSettings("test", Configs.parseBootstrap(bootstrap), "t", 1000, 10, 50,
                300_000, 5, 1 << 20, false);
        network = new NetworkClient(settings);
        return new Metadata(network, settings);
    }

    private static long deadline(long ms) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    }

    @Test
    void learnsTheTopicAndAllBrokers() {
        cluster.createTopic("t", 2);
        cluster.setLeader("t", 1, 1);
        Metadata metadata = metadata(cluster.bootstrap());

        Cluster c = metadata.awaitTopic("t", deadline(5000), 5000);

        assertThat(c.topic("t").partitionCount()).isEqualTo(2);
        assertThat(c.leader("t", 1)).isEqualTo(1);
        assertThat(c.brokers()).hasSize(2);
        assertThat(c.address(1).getPort()).isEqualTo(cluster.broker(1).port());
    }

    @Test
    void fallsBackToTheNextBootstrapAddress() throws IOException {
        cluster.createTopic("t", 1);
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        Metadata metadata = metadata("127.0.0.1:" + deadPort + "," + cluster.bootstrap());

        assertThat(metadata.awaitTopic("t", deadline(5000), 5000).topic("t")).isNotNull();
    }

    @Test
    void aTopicThatNeverAppearsFailsWithAHelpfulUnknownTopicError() {
        Metadata metadata = metadata(cluster.bootstrap());

        assertThatThrownBy(() -> metadata.awaitTopic("missing", deadline(200), 200))
                .isInstanceOf(UnknownTopicOrPartitionException.class)
                .hasMessageContaining("brook topic create missing");
    }

    @Test
    void aTopicCreatedWhileWaitingIsFound() {
        Metadata metadata = metadata(cluster.bootstrap());
        metadata.addTopics(List.of("late"));
        metadata.refresh().join();

        cluster.createTopic("late", 3);

        assertThat(metadata.awaitTopic("late", deadline(5000), 5000).topic("late").partitionCount()).isEqualTo(3);
    }

    @Test
    void noReachableBrokerIsATimeoutCausedByTheConnectionFailure() throws IOException {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        Metadata metadata = metadata("127.0.0.1:" + deadPort);

        assertThatThrownBy(() -> metadata.awaitTopic("t", deadline(300), 300))
                .isInstanceOf(TimeoutException.class)
                .hasCauseInstanceOf(ConnectionException.class)
                .hasMessageContaining("cannot connect");
    }

    @Test
    void invalidTopicNamesFailAtOnce() {
        Metadata metadata = metadata(cluster.bootstrap());

        assertThatThrownBy(() -> metadata.awaitTopic("bad name", deadline(5000), 5000))
                .isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void refreshesAreSharedWhileOneIsRunning() {
        cluster.createTopic("t", 1);
        Metadata metadata = metadata(cluster.bootstrap());
        metadata.addTopics(List.of("t"));
        int before = cluster.broker(0).requestCount(ApiKey.METADATA);

        var first = metadata.refresh();
        var second = metadata.refresh();
        first.join();

        assertThat(second).isSameAs(first);
        assertThat(cluster.broker(0).requestCount(ApiKey.METADATA) - before).isEqualTo(1);
    }
}
