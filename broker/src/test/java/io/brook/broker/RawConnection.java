package io.brook.broker;

import com.google.protobuf.MessageLite;
import io.brook.protocol.security.tls.SslContexts;
import io.brook.protocol.security.tls.TlsOptions;
import io.netty.handler.ssl.JdkSslContext;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A plain blocking socket (or a TLS one, {@link #overTls}) speaking Brook frames byte by byte, so tests
 * can send anything at all, including malformed frames. Response reading follows the response layout in FrameLayout.
 */
final class RawConnection implements AutoCloseable {

    /** A decoded response frame. */
    record Response(int correlationId, short apiKey, short apiVersion, short errorCode, byte[] message, byte[] payload) {}

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawConnection(int port) throws IOException {
        this(connect(new Socket(), port));
    }

    private RawConnection(Socket connected) throws IOException {
        socket = connected;
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    private static Socket connect(Socket socket, int port) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /**
     * A connection over TLS with the JDK's provider, trusting and presenting what {@code options} say
     * (host names are not verified: this is a test's raw client). Returns once this side finished the
     * handshake; under TLS 1.3 the broker may still refuse the client's certificate afterwards, which
     * the next read then shows.
     */
    static RawConnection overTls(int port, TlsOptions options) throws IOException {
        SSLContext context = ((JdkSslContext) SslContexts.forClient(options.withPreferOpenSsl(false))).context();
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket();
        connect(tls, port);
        tls.startHandshake();
        return new RawConnection(tls);
    }

    /** The certificate the server presented (TLS connections only). */
    X509Certificate serverCertificate() throws IOException {
        return (X509Certificate) ((SSLSocket) socket).getSession().getPeerCertificates()[0];
    }

    static byte[] request(int apiKey, int version, int correlationId, String clientId, byte[] message, byte[] payload) {
        byte[] id = clientId == null ? new byte[0] : clientId.getBytes(StandardCharsets.UTF_8);
        int length = 2 + 2 + 4 + 2 + id.length + 4 + message.length + payload.length;
        ByteBuffer b = ByteBuffer.allocate(4 + length);
        b.putInt(length).putShort((short) apiKey).putShort((short) version).putInt(correlationId);
        b.putShort((short) (clientId == null ? -1 : id.length)).put(id);
        b.putInt(message.length).put(message).put(payload);
        return b.array();
    }

    static byte[] request(int apiKey, int correlationId, MessageLite message, byte[] payload) {
        return request(apiKey, 0, correlationId, "raw-test", message.toByteArray(), payload);
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    Response read() throws IOException {
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

    /** True when the broker closed the connection (reads end of stream). */
    boolean closedByPeer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
