package io.brook.replication.control.atomix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The controller state machine's snapshot: what {@code backup()} hands atomix, which stores it inside its
 * own snapshot file (taken every 10 s, built in heap, then the log below it is deleted) and hands it back
 * to {@code restore()} on restart or when a lagging follower installs it.
 *
 * <pre>
 * int32  magic 0x42524d53 ("BRMS")
 * int8   format version = 1
 * int64  clockMs          the largest log-entry timestamp applied
 * int32  topicRotation    where the next topic's leaders start (see {@link ReplicaAssigner})
 * ...    the image body of {@link ImageCodec} (version, time of that version, brokers, topics)
 * int32  CRC32C of every preceding byte
 * </pre>
 * Recovery rule: a snapshot whose magic, version or checksum does not match is refused with
 * {@link IllegalStateException} (the replica cannot rebuild its state from a damaged snapshot; atomix
 * then fails to load the service, and the operator restores the controller directory from another
 * voter). Stateless and thread-safe.
 */
final class MetadataSnapshot {

    static final int MAGIC = 0x42524d53;
    static final byte VERSION = 1;

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
                WireIo.readVersion(in, VERSION, "controller snapshot");
                long clockMs = in.readLong();
                int topicRotation = in.readInt();
                return MetadataState.restore(ImageCodec.read(in), clockMs, topicRotation);
            });
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
