package io.brook.protocol.frame;

import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * A decoder output captured by value, so that expected and actual outputs compare with
 * {@code equals} and print readably: {@link Decoded} for a {@link Frame}, {@link Rejected} for a
 * {@link FrameError} (its free-text detail left out).
 */
sealed interface Outcome {

    /** A frame; message and payload as hex. */
    record Decoded(boolean request, short apiKey, short apiVersion, int correlationId, String clientId,
                   short errorCode, String message, String payload) implements Outcome {}

    record Rejected(FrameError.Kind kind, int correlationId, short apiKey, short apiVersion, long frameLength)
            implements Outcome {}

    static Decoded request(int apiKey, int apiVersion, int correlationId, String clientId, byte[] message, byte[] payload) {
        return new Decoded(true, (short) apiKey, (short) apiVersion, correlationId, clientId, (short) 0,
                ByteBufUtil.hexDump(message), ByteBufUtil.hexDump(payload));
    }

    static Decoded response(int correlationId, int apiKey, int apiVersion, int errorCode, byte[] message, byte[] payload) {
        return new Decoded(false, (short) apiKey, (short) apiVersion, correlationId, null, (short) errorCode,
                ByteBufUtil.hexDump(message), ByteBufUtil.hexDump(payload));
    }

    static Rejected rejected(FrameError.Kind kind, int correlationId, int apiKey, int apiVersion, long frameLength) {
        return new Rejected(kind, correlationId, (short) apiKey, (short) apiVersion, frameLength);
    }

    /** Captures one decoder output without releasing it; anything but a Frame or FrameError fails. */
    static Outcome of(Object decoded) {
        if (decoded instanceof Frame f) {
            return new Decoded(f.isRequest(), f.apiKey(), f.apiVersion(), f.correlationId(), f.clientId(),
                    f.errorCode(), hex(f.message()), hex(f.payload()));
        }
        if (decoded instanceof FrameError e) {
            return new Rejected(e.kind(), e.correlationId(), e.apiKey(), e.apiVersion(), e.frameLength());
        }
        return fail("the decoder emitted " + (decoded == null ? "null" : decoded.getClass().getName())
                + ", neither a Frame nor a FrameError: " + decoded);
    }

    /** Captures and releases every output (all of them released even when one is unexpected). */
    static List<Outcome> takeAll(List<Object> decoded) {
        List<Outcome> outcomes = new ArrayList<>();
        try {
            for (Object o : decoded) {
                outcomes.add(of(o));
            }
        } finally {
            for (Object o : decoded) {
                if (o instanceof Frame f) {
                    f.release();
                }
            }
        }
        return outcomes;
    }

    private static String hex(ByteBuf buf) {
        return ByteBufUtil.hexDump(buf);
    }
}
