package io.brook.broker;

import io.brook.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.BrokerServer;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ApiVersionsRequest;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ErrorResponse;
import io.brook.protocol.message.MetadataRequest;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which listener serves which API: broker-to-broker APIs never reach their handler from the client
 * listener, client APIs are not served on the peer listener, and a peer listener that requires
 * authentication hands CONTROL and RAFT only to authenticated connections. A real {@link BrokerServer}
 * whose handlers count their calls, and raw connections.
 */
class ListenerSeparationTest {

    private final AtomicInteger handled = new AtomicInteger();
    /** Counts every call and answers with an empty ApiVersions response. */
    private final ApiHandler counting = (rc, frame) -> {
        handled.incrementAndGet();
        rc.respond(io.brook.protocol.message.ApiVersionsResponse.getDefaultInstance());
    };
    private final ApiHandler[] handlers = new ApiHandler[64];
    private BrokerServer server;

    private void start(boolean peerAuthRequired) {
        for (ApiKey k : ApiKey.values()) {
            handlers[k.id()] = counting;
        }
        server = new BrokerServer(new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0), 1, 1 << 20, handlers,
                peerAuthRequired ? ch -> false : null);
        server.state().started();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static ErrorResponse frameError(RawConnection.Response r) throws Exception {
        assertThat(r.errorCode()).as("frame-level error code").isNotZero();
        return ErrorResponse.parseFrom(r.message());
    }

    @Test
    void broker_to_broker_apis_sent_to_the_client_listener_never_reach_their_handler() throws Exception {
        start(false);
        try (RawConnection c = new RawConnection(server.localAddress().getPort())) {
            int corr = 1;
            for (ApiKey key : new ApiKey[] {ApiKey.CONTROL, ApiKey.RAFT, ApiKey.PEER_AUTH}) {
                // when
                c.send(RawConnection.request(key.id(), 0, corr, "outsider", new byte[0], new byte[0]));
                RawConnection.Response r = c.read();
                // then
                assertThat(r.correlationId()).isEqualTo(corr++);
                ErrorResponse e = frameError(r);
                assertThat(e.getErrorCode()).as("%s", key).isEqualTo(ErrorCode.WRONG_LISTENER);
                assertThat(e.getErrorMessage()).contains(key.name()).contains("peer listener");
            }
            // and the client APIs are still served on that connection
            c.send(RawConnection.request(ApiKey.API_VERSIONS.id(), 9, ApiVersionsRequest.getDefaultInstance(), new byte[0]));
            assertThat(c.read().errorCode()).isZero();
        }
        assertThat(handled).as("handler calls: only ApiVersions").hasValue(1);
    }

    @Test
    void client_apis_are_not_served_on_the_peer_listener() throws Exception {
        start(false);
        try (RawConnection c = new RawConnection(server.peerAddress().getPort())) {
            c.send(RawConnection.request(ApiKey.METADATA.id(), 1, MetadataRequest.getDefaultInstance(), new byte[0]));
            ErrorResponse e = frameError(c.read());
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.WRONG_LISTENER);
            assertThat(e.getErrorMessage()).contains("client listener");
            // broker-to-broker APIs and ApiVersions are
            c.send(RawConnection.request(ApiKey.CONTROL.id(), 0, 2, "peer", new byte[0], new byte[0]));
            assertThat(c.read().errorCode()).isZero();
            c.send(RawConnection.request(ApiKey.API_VERSIONS.id(), 3, ApiVersionsRequest.getDefaultInstance(), new byte[0]));
            assertThat(c.read().errorCode()).isZero();
        }
        assertThat(handled).hasValue(2);
    }

    @Test
    void a_bad_frame_on_the_peer_listener_is_answered_and_closes_the_connection() throws Exception {
        // a broker's frame cut short: the next frame's bytes are read as its rest, the framing is lost
        start(false);
        try (RawConnection c = new RawConnection(server.peerAddress().getPort())) {
            // when
            // only the head of a frame whose length prefix says 2 MiB: the broker has read every byte sent
            // when it closes, so the close is a clean one (unread bytes would make it a reset)
            byte[] frame = RawConnection.request(ApiKey.RAFT.id(), 0, 6, "peer", new byte[0], new byte[2 << 20]);
            c.send(java.util.Arrays.copyOf(frame, 64));
            // then
            assertThat(frameError(c.read()).getErrorCode()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
            assertThat(c.closedByPeer()).as("not skipped: the peer reconnects instead").isTrue();
        }
        assertThat(handled).hasValue(0);
        // while the client listener skips an oversized frame and goes on
        try (RawConnection c = new RawConnection(server.localAddress().getPort())) {
            c.send(RawConnection.request(ApiKey.PRODUCE.id(), 0, 7, "client", new byte[0], new byte[2 << 20]));
            assertThat(frameError(c.read()).getErrorCode()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
            c.send(RawConnection.request(ApiKey.API_VERSIONS.id(), 8, ApiVersionsRequest.getDefaultInstance(), new byte[0]));
            assertThat(c.read().errorCode()).isZero();
        }
    }

    @Test
    void an_unauthenticated_peer_connection_gets_its_control_refused_and_is_closed() throws Exception {
        start(true);
        try (RawConnection c = new RawConnection(server.peerAddress().getPort())) {
            // when
            c.send(RawConnection.request(ApiKey.RAFT.id(), 0, 4, "outsider", new byte[0], new byte[0]));
            // then
            ErrorResponse e = frameError(c.read());
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.PEER_AUTHENTICATION_FAILED);
            assertThat(c.closedByPeer()).isTrue();
        }
        try (RawConnection c = new RawConnection(server.peerAddress().getPort())) {
            // PEER_AUTH itself is what an unauthenticated connection may send
            c.send(RawConnection.request(ApiKey.PEER_AUTH.id(), 0, 5, "peer", new byte[0], new byte[0]));
            assertThat(c.read().errorCode()).isZero();
        }
        assertThat(handled).as("only PEER_AUTH reached a handler").hasValue(1);
    }

    @Test
    void with_client_authentication_required_only_api_versions_and_sasl_reach_a_handler_before_it() throws Exception {
        // given
        start(false);
        server.state().requireClientAuthentication();
        try (RawConnection c = new RawConnection(server.localAddress().getPort())) {
            int corr = 1;
            for (ApiKey key : new ApiKey[] {ApiKey.API_VERSIONS, ApiKey.SASL_HANDSHAKE, ApiKey.SASL_AUTHENTICATE}) {
                c.send(RawConnection.request(key.id(), 0, corr++, "client", new byte[0], new byte[0]));
                assertThat(c.read().errorCode()).as("%s", key).isZero();
            }

            // when
            c.send(RawConnection.request(ApiKey.DESCRIBE_USERS.id(), 0, corr, "client", new byte[0], new byte[0]));

            // then
            ErrorResponse e = frameError(c.read());
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.ILLEGAL_SASL_STATE);
            assertThat(c.closedByPeer()).isTrue();
        }
        assertThat(handled).as("the three APIs allowed before authentication").hasValue(3);
    }
}
