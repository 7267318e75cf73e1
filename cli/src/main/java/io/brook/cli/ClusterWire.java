package io.brook.cli;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ApiVersionsRequest;
import io.brook.protocol.message.ApiVersionsResponse;
import io.brook.protocol.message.DescribeTopicsRequest;
import io.brook.protocol.message.DescribeTopicsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.MetadataRequest;
import io.brook.protocol.message.MetadataResponse;
import io.brook.client.ClientSecurity;
import io.brook.client.internal.ClientSettings;
import io.brook.client.internal.network.NetworkClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Blocking requests to named brokers. {@code cluster up} and {@code cluster status} need to know what
 * each broker says for itself (is it up, which replicas' progress does it report as leader); the
 * {@link io.brook.client.Admin} client picks brokers on its own and does not expose replica progress,
 * so these few requests go through the client's {@link NetworkClient} to the broker named, with the
 * command's TLS and SASL settings (a secured cluster answers nothing before them).
 *
 * <p>Not thread-safe; close it to close its connections.
 */
final class ClusterWire implements AutoCloseable {

    private static final String CLIENT_ID = "brook-cli-cluster";
    /** Status answers are small; a larger length means the bytes are not a Brook response. */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private final NetworkClient client;
    private final int timeoutMs;

    /** Connections with {@code security}; every request waits at most {@code timeoutMs}. */
    ClusterWire(ClientSecurity security, int timeoutMs) {
        this.timeoutMs = timeoutMs;
        this.client = new NetworkClient(new ClientSettings("admin", List.of(), CLIENT_ID, timeoutMs, 100, 1_000, 300_000, 1,
                MAX_RESPONSE_BYTES, false, security));
    }

    /** Who the broker is (its id and cluster id); also the cheapest way to see that it answers. */
    ApiVersionsResponse apiVersions(String host, int port) throws IOException {
        ApiVersionsResponse r = call(host, port, ApiKey.API_VERSIONS,
                ApiVersionsRequest.newBuilder().setClientSoftware(CLIENT_ID).build(), ApiVersionsResponse.parser());
        check(r.getErrorCode(), r.getErrorMessage());
        return r;
    }

    /** The broker's view of the cluster: brokers and controller (no topics). */
    MetadataResponse metadata(String host, int port) throws IOException {
        MetadataResponse r = call(host, port, ApiKey.METADATA, MetadataRequest.getDefaultInstance(), MetadataResponse.parser());
        check(r.getErrorCode(), r.getErrorMessage());
        return r;
    }

    /** Every topic with offsets as this broker sees them; replica progress for partitions it leads. */
    DescribeTopicsResponse describeAllTopics(String host, int port) throws IOException {
        DescribeTopicsResponse r = call(host, port, ApiKey.DESCRIBE_TOPICS,
                DescribeTopicsRequest.newBuilder().setIncludeOffsets(true).build(), DescribeTopicsResponse.parser());
        check(r.getErrorCode(), r.getErrorMessage());
        return r;
    }

    private static void check(ErrorCode code, String message) throws IOException {
        if (code != ErrorCode.NONE) {
            throw new IOException(code + (message.isEmpty() ? "" : ": " + message));
        }
    }

    /** One request; every failure (refused, unreachable, timed out, not authenticated) as an IOException. */
    private <T extends MessageLite> T call(String host, int port, ApiKey api, MessageLite request, Parser<T> parser)
            throws IOException {
        CompletableFuture<T> response = client.call(InetSocketAddress.createUnresolved(host, port), api, request, parser, timeoutMs);
        try {
            // the request times out on its own after timeoutMs; the margin covers connecting and authenticating
            return response.get(2L * timeoutMs + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException(ErrorHandler.message(cause), cause);
        } catch (java.util.concurrent.TimeoutException e) {
            response.cancel(false);
            throw new IOException("no answer from " + host + ":" + port + " within " + timeoutMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + host + ":" + port, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
