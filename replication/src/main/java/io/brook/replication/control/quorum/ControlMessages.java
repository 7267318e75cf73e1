package io.brook.replication.control.quorum;

import java.util.List;

/**
 * The payloads of CONTROL requests between brokers: a broker forwards metadata commands to the
 * controller leader (SUBMIT) and, when it runs no controller replica, asks the leader for the image
 * (FETCH). Fields as {@link WireIo} writes them.
 *
 * <pre>
 * request:  int8 version = 1, int8 kind, then
 *           1 SUBMIT  the command batch of {@link CommandCodec}
 *           2 FETCH   the image query of {@link CommandCodec} (the version the caller knows)
 * response: int8 version = 1, int8 status, then
 *           0 OK             SUBMIT: the result batch of {@link CommandCodec}; FETCH: its image answer
 *           1 NOT_LEADER     int32 the leader the answering broker knows of, or -1
 *           2 NOT_APPLIED    string why: nothing was appended, trying again (elsewhere) is safe
 *           3 UNKNOWN_OUTCOME string why: the commands were appended but leadership moved before they
 *                            committed; they may or may not take effect
 * </pre>
 * A reader refuses other versions, kinds and statuses with {@link IllegalArgumentException}. Stateless and
 * thread-safe.
 */
final class ControlMessages {

    static final byte VERSION = 1;
    static final byte SUBMIT = 1;
    static final byte FETCH = 2;

    /** How a request was answered. */
    enum Status { OK, NOT_LEADER, NOT_APPLIED, UNKNOWN_OUTCOME }

    /** A decoded request: {@code body} is the command batch (SUBMIT) or the image query (FETCH). */
    record Request(byte kind, byte[] body) {
    }

    /**
     * A decoded response.
     *
     * @param body the result batch or image answer (OK only)
     * @param leaderHint NOT_LEADER only
     * @param reason NOT_APPLIED and UNKNOWN_OUTCOME only
     */
    record Response(Status status, byte[] body, int leaderHint, String reason) {
    }

    private ControlMessages() {
    }

    static byte[] submit(List<MetadataCommand> commands) {
        return request(SUBMIT, CommandCodec.encodeCommands(commands));
    }

    static byte[] fetch(long knownVersion) {
        return request(FETCH, CommandCodec.encodeQuery(knownVersion));
    }

    private static byte[] request(byte kind, byte[] body) {
        return WireIo.encode(out -> {
            out.writeByte(VERSION);
            out.writeByte(kind);
            out.write(body);
        });
    }

    static Request decodeRequest(byte[] bytes) {
        if (bytes.length < 2) {
            throw new IllegalArgumentException("control request of " + bytes.length + " bytes is too short");
        }
        if (bytes[0] != VERSION) {
            throw new IllegalArgumentException("control request of version " + bytes[0] + "; this broker speaks " + VERSION);
        }
        if (bytes[1] != SUBMIT && bytes[1] != FETCH) {
            throw new IllegalArgumentException("control request of unknown kind " + bytes[1]);
        }
        byte[] body = new byte[bytes.length - 2];
        System.arraycopy(bytes, 2, body, 0, body.length);
        return new Request(bytes[1], body);
    }

    static byte[] ok(byte[] body) {
        return WireIo.encode(out -> {
            out.writeByte(VERSION);
            out.writeByte(Status.OK.ordinal());
            out.write(body);
        });
    }

    static byte[] notLeader(int leaderHint) {
        return WireIo.encode(out -> {
            out.writeByte(VERSION);
            out.writeByte(Status.NOT_LEADER.ordinal());
            out.writeInt(leaderHint);
        });
    }

    static byte[] notApplied(String reason) {
        return failure(Status.NOT_APPLIED, reason);
    }

    static byte[] unknownOutcome(String reason) {
        return failure(Status.UNKNOWN_OUTCOME, reason);
    }

    private static byte[] failure(Status status, String reason) {
        return WireIo.encode(out -> {
            out.writeByte(VERSION);
            out.writeByte(status.ordinal());
            WireIo.writeString(out, reason);
        });
    }

    static Response decodeResponse(byte[] bytes) {
        if (bytes.length < 2) {
            throw new IllegalArgumentException("control response of " + bytes.length + " bytes is too short");
        }
        if (bytes[0] != VERSION) {
            throw new IllegalArgumentException("control response of version " + bytes[0] + "; this broker speaks " + VERSION);
        }
        int code = bytes[1];
        if (code < 0 || code >= Status.values().length) {
            throw new IllegalArgumentException("control response of unknown status " + code);
        }
        Status status = Status.values()[code];
        return WireIo.decode(bytes, "control response", in -> {
            in.readByte();
            in.readByte();
            return switch (status) {
                case OK -> {
                    byte[] body = in.readAllBytes();
                    yield new Response(status, body, -1, "");
                }
                case NOT_LEADER -> new Response(status, null, in.readInt(), "");
                case NOT_APPLIED, UNKNOWN_OUTCOME -> {
                    String reason = WireIo.readString(in);
                    yield new Response(status, null, -1, reason);
                }
            };
        });
    }
}
