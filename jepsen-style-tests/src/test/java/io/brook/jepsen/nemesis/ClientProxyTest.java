package io.brook.jepsen.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ProducePartitionResult;
import io.brook.protocol.message.ProduceResponse;
import io.brook.protocol.message.ProduceTopicResult;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client proxy forwards requests byte for byte and responses frame by frame, and loses exactly
 * the armed produce acknowledgement. A scripted broker answers the client's request with a fixed
 * series of response frames.
 */
class ClientProxyTest {

    private ServerSocket broker;
    private ClientProxy proxy;
    private Socket client;

    @BeforeEach
    void start() throws Exception {
        broker = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        proxy = new ClientProxy("test", (InetSocketAddress) broker.getLocalSocketAddress());
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        proxy.close();
        broker.close();
    }

    /** A response frame: length, correlation id, API key, version 0, frame error 0, message. */
    private static byte[] frame(int correlationId, ApiKey api, byte[] message) {
        ByteBuffer b = ByteBuffer.allocate(4 + 14 + message.length);
        b.putInt(14 + message.length).putInt(correlationId).putShort(api.id()).putShort((short) 0).putShort((short) 0)
                .putInt(message.length).put(message);
        return b.array();
    }

    private static byte[] produceResponse(ErrorCode error, long baseOffset) {
        return ProduceResponse.newBuilder().addTopics(ProduceTopicResult.newBuilder().setName("t")
                .addPartitions(ProducePartitionResult.newBuilder().setPartition(0).setErrorCode(error).setBaseOffset(baseOffset)))
                .build().toByteArray();
    }

    /** What went through the proxy: the request as the broker got it, the correlation ids of the responses the client got. */
    private record Exchange(byte[] request, List<Integer> correlationIds) {}

    /**
     * The client sends {@code request} through the proxy; the broker reads it and answers with
     * {@code responses}, then closes.
     */
    private Exchange exchange(byte[] request, byte[]... responses) throws Exception {
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
            try (Socket s = broker.accept()) {
                byte[] got = new DataInputStream(s.getInputStream()).readNBytes(request.length);
                for (byte[] r : responses) {
                    s.getOutputStream().write(r);
                }
                return got;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        client = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        client.setSoTimeout(10_000);
        client.getOutputStream().write(request);
        DataInputStream in = new DataInputStream(client.getInputStream());
        List<Integer> correlationIds = new ArrayList<>();
        byte[] lengthField = new byte[4];
        while (in.readNBytes(lengthField, 0, 4) == 4) {
            byte[] body = in.readNBytes(ByteBuffer.wrap(lengthField).getInt());
            correlationIds.add(ByteBuffer.wrap(body).getInt());
        }
        return new Exchange(received.get(10, TimeUnit.SECONDS), correlationIds);
    }

    @Test
    void requests_and_responses_pass_unchanged_when_nothing_is_armed() throws Exception {
        // given
        byte[] request = {0, 0, 0, 3, 1, 2, 3};
        // when
        Exchange result = exchange(request, frame(1, ApiKey.FETCH, new byte[10]),
                frame(2, ApiKey.PRODUCE, produceResponse(ErrorCode.NONE, 41)));
        // then
        assertThat(result.request()).isEqualTo(request);
        assertThat(result.correlationIds()).containsExactly(1, 2);
    }

    @Test
    void the_armed_loss_takes_the_first_produce_response_that_acknowledged_everything() throws Exception {
        // given
        CompletableFuture<String> lost = proxy.loseNextProduceAck();
        // when: a fetch response, a produce error, then two acknowledgements
        Exchange result = exchange(new byte[] {7}, frame(1, ApiKey.FETCH, new byte[3]),
                frame(2, ApiKey.PRODUCE, produceResponse(ErrorCode.NOT_LEADER, -1)),
                frame(3, ApiKey.PRODUCE, produceResponse(ErrorCode.NONE, 41)),
                frame(4, ApiKey.PRODUCE, produceResponse(ErrorCode.NONE, 42)));
        // then
        assertThat(result.correlationIds()).containsExactly(1, 2, 4);
        assertThat(lost.get(10, TimeUnit.SECONDS)).contains("produce request 3").endsWith("acknowledged t-0@41");
    }

    @Test
    void a_cut_client_reaches_the_broker_no_more_while_other_clients_do() throws Exception {
        // given: client "victim" has a connection through the proxy, and its first request passed
        byte[] first = RequestFramesTest.request("victim", 2);
        CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                return broker.accept();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        client = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        client.getOutputStream().write(first);
        Socket brokerSide = accepted.get(10, TimeUnit.SECONDS);
        brokerSide.setSoTimeout(10_000);
        assertThat(new DataInputStream(brokerSide.getInputStream()).readNBytes(first.length)).isEqualTo(first);
        // when
        proxy.cut("victim");
        // then: its connection is closed at the broker's side, and a new connection of it passes nothing
        assertThat(brokerSide.getInputStream().read()).isEqualTo(-1);
        try (Socket again = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            again.getOutputStream().write(RequestFramesTest.request("victim", 2));
            Socket second = broker.accept();
            second.setSoTimeout(10_000);
            assertThat(second.getInputStream().read()).isEqualTo(-1);
            second.close();
        }
        byte[] other = RequestFramesTest.request("bystander", 2);
        assertThat(exchange(other).request()).isEqualTo(other);
        brokerSide.close();
    }

    @Test
    void a_disarmed_loss_loses_nothing() throws Exception {
        // given
        CompletableFuture<String> lost = proxy.loseNextProduceAck();
        proxy.disarm();
        // when
        Exchange result = exchange(new byte[] {7}, frame(3, ApiKey.PRODUCE, produceResponse(ErrorCode.NONE, 41)));
        // then
        assertThat(result.correlationIds()).containsExactly(3);
        assertThat(lost).isCancelled();
    }
}
