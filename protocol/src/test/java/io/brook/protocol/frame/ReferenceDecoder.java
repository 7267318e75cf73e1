package io.brook.protocol.frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoding rules of {@link FrameDecoder}, written as a plain pass over a complete byte array:
 * no cumulation, no discard state. The randomized tests feed the same stream to the real decoder in
 * random pieces and expect exactly this model's outcomes, so any dependence on how the bytes arrive
 * shows up as a difference.
 *
 * <p>Rules: a length below the header size is BAD_LENGTH and ends the stream; a length above the
 * maximum is TOO_LARGE (once the 8 id bytes are there) and its bytes are skipped; otherwise, once the
 * whole frame is there, inconsistent header fields make it MALFORMED and decoding goes on.
 */
final class ReferenceDecoder {

    private ReferenceDecoder() {}

    static List<Outcome> decodeAll(byte[] stream, boolean requests, int maxFrameBytes) {
        ByteBuffer in = ByteBuffer.wrap(stream);
        List<Outcome> out = new ArrayList<>();
        int minBody = requests ? FrameLayout.MIN_REQUEST_BODY : FrameLayout.RESPONSE_HEADER;
        long pos = 0;
        while (stream.length - pos >= 4) {
            int p = (int) pos;
            int length = in.getInt(p);
            if (length < minBody) {
                out.add(Outcome.rejected(FrameError.Kind.BAD_LENGTH, -1, -1, -1, length));
                return out;
            }
            if (length > maxFrameBytes) {
                if (stream.length - pos < 12) {
                    return out;
                }
                if (requests) {
                    out.add(Outcome.rejected(FrameError.Kind.TOO_LARGE, in.getInt(p + 8), in.getShort(p + 4),
                            in.getShort(p + 6), length));
                } else {
                    out.add(Outcome.rejected(FrameError.Kind.TOO_LARGE, in.getInt(p + 4), in.getShort(p + 8),
                            in.getShort(p + 10), length));
                }
                pos += 4L + length;
                continue;
            }
            if (stream.length - pos - 4 < length) {
                return out;
            }
            out.add(requests ? request(in, p + 4, length) : response(in, p + 4, length));
            pos += 4L + length;
        }
        return out;
    }

    private static Outcome request(ByteBuffer in, int body, int length) {
        short key = in.getShort(body);
        short version = in.getShort(body + 2);
        int correlationId = in.getInt(body + 4);
        int c = in.getShort(body + 8);
        if (c < -1 || 14 + Math.max(c, 0) > length) {
            return Outcome.rejected(FrameError.Kind.MALFORMED, correlationId, key, version, length);
        }
        String clientId = c > 0 ? new String(in.array(), body + 10, c, StandardCharsets.UTF_8) : null;
        int at = 10 + Math.max(c, 0);
        int m = in.getInt(body + at);
        at += 4;
        if (m < 0 || m > length - at) {
            return Outcome.rejected(FrameError.Kind.MALFORMED, correlationId, key, version, length);
        }
        return Outcome.request(key, version, correlationId, clientId, bytes(in, body + at, m),
                bytes(in, body + at + m, length - at - m));
    }

    private static Outcome response(ByteBuffer in, int body, int length) {
        int correlationId = in.getInt(body);
        short key = in.getShort(body + 4);
        short version = in.getShort(body + 6);
        short error = in.getShort(body + 8);
        int m = in.getInt(body + 10);
        int at = 14;
        if (m < 0 || m > length - at) {
            return Outcome.rejected(FrameError.Kind.MALFORMED, correlationId, key, version, length);
        }
        return Outcome.response(correlationId, key, version, error, bytes(in, body + at, m),
                bytes(in, body + at + m, length - at - m));
    }

    private static byte[] bytes(ByteBuffer in, int from, int n) {
        byte[] b = new byte[n];
        in.get(from, b);
        return b;
    }
}
