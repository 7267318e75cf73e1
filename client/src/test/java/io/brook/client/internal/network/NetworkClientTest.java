package io.brook.client.internal.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.client.BrokerErrorException;
import io.brook.client.BrokerUnavailableException;
import io.brook.client.ConnectionException;
import io.brook.client.RecordTooLargeException;
import io.brook.client.TimeoutException;
import io.brook.client.UnsupportedVersionException;
import io.brook.client.internal.ClientSettings;
import io.brook.client.internal.Configs;
import io.brook.client.testing.FakeCluster;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.MetadataRequest;
import io.brook.protocol.message.MetadataResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NetworkClientTest {

    private final FakeCluster cluster = FakeCluster.start(1);
    private NetworkClient network;

    @AfterEach
    void stop() {
        if (network != null) {
            network.close();
        }
        cluster.close();
    }

    private NetworkClient client(int maxInFlight, int maxResponseBytes) {
        network = new NetworkClient(new ClientSettings("test", Configs.parseBootstrap(cluster.bootstrap()), "t", 5_000,
                10, 100, 300_000, maxInFlight, maxResponseBytes, false));
        return network;
    }

    private InetSocketAddress broker() {
        return InetSocketAddress.createUnresolved("127.0.0.1", cluster.broker(0).port());
    }

    private CompletableFuture<MetadataResponse> metadata(long timeoutMs) {
        return network.call(broker(), ApiKey.METADATA, MetadataRequest.newBuilder().setAllTopics(true).build(),
                MetadataResponse.parser(), timeoutMs);
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
    void answersAreMatchedToTheirRequests() throws Exception {
        client(5, 1 << 20);
        cluster.createTopic("t", 1);

        CompletableFuture<MetadataResponse> a = metadata(5_000);
        CompletableFuture<MetadataResponse> b = metadata(5_000);

        assertThat(a.get(10, TimeUnit.SECONDS).getTopicsList()).hasSize(1);
        assertThat(b.get(10, TimeUnit.SECONDS).getBrokersList()).hasSize(1);
    }

    @Test
    void aRequestWithoutAnswerTimesOutAndTheConnectionIsReplaced() throws Exception {
        client(5, 1 << 20);
        cluster.broker(0).swallowNext(ApiKey.METADATA);

        assertThat(failure(metadata(100))).isInstanceOf(TimeoutException.class).hasMessageContaining("request.timeout.ms");
        assertThat(metadata(5_000).get(10, TimeUnit.SECONDS).getClusterId()).isEqualTo("fake-cluster");
    }

    @Test
    void aTimeoutFailsTheOtherOutstandingRequestsAsRetriable() {
        client(5, 1 << 20);
        cluster.broker(0).swallowNext(ApiKey.METADATA);
        cluster.broker(0).swallowNext(ApiKey.METADATA);

        CompletableFuture<MetadataResponse> first = metadata(200);
        CompletableFuture<MetadataResponse> second = metadata(60_000);

        assertThat(failure(first)).isInstanceOf(TimeoutException.class);
        Throwable e = failure(second);
        assertThat(e).isInstanceOf(ConnectionException.class);
        assertThat(((ConnectionException) e).isRetriable()).isTrue();
    }

    @Test
    void requestsBeyondTheInFlightLimitWaitTheirTurn() {
        client(1, 1 << 20);
        cluster.broker(0).swallowNext(ApiKey.METADATA);

        CompletableFuture<MetadataResponse> first = metadata(300);
        CompletableFuture<MetadataResponse> queued = metadata(60_000);

        assertThat(failure(first)).isInstanceOf(TimeoutException.class);
        assertThat(failure(queued)).isInstanceOf(ConnectionException.class);
        assertThat(cluster.broker(0).requestCount(ApiKey.METADATA)).isEqualTo(1);
    }

    @Test
    void aResponseLargerThanTheLimitFailsOnlyItsRequest() throws Exception {
        client(5, 200);
        for (int i = 0; i < 20; i++) {
            cluster.createTopic("topic-with-a-long-name-" + i, 1);
        }

        assertThat(failure(metadata(5_000))).isInstanceOf(BrokerErrorException.class).hasMessageContaining("exceeds");
        MetadataResponse small = network.call(broker(), ApiKey.METADATA, MetadataRequest.getDefaultInstance(),
                MetadataResponse.parser(), 5_000).get(10, TimeUnit.SECONDS);
        assertThat(small.getTopicsList()).isEmpty();
    }

    @Test
    void anUnreachableBrokerIsAConnectionError() throws IOException {
        client(5, 1 << 20);
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }

        Throwable e = failure(network.call(InetSocketAddress.createUnresolved("127.0.0.1", deadPort), ApiKey.METADATA,
                MetadataRequest.getDefaultInstance(), MetadataResponse.parser(), 5_000));

        assertThat(e).isInstanceOf(ConnectionException.class).hasMessageContaining("cannot connect to broker 127.0.0.1:" + deadPort)
                .hasMessageContaining("connection refused").hasMessageNotContaining("closed by the broker");
    }

    @Test
    void aHostNameThatDoesNotResolveIsNamedAndLaterRequestsSayTheSame() {
        // given a broker address whose host name does not resolve (.invalid never does)
        client(5, 1 << 20);
        InetSocketAddress nowhere = InetSocketAddress.createUnresolved("nosuchhost.invalid", 9192);

        // when two requests go there, one after the other
        Throwable first = failure(network.call(nowhere, ApiKey.METADATA, MetadataRequest.getDefaultInstance(),
                MetadataResponse.parser(), 5_000));
        Throwable second = failure(network.call(nowhere, ApiKey.METADATA, MetadataRequest.getDefaultInstance(),
                MetadataResponse.parser(), 5_000));

        // then both say why, not merely that a connection is closed
        for (Throwable e : new Throwable[] {first, second}) {
            assertThat(e).isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("the host name 'nosuchhost.invalid' does not resolve").hasMessageNotContaining("is closed");
        }
    }

    @Test
    void closeFailsOutstandingRequests() {
        client(5, 1 << 20);
        cluster.broker(0).swallowNext(ApiKey.METADATA);
        CompletableFuture<MetadataResponse> pending = metadata(60_000);
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS)
                .until(() -> cluster.broker(0).requestCount(ApiKey.METADATA) == 1);

        network.close();

        assertThat(failure(pending)).isInstanceOf(ConnectionException.class);
        assertThat(failure(metadata(1000))).isInstanceOf(ConnectionException.class).hasMessageContaining("closed");
    }

    @Test
    void aConnectionOpensWithApiVersionsOnce() throws Exception {
        client(5, 1 << 20);

        metadata(5_000).get(10, TimeUnit.SECONDS);
        metadata(5_000).get(10, TimeUnit.SECONDS);

        assertThat(cluster.broker(0).requestCount(ApiKey.API_VERSIONS)).isEqualTo(1);
    }

    @Test
    void anApiWithoutACommonVersionFailsWithoutBeingSent() {
        client(5, 1 << 20);
        cluster.broker(0).advertiseVersions(ApiKey.METADATA, 3, 5);

        assertThat(failure(metadata(5_000))).isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("upgrade the client");
        assertThat(cluster.broker(0).requestCount(ApiKey.METADATA)).isZero();
    }

    @Test
    void aRequestLargerThanTheBrokersFrameLimitFailsWithoutBeingSent() {
        client(5, 1 << 20);
        cluster.broker(0).advertiseMaxFrameBytes(100);
        MetadataRequest big = MetadataRequest.newBuilder().addTopics("t".repeat(200)).build();

        assertThat(failure(network.call(broker(), ApiKey.METADATA, big, MetadataResponse.parser(), 5_000)))
                .isInstanceOf(RecordTooLargeException.class).hasMessageContaining("max.frame.bytes");
        assertThat(cluster.broker(0).requestCount(ApiKey.METADATA)).isZero();
    }

    @Test
    void aBrokerRefusingApiVersionsFailsRequestsWithItsError() {
        client(5, 1 << 20);
        cluster.broker(0).frameErrorNext(ApiKey.API_VERSIONS, io.brook.protocol.message.ErrorCode.UNSUPPORTED_API);

        Throwable e = failure(metadata(5_000));

        assertThat(e).isInstanceOf(UnsupportedVersionException.class);
        assertThat(((UnsupportedVersionException) e).isRetriable()).isFalse();
    }

    @Test
    void aBrokerThatIsStartingFailsTheRequestWithItsRetriableErrorAndTheNextConnectionWorks() throws Exception {
        client(5, 1 << 20);
        cluster.broker(0).frameErrorNext(ApiKey.API_VERSIONS, io.brook.protocol.message.ErrorCode.BROKER_NOT_AVAILABLE);

        Throwable e = failure(metadata(5_000));

        assertThat(e).isInstanceOf(BrokerUnavailableException.class).hasMessageContaining("starting");
        assertThat(((BrokerUnavailableException) e).isRetriable()).isTrue();
        assertThat(((BrokerUnavailableException) e).errorCode())
                .isEqualTo(io.brook.protocol.message.ErrorCode.BROKER_NOT_AVAILABLE);
        assertThat(metadata(5_000).get(20, TimeUnit.SECONDS).getBrokersCount()).isEqualTo(1);
    }
}
