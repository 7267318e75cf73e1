package io.brook.testsupport;

import com.google.protobuf.MessageLite;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLSocket;

/**
 * A plain blocking socket (or a TLS one, {@link #overTls}) speaking Brook frames byte by byte, so tests
 * can send anything at all, including malformed frames. Response reading follows the response layout in FrameLayout.
 */
public final class RawConnection implements AutoCloseable {

    /** A decoded response frame. */
    public record Response(int correlationId, short apiKey, short apiVersion, short errorCode, byte[] message, byte[] payload) {}

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public RawConnection(int port) throws IOException {
        this(connect(new Socket(), port));
    }

    private RawConnection(Socket connected) throws IOException {
        socket = connected;
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Connects {@code socket} (plain, or an {@link SSLSocket} not yet connected) to 127.0.0.1:port with the tests' timeouts. */
    public static Socket connect(Socket socket, int port) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Frames over an already connected socket, e.g. an {@link SSLSocket} after its handshake. */
    public static RawConnection over(Socket connected) throws IOException {
        return new RawConnection(connected);
    }

    /** The certificate the server presented (TLS connections only). */
    public X509Certificate serverCertificate() throws IOException {
        return (X509Certificate) ((SSLSocket) socket).getSession().getPeerCertificates()[0];
    }

    public static byte[] request(int apiKey, int version, int correlationId, String clientId, byte[] message, byte[] payload) {
        byte[] id = clientId == null ? new byte[0] : clientId.getBytes(StandardCharsets.UTF_8);
        int length = 2 + 2 + 4 + 2 + id.length + 4 + message.length + payload.length;
        ByteBuffer b = ByteBuffer.allocate(4 + length);
        b.putInt(length).putShort((short) apiKey).putShort((short) version).putInt(correlationId);
        b.putShort((short) (clientId == null ? -1 : id.length)).put(id);
        b.putInt(message.length).put(message).put(payload);
        return b.array();
    }

    public static byte[] request(int apiKey, int correlationId, MessageLite message, byte[] payload) {
        return request(apiKey, 0, correlationId, "raw-test", message.toByteArray(), payload);
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public Response read() throws IOException {
        int length = in.readInt();
        byte[] body = new byte[length];
        in.readFully(body);
        ByteBuffer b = ByteBuffer.wrap(body);
        int corr = b.getInt();
        short key = b.getShort();
        short version = b.getShort();
        short error = b.getShort();
        int m = b.getInt();
        byte[] message = new byte[m];
        b.get(message);
        byte[] payload = new byte[b.remaining()];
        b.get(payload);
        return new Response(corr, key, version, error, message, payload);
    }

    /**
     * True when the broker closed the connection (reads end of stream, or the connection was reset);
     * false when a byte arrives or nothing does within the read timeout (the connection is open).
     */
    public boolean closedByPeer() {
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
