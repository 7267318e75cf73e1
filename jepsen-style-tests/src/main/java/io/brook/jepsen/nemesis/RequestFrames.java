package io.brook.jepsen.nemesis;

import io.brook.protocol.frame.FrameLayout;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Follows the request frames of one client connection as its bytes stream past ({@link
 * FrameLayout}: length, API key, version, correlation id, client id), to learn the client id without
 * holding any byte back. Bytes too few to be a frame are skipped over as one. One instance per
 * connection, fed from the one thread that copies its requests; {@link #clientId()} may be read from
 * any thread.
 */
final class RequestFrames {

    /** Length field, then API key, version, correlation id and client id length. */
    private static final int ID_LENGTH_END = FrameLayout.LENGTH_FIELD + 2 + 2 + 4 + 2;

    /** The current frame's bytes from its start up to the end of its client id, as far as seen. */
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    /** How many head bytes the next step of parsing needs. */
    private int needed = FrameLayout.LENGTH_FIELD;
    /** Bytes of the current frame after its head still to come; -1 while in the head. */
    private long left = -1;
    private int frameLength;
    private volatile String clientId;

    /** The client id of the latest frame whose head was complete, or {@code null} before one (or when it sent none). */
    String clientId() {
        return clientId;
    }

    void feed(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (left < 0) {
                int take = Math.min(end - i, needed - head.size());
                head.write(bytes, i, take);
                i += take;
                if (head.size() == needed) {
                    parseHead();
                }
            } else {
                int take = (int) Math.min(end - i, left);
                i += take;
                left -= take;
            }
            if (left == 0) {
                head.reset();
                needed = FrameLayout.LENGTH_FIELD;
                left = -1;
            }
        }
    }

    private void parseHead() {
        ByteBuffer h = ByteBuffer.wrap(head.toByteArray());
        if (needed == FrameLayout.LENGTH_FIELD) {
            frameLength = h.getInt(0);
            if (frameLength < FrameLayout.MIN_REQUEST_BODY) {
                left = Math.max(0, frameLength); // not a request this class understands: skip it
            } else {
                needed = ID_LENGTH_END;
            }
            return;
        }
        if (needed == ID_LENGTH_END) {
            short idLength = h.getShort(ID_LENGTH_END - 2);
            if (idLength > 0) {
                needed = ID_LENGTH_END + idLength;
                return;
            }
            clientId = null;
        } else {
            clientId = new String(h.array(), ID_LENGTH_END, needed - ID_LENGTH_END, StandardCharsets.UTF_8);
        }
        left = FrameLayout.LENGTH_FIELD + (long) frameLength - needed;
    }
}
