package io.brook.replication.control.quorum;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The controller state machine's snapshot, the body of a checkpoint record in the metadata log
 * ({@link MetadataRecords}): the complete state after every entry before the record, so that a replica
 * whose log starts after offset 0 (older segments deleted below a checkpoint) rebuilds its state from the
 * first checkpoint it reads.
 *
 * <pre>
 * int32  magic 0x42524d53 ("BRMS")
 * int8   format version = 5 (1 to 4 are read too: before 5 their image bodies have no replica moves,
 *        before 4 no users and ACLs, before 3 no peer addresses, and version 1's no producer ids)
 * int64  clockMs          the largest log-entry timestamp applied
 * int32  topicRotation    where the next topic's leaders start (see {@link ReplicaAssigner})
 * ...    the image body of {@link ImageCodec} (version, time of that version, brokers, topics, and from
 *        format version 2 the producer ids, from 3 the brokers' peer addresses, from 4 users and ACLs, from 5 replica moves)
 * int32  CRC32C of every preceding byte
 * </pre>
 * Recovery rule: a snapshot whose magic, version or checksum does not match is refused with
 * {@link IllegalStateException} (the replica cannot rebuild its state from a damaged snapshot: its
 * applier stops and says so; the record's batch CRC makes this a bug or a format change rather than disk
 * damage, which the log's own recovery catches first). Stateless and thread-safe.
 */
final class MetadataSnapshot {

    static final int MAGIC = 0x42524d53;
    static final byte VERSION = 5;
    static final byte OLDEST_VERSION = 1;

    private MetadataSnapshot() {
    }

    static byte[] encode(MetadataState state) {
        byte[] body = WireIo.encode(out -> {
            out.writeInt(MAGIC);
            out.writeByte(VERSION);
            out.writeLong(state.clockMs());
            out.writeInt(state.topicRotation());
            ImageCodec.write(out, state.image());
        });
        CRC32C crc = new CRC32C();
        crc.update(body);
        return ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
    }

    static MetadataState decode(byte[] bytes) {
        if (bytes.length < 4 + 1 + 8 + 4 + 4) {
            throw new IllegalStateException("controller snapshot of " + bytes.length + " bytes is too short");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if (stored != (int) crc.getValue()) {
            throw new IllegalStateException("controller snapshot checksum mismatch: stored " + Integer.toHexString(stored)
                    + ", computed " + Integer.toHexString((int) crc.getValue()));
        }
        byte[] body = new byte[bytes.length - 4];
        System.arraycopy(bytes, 0, body, 0, body.length);
        try {
            return WireIo.decode(body, "controller snapshot", in -> {
                int magic = in.readInt();
                if (magic != MAGIC) {
                    throw new IOException("bad magic " + Integer.toHexString(magic));
                }
                byte version = WireIo.readVersion(in, OLDEST_VERSION, VERSION, "controller snapshot");
                long clockMs = in.readLong();
                int topicRotation = in.readInt();
                return MetadataState.restore(ImageCodec.read(in, version), clockMs, topicRotation);
            });
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
