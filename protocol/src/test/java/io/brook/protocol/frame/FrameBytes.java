package io.brook.protocol.frame;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Frames written by hand from the byte tables in {@link FrameLayout}, independently of
 * {@link FrameEncoder}, plus helpers to damage them. Offsets are from the start of the frame,
 * length prefix included.
 */
final class FrameBytes {

    /** Request: offset of the client id length. */
    static final int CLIENT_ID_LENGTH_AT = 12;
    /** Response: offset of the message length. */
    static final int RESPONSE_MESSAGE_LENGTH_AT = 14;
    /** Bytes before the message in a response frame, and in a request frame without client id. */
    static final int HEADER = 18;

    private FrameBytes() {}

    /** @param clientId raw client id bytes, or {@code null} for none (written as length -1) */
    static byte[] request(int apiKey, int apiVersion, int correlationId, byte[] clientId, byte[] message, byte[] payload) {
        int c = clientId == null ? 0 : clientId.length;
        int length = FrameLayout.MIN_REQUEST_BODY + c + message.length + payload.length;
        ByteBuffer b = ByteBuffer.allocate(4 + length);
        b.putInt(length).putShort((short) apiKey).putShort((short) apiVersion).putInt(correlationId);
        b.putShort((short) (clientId == null ? -1 : c));
        if (clientId != null) {
            b.put(clientId);
        }
        b.putInt(message.length).put(message).put(payload);
        return b.array();
    }

    static byte[] response(int correlationId, int apiKey, int apiVersion, int errorCode, byte[] message, byte[] payload) {
        int length = FrameLayout.RESPONSE_HEADER + message.length + payload.length;
        ByteBuffer b = ByteBuffer.allocate(4 + length);
        b.putInt(length).putInt(correlationId).putShort((short) apiKey).putShort((short) apiVersion);
        b.putShort((short) errorCode).putInt(message.length).put(message).put(payload);
        return b.array();
    }

    /** A request frame header announcing {@code length} body bytes, with only the id fields after it. */
    static byte[] requestPrefix(int length, int apiKey, int apiVersion, int correlationId) {
        return ByteBuffer.allocate(12).putInt(length).putShort((short) apiKey).putShort((short) apiVersion)
                .putInt(correlationId).array();
    }

    static byte[] responsePrefix(int length, int correlationId, int apiKey, int apiVersion) {
        return ByteBuffer.allocate(12).putInt(length).putInt(correlationId).putShort((short) apiKey)
                .putShort((short) apiVersion).array();
    }

    /** Offset of the message length field of a request frame whose client id length field is {@code c}. */
    static int requestMessageLengthAt(int c) {
        return 14 + Math.max(0, c);
    }

    static byte[] withInt(byte[] frame, int offset, int value) {
        byte[] copy = frame.clone();
        ByteBuffer.wrap(copy).putInt(offset, value);
        return copy;
    }

    static byte[] withShort(byte[] frame, int offset, int value) {
        byte[] copy = frame.clone();
        ByteBuffer.wrap(copy).putShort(offset, (short) value);
        return copy;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] random(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }
}
