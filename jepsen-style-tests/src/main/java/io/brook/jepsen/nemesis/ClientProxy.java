package io.brook.jepsen.nemesis;

import com.google.protobuf.InvalidProtocolBufferException;
import io.brook.protocol.ApiKey;
import io.brook.protocol.frame.FrameLayout;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ProducePartitionResult;
import io.brook.protocol.message.ProduceResponse;
import io.brook.protocol.message.ProduceTopicResult;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The path from clients to one broker: a TCP forwarder on 127.0.0.1 that the broker advertises to
 * clients in place of its own port ({@code advertised.listener}), so that client connections after
 * the bootstrap go through it. It knows where Brook's response frames begin and end ({@link
 * FrameLayout}), so that it can lose one response while its connection and every other response
 * carry on: what a client sees when the broker appended a batch and the network lost the answer.
 * Requests pass byte for byte, as they come; the proxy follows their frames ({@link RequestFrames}) to
 * learn each connection's client id, so that it can {@link #cut} every connection of one client: what
 * the network of a killed client process looks like.
 *
 * <p>Threads: one accepts connections; each connection has one thread copying requests towards the
 * broker and one copying responses, frame by frame, towards the client. When either side closes, both
 * do. Arming and disarming are thread-safe.
 */
public final class ClientProxy implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final String name;
    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    /** Each open connection's client-side socket → its broker-side socket and request frames. */
    private final Map<Socket, Connection> connections = new ConcurrentHashMap<>();
    /** Client ids whose connections are cut for good. */
    private final Set<String> cut = ConcurrentHashMap.newKeySet();
    private final AtomicReference<CompletableFuture<String>> loseNextProduceAck = new AtomicReference<>();
    private volatile boolean closed;

    /** Listens on an ephemeral port of 127.0.0.1 and forwards each connection to {@code target}. */
    public ClientProxy(String name, InetSocketAddress target) {
        this.name = name;
        this.target = target;
        try {
            server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the client proxy " + name, e);
        }
        acceptor = new Thread(this::acceptLoop, "brook-jepsen-client-proxy-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port clients connect to (127.0.0.1). */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * Loses the next response to a produce request that acknowledged every batch it answers (no error,
     * no duplicate): the broker has appended them, and the client never learns it. The future completes
     * with a description of what was lost once it happened; a second call before then replaces the
     * first, whose future is cancelled.
     */
    public CompletableFuture<String> loseNextProduceAck() {
        CompletableFuture<String> lost = new CompletableFuture<>();
        CompletableFuture<String> previous = loseNextProduceAck.getAndSet(lost);
        if (previous != null) {
            previous.cancel(false);
        }
        return lost;
    }

    /** Cancels an armed {@link #loseNextProduceAck()} that has not happened yet. */
    public void disarm() {
        CompletableFuture<String> previous = loseNextProduceAck.getAndSet(null);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    /** A connection through the proxy. */
    private record Connection(Socket client, Socket broker, RequestFrames frames) {

        boolean of(Set<String> clientIds) {
            String id = frames.clientId();
            return id != null && clientIds.contains(id);
        }
    }

    /**
     * Cuts every connection of the client whose requests carry {@code clientId}, now and from now on:
     * open ones are closed at once (a request the client has not finished sending never reaches the
     * broker, and no response reaches the client), and a later connection is closed before the first
     * request of that client passes. Nothing the client sends after this returns arrives.
     */
    public void cut(String clientId) {
        cut.add(clientId);
        for (Connection c : connections.values()) {
            if (c.of(cut)) {
                closeQuietly(c.client(), c.broker());
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("client proxy " + name + ": accept failed: " + e);
                }
                return;
            }
            Socket broker = new Socket();
            try {
                broker.connect(target, CONNECT_TIMEOUT_MS);
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
            } catch (IOException e) {
                // the broker is down: the client sees its connection closed, as it would without the proxy
                closeQuietly(client, broker);
                continue;
            }
            sockets.add(client);
            sockets.add(broker);
            Connection connection = new Connection(client, broker, new RequestFrames());
            connections.put(client, connection);
            start("requests", () -> copyRequests(connection), client, broker);
            start("responses", () -> copyResponses(connection), client, broker);
            if (closed) {
                closeQuietly(client, broker);
            }
        }
    }

    /** An I/O loop on its own thread; whatever ends it closes both sockets. */
    private void start(String what, IoLoop loop, Socket client, Socket broker) {
        Thread t = new Thread(() -> {
            try {
                loop.run();
            } catch (IOException | RuntimeException e) {
                // a closed socket or a malformed frame: the connection ends
            } finally {
                closeQuietly(client, broker);
                sockets.remove(client);
                sockets.remove(broker);
                connections.remove(client);
            }
        }, "brook-jepsen-client-proxy-" + name + "-" + what);
        t.setDaemon(true);
        t.start();
    }

    @FunctionalInterface
    private interface IoLoop {
        void run() throws IOException;
    }

    /** Copies requests as they come, checking before each chunk passes that its client is not cut. */
    private void copyRequests(Connection c) throws IOException {
        InputStream in = c.client().getInputStream();
        OutputStream out = c.broker().getOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            c.frames().feed(buffer, 0, n);
            if (c.of(cut)) {
                throw new IOException("client " + c.frames().clientId() + " is cut");
            }
            out.write(buffer, 0, n);
        }
    }

    private void copyResponses(Connection c) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(c.broker().getInputStream(), 64 * 1024));
        OutputStream out = c.client().getOutputStream();
        while (true) {
            int length = in.readInt();
            if (length < FrameLayout.RESPONSE_HEADER) {
                throw new IOException("response frame of " + length + " bytes from " + target);
            }
            byte[] frame = new byte[FrameLayout.LENGTH_FIELD + length];
            ByteBuffer.wrap(frame).putInt(length);
            in.readFully(frame, FrameLayout.LENGTH_FIELD, length);
            if (c.of(cut)) {
                throw new IOException("client " + c.frames().clientId() + " is cut");
            }
            if (!lose(frame)) {
                out.write(frame);
            }
        }
    }

    /** Whether to lose this response frame (length field included): the armed loss takes it. */
    private boolean lose(byte[] frame) {
        CompletableFuture<String> armed = loseNextProduceAck.get();
        if (armed == null) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(frame);
        int correlationId = b.getInt(4);
        short apiKey = b.getShort(8);
        short frameError = b.getShort(12);
        int messageLength = b.getInt(14);
        if (apiKey != ApiKey.PRODUCE.id() || frameError != 0) {
            return false;
        }
        List<String> acknowledged;
        try {
            acknowledged = acknowledged(ProduceResponse.parser().parseFrom(frame,
                    FrameLayout.LENGTH_FIELD + FrameLayout.RESPONSE_HEADER, messageLength));
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
        if (acknowledged.isEmpty() || !loseNextProduceAck.compareAndSet(armed, null)) {
            return false;
        }
        armed.complete("lost the response to produce request " + correlationId + " of a client of " + name
                + ", which acknowledged " + String.join(", ", acknowledged));
        return true;
    }

    /** The batches a produce response acknowledged ({@code topic-partition@base offset}), or none unless it acknowledged all. */
    private static List<String> acknowledged(ProduceResponse response) {
        List<String> out = new ArrayList<>();
        if (response.getErrorCode() != ErrorCode.NONE) {
            return List.of();
        }
        for (ProduceTopicResult t : response.getTopicsList()) {
            for (ProducePartitionResult p : t.getPartitionsList()) {
                if (p.getErrorCode() != ErrorCode.NONE || p.getDuplicate() || p.getBaseOffset() < 0) {
                    return List.of();
                }
                out.add(t.getName() + "-" + p.getPartition() + "@" + p.getBaseOffset());
            }
        }
        return out;
    }

    private static void closeQuietly(Socket... all) {
        for (Socket s : all) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Stops accepting, closes every connection and waits for the accepting thread. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        disarm();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        closeQuietly(sockets.toArray(new Socket[0]));
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "client proxy " + name + " (:" + port() + " -> " + target.getPort() + ")";
    }
}
