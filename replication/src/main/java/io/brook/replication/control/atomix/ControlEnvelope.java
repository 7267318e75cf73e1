package io.brook.replication.control.atomix;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The frame around every atomix message that crosses a {@code ControlTransport}. The atomix message
 * itself is the Kryo encoding of atomix's request/response object with
 * {@code RaftNamespaces.RAFT_PROTOCOL} (atomix's own classes only).
 *
 * <pre>
 * request  (version 1): int8 version = 1, int32 targetMemberId, int8 method, then the atomix request
 * response (version 1): int8 version = 1, int8 status, then
 *                       status 0 OK:          the atomix response (empty for one-way methods)
 *                       status 1 UNAVAILABLE: UTF-8 reason (no such member here, or its server/client is
 *                                             not running: the caller treats it as a refused connection)
 *                       status 2 FAILED:      UTF-8 reason (the handler failed)
 * </pre>
 * Method codes are fixed: see {@link Method}. Big-endian. Stateless and thread-safe.
 */
final class ControlEnvelope {

    static final byte VERSION = 1;
    static final int REQUEST_HEADER = 6;
    static final int RESPONSE_HEADER = 2;

    static final byte OK = 0;
    static final byte UNAVAILABLE = 1;
    static final byte FAILED = 2;

    /** The atomix protocol methods, with their wire codes. */
    enum Method {
        OPEN_SESSION(1), CLOSE_SESSION(2), KEEP_ALIVE(3), QUERY(4), COMMAND(5), METADATA(6), JOIN(7), LEAVE(8),
        CONFIGURE(9), RECONFIGURE(10), INSTALL(11), TRANSFER(12), POLL(13), VOTE(14), APPEND(15),
        /** Server to client; atomix 3.1.12 never sends it but the interface has it. */
        HEARTBEAT(16),
        /** Server to client, one-way (session events; the metadata service publishes none). */
        PUBLISH(17),
        /** Client to server, one-way. */
        RESET(18);

        private static final Method[] BY_CODE = new Method[19];

        static {
            for (Method m : values()) {
                BY_CODE[m.code] = m;
            }
        }

        final byte code;

        Method(int code) {
            this.code = (byte) code;
        }

        static Method of(int code) {
            return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        }
    }

    /** A decoded request frame. */
    record Request(int target, Method method, byte[] message) {
    }

    /** A decoded response frame. */
    record Response(byte status, byte[] body) {
        String reason() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private ControlEnvelope() {
    }

    static byte[] request(int target, Method method, byte[] message) {
        return ByteBuffer.allocate(REQUEST_HEADER + message.length)
                .put(VERSION).putInt(target).put(method.code).put(message).array();
    }

    /** @throws IllegalArgumentException when the frame is short, of another version, or names no method */
    static Request decodeRequest(byte[] frame) {
        if (frame.length < REQUEST_HEADER || frame[0] != VERSION) {
            throw new IllegalArgumentException("not a control request frame (" + frame.length + " bytes, version "
                    + (frame.length > 0 ? frame[0] : -1) + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(frame);
        b.get();
        int target = b.getInt();
        Method method = Method.of(b.get());
        if (method == null) {
            throw new IllegalArgumentException("unknown control method " + frame[5]);
        }
        return new Request(target, method, Arrays.copyOfRange(frame, REQUEST_HEADER, frame.length));
    }

    static byte[] ok(byte[] message) {
        return response(OK, message);
    }

    static byte[] unavailable(String reason) {
        return response(UNAVAILABLE, reason.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] failed(String reason) {
        return response(FAILED, reason.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] response(byte status, byte[] body) {
        return ByteBuffer.allocate(RESPONSE_HEADER + body.length).put(VERSION).put(status).put(body).array();
    }

    static Response decodeResponse(byte[] frame) {
        if (frame.length < RESPONSE_HEADER || frame[0] != VERSION || frame[1] < OK || frame[1] > FAILED) {
            throw new IllegalArgumentException("not a control response frame (" + frame.length + " bytes)");
        }
        return new Response(frame[1], Arrays.copyOfRange(frame, RESPONSE_HEADER, frame.length));
    }
}
