package io.brook.broker;

import io.brook.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.BrokerServer;
import io.brook.protocol.ApiKey;
import io.brook.protocol.Errors;
import io.brook.protocol.message.ApiVersionsRequest;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ErrorResponse;
import io.brook.protocol.message.MetadataRequest;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a request gets while the broker starts: its listener answers before the handlers of the
 * client APIs exist (Broker installs them once the control plane runs), so those requests must get
 * a retriable error, never the final UNSUPPORTED_API; broker-to-broker APIs are served as soon as
 * their handler is there. A real {@link BrokerServer} whose handler table the test fills in step by
 * step, as {@link Broker} does, and a raw connection; no timing involved.
 */
class StartOrderTest {

    /** Answers every request with an empty ApiVersions response, whatever its API. */
    private static final ApiHandler ECHO = (rc, frame) -> rc.respond(io.brook.protocol.message.ApiVersionsResponse.getDefaultInstance());

    private final ApiHandler[] handlers = new ApiHandler[64];
    private BrokerServer server;

    @BeforeEach
    void listenWithTheControlHandlerOnly() {
        handlers[ApiKey.CONTROL.id()] = ECHO;
        server = new BrokerServer(new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0), 1, 1 << 20, handlers, null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RawConnection connect() throws Exception {
        return new RawConnection(server.localAddress().getPort());
    }

    private RawConnection connectPeer() throws Exception {
        return new RawConnection(server.peerAddress().getPort());
    }

    private static ErrorResponse frameError(RawConnection.Response r) throws Exception {
        assertThat(r.errorCode()).as("frame-level error code").isNotZero();
        return ErrorResponse.parseFrom(r.message());
    }

    private static byte[] apiVersions(int correlationId) {
        return RawConnection.request(ApiKey.API_VERSIONS.id(), correlationId, ApiVersionsRequest.getDefaultInstance(), new byte[0]);
    }

    @Test
    void a_client_request_before_the_handlers_exist_gets_a_retriable_broker_not_available() throws Exception {
        try (RawConnection c = connect()) {
            // when a client opens its connection as every client does, with ApiVersions, and then asks for metadata
            c.send(apiVersions(1));
            RawConnection.Response first = c.read();
            c.send(RawConnection.request(ApiKey.METADATA.id(), 2, MetadataRequest.getDefaultInstance(), new byte[0]));
            RawConnection.Response second = c.read();
            // then both are told to retry
            for (RawConnection.Response r : new RawConnection.Response[] {first, second}) {
                ErrorResponse e = frameError(r);
                assertThat(e.getErrorCode()).isEqualTo(ErrorCode.BROKER_NOT_AVAILABLE);
                assertThat(Errors.isRetriable(e.getErrorCode())).isTrue();
                assertThat(e.getErrorMessage()).contains("starting");
            }
            assertThat(first.correlationId()).isEqualTo(1);
            assertThat(second.correlationId()).isEqualTo(2);
        }
    }

    @Test
    void a_client_api_whose_handler_is_installed_still_waits_for_the_start_to_finish() throws Exception {
        // given
        handlers[ApiKey.API_VERSIONS.id()] = ECHO;
        try (RawConnection c = connect()) {
            // when
            c.send(apiVersions(1));
            // then
            assertThat(frameError(c.read()).getErrorCode()).isEqualTo(ErrorCode.BROKER_NOT_AVAILABLE);
        }
    }

    @Test
    void control_is_served_while_the_broker_starts() throws Exception {
        try (RawConnection c = connectPeer()) {
            // when
            c.send(RawConnection.request(ApiKey.CONTROL.id(), 0, 5, "peer", new byte[0], new byte[0]));
            RawConnection.Response r = c.read();
            // then
            assertThat(r.correlationId()).isEqualTo(5);
            assertThat(r.errorCode()).isZero();
        }
    }

    @Test
    void raft_is_served_once_its_handler_is_installed_even_while_starting() throws Exception {
        try (RawConnection c = connectPeer()) {
            // given: before its handler exists a RAFT message gets no answer (it is one-way)
            c.send(RawConnection.request(ApiKey.RAFT.id(), 0, 6, "peer", new byte[0], new byte[0]));
            c.send(apiVersions(7));
            assertThat(c.read().correlationId()).isEqualTo(7);
            // when its handler is installed
            handlers[ApiKey.RAFT.id()] = ECHO;
            c.send(RawConnection.request(ApiKey.RAFT.id(), 0, 8, "peer", new byte[0], new byte[0]));
            // then it is served, start or not
            RawConnection.Response r = c.read();
            assertThat(r.correlationId()).isEqualTo(8);
            assertThat(r.errorCode()).isZero();
        }
    }

    @Test
    void once_started_every_installed_api_is_served_and_a_missing_one_is_unsupported() throws Exception {
        // given
        handlers[ApiKey.API_VERSIONS.id()] = ECHO;
        server.state().started();
        try (RawConnection c = connect()) {
            // when / then
            c.send(apiVersions(1));
            assertThat(c.read().errorCode()).isZero();
            c.send(RawConnection.request(ApiKey.METADATA.id(), 2, MetadataRequest.getDefaultInstance(), new byte[0]));
            assertThat(frameError(c.read()).getErrorCode()).isEqualTo(ErrorCode.UNSUPPORTED_API);
        }
    }

    @Test
    void an_api_key_no_broker_knows_is_unsupported_even_while_starting() throws Exception {
        try (RawConnection c = connect()) {
            // when
            c.send(RawConnection.request(999, 0, 3, "x", new byte[0], new byte[0]));
            // then
            ErrorResponse e = frameError(c.read());
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.UNSUPPORTED_API);
            assertThat(e.getErrorMessage()).contains("unknown API key 999");
        }
    }
}
