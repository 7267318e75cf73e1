package io.brook.protocol.frame;

/**
 * A frame the decoder could not turn into a {@link Frame}. {@link #fatal()} errors leave the stream
 * without a known frame boundary: the connection must be closed (after answering, if possible).
 * Otherwise the bad frame was skipped and decoding continues with the next one.
 *
 * @param kind what went wrong
 * @param correlationId of the frame, or -1 when it could not be read
 * @param apiKey of the frame, or -1
 * @param apiVersion of the frame, or -1
 * @param frameLength the announced length
 * @param detail a sentence for logs and error messages
 */
public record FrameError(Kind kind, int correlationId, short apiKey, short apiVersion, long frameLength, String detail) {

    public enum Kind {
        /** Longer than max.frame.bytes; its bytes are skipped unread. */
        TOO_LARGE,
        /** The length is known but the header fields inside it do not fit. */
        MALFORMED,
        /** The length prefix itself is impossible: the stream cannot be resynchronised. */
        BAD_LENGTH
    }

    public boolean fatal() {
        return kind == Kind.BAD_LENGTH;
    }
}
