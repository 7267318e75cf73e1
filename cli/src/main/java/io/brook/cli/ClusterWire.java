package io.brook.cli;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ApiVersionsRequest;
import io.brook.protocol.message.ApiVersionsResponse;
import io.brook.protocol.message.DescribeTopicsRequest;
import io.brook.protocol.message.DescribeTopicsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ErrorResponse;
import io.brook.protocol.message.MetadataRequest;
import io.brook.protocol.message.MetadataResponse;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One blocking request to one named broker, in the frame layout of
 * {@link io.brook.protocol.frame.FrameLayout}. {@code cluster up} and {@code cluster status} need to
 * know what each broker says for itself (is it up, which replicas' progress does it report as
 * leader); the {@link io.brook.client.Admin} client picks brokers on its own and does not expose
 * replica progress, so these few requests bypass it.
 *
 * <p>Not thread-safe; a new connection per request (status and start-up checks are rare).
 */
final class ClusterWire {

    private static final String CLIENT_ID = "brook-cli-cluster";
    /** Status answers are small; a larger length means the bytes are not a Brook response. */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private ClusterWire() {}

    /** Who the broker is (its id and cluster id); also the cheapest way to see that it answers. */
    static ApiVersionsResponse apiVersions(String host, int port, int timeoutMs) throws IOException {
        ApiVersionsResponse r = call(host, port, timeoutMs, ApiKey.API_VERSIONS,
                ApiVersionsRequest.newBuilder().setClientSoftware(CLIENT_ID).build(), ApiVersionsResponse.parser());
        check(r.getErrorCode(), r.getErrorMessage());
        return r;
    }

    /** The broker's view of the cluster: brokers and controller (no topics). */
    static MetadataResponse metadata(String host, int port, int timeoutMs) throws IOException {
        MetadataResponse r = call(host, port, timeoutMs, ApiKey.METADATA, MetadataRequest.getDefaultInstance(),
                MetadataResponse.parser());
        check(r.getErrorCode(), r.getErrorMessage());
        return r;
    }

    /** Every topic with offsets as this broker sees them; replica progress for partitions it leads. */
    static DescribeTopicsResponse describeAllTopics(String host, int port, int timeoutMs) throws IOException {
        DescribeTopicsResponse r = call(host, port, timeoutMs, ApiKey.DESCRIBE_TOPICS,
                DescribeTopicsRequest.newBuilder().setIncludeOffsets(true).build(), DescribeTopicsResponse.parser());
        check(r.getErrorCode(), r.getErrorMessage());
        return r;
    }

    private static void check(ErrorCode code, String message) throws IOException {
        if (code != ErrorCode.NONE) {
            throw new IOException(code + (message.isEmpty() ? "" : ": " + message));
        }
    }

    private static <T extends MessageLite> T call(String host, int port, int timeoutMs, ApiKey api, MessageLite request,
                                                  Parser<T> parser) throws IOException {
        byte[] clientId = CLIENT_ID.getBytes(StandardCharsets.UTF_8);
        byte[] message = request.toByteArray();
        int correlationId = 1;
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            out.writeInt(2 + 2 + 4 + 2 + clientId.length + 4 + message.length);
            out.writeShort(api.id());
            out.writeShort(api.maxVersion());
            out.writeInt(correlationId);
            out.writeShort(clientId.length);
            out.write(clientId);
            out.writeInt(message.length);
            out.write(message);
            out.flush();

            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            int length = in.readInt();
            if (length < 14 || length > MAX_RESPONSE_BYTES) {
                throw new IOException("bad response frame length " + length + " from " + host + ":" + port);
            }
            int echoed = in.readInt();
            in.readShort(); // api key
            in.readShort(); // api version
            short frameError = in.readShort();
            int messageLength = in.readInt();
            if (echoed != correlationId || messageLength < 0 || messageLength > length - 14) {
                throw new IOException("malformed response frame from " + host + ":" + port);
            }
            byte[] body = in.readNBytes(messageLength);
            if (body.length != messageLength) {
                throw new IOException("connection to " + host + ":" + port + " closed mid-response");
            }
            if (frameError != 0) {
                ErrorResponse e = ErrorResponse.parseFrom(body);
                throw new IOException(e.getErrorCode() + (e.getErrorMessage().isEmpty() ? "" : ": " + e.getErrorMessage()));
            }
            return parser.parseFrom(body);
        }
    }
}
