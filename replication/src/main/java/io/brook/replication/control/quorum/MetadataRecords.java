package io.brook.replication.control.quorum;

/**
 * The value of a record in the metadata log. The log itself is an ordinary Brook partition log (record
 * batches v2, CRC32C per batch, the Raft term in each batch); control batches in it are Raft term markers
 * and carry no metadata. Each record of a data batch is one entry:
 *
 * <pre>
 * int8   format version = 1
 * int8   kind
 *        1 COMMAND     the command as {@link CommandCodec} writes one (int8 type, then its fields)
 *        2 CHECKPOINT  the whole state after every entry before this record ({@link MetadataSnapshot}:
 *                      its own magic, version and CRC32C)
 * </pre>
 * Keys are null; the record timestamp (the leader's clock when it appended) is the entry's time for the
 * state machine. A reader that meets another format version or kind stops with
 * {@link IllegalArgumentException}: skipping an entry it does not understand would make its state diverge
 * from the other replicas'. Stateless and thread-safe.
 */
final class MetadataRecords {

    static final byte VERSION = 1;
    static final byte COMMAND = 1;
    static final byte CHECKPOINT = 2;

    /** A decoded record. */
    sealed interface Entry {
    }

    /** A change to apply. */
    record Command(MetadataCommand command) implements Entry {
    }

    /** The state at this point of the log. */
    record Checkpoint(MetadataState state) implements Entry {
    }

    private MetadataRecords() {
    }

    static byte[] command(MetadataCommand command) {
        return WireIo.encode(out -> {
            out.writeByte(VERSION);
            out.writeByte(COMMAND);
            CommandCodec.writeCommand(out, command);
        });
    }

    static byte[] checkpoint(MetadataState state) {
        byte[] snapshot = MetadataSnapshot.encode(state);
        byte[] value = new byte[snapshot.length + 2];
        value[0] = VERSION;
        value[1] = CHECKPOINT;
        System.arraycopy(snapshot, 0, value, 2, snapshot.length);
        return value;
    }

    /**
     * @throws IllegalArgumentException when the value is malformed, or of a version or kind this reader
     *     does not know
     */
    static Entry decode(byte[] value) {
        if (value == null || value.length < 2) {
            throw new IllegalArgumentException("metadata record of " + (value == null ? "null" : value.length + " bytes") + " is too short");
        }
        if (value[0] != VERSION) {
            throw new IllegalArgumentException("metadata record of format version " + value[0] + "; this broker reads version "
                    + VERSION + " (was the log written by a newer Brook?)");
        }
        if (value[1] == CHECKPOINT) {
            byte[] snapshot = new byte[value.length - 2];
            System.arraycopy(value, 2, snapshot, 0, snapshot.length);
            try {
                return new Checkpoint(MetadataSnapshot.decode(snapshot));
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException("malformed metadata checkpoint: " + e.getMessage(), e);
            }
        }
        if (value[1] != COMMAND) {
            throw new IllegalArgumentException("metadata record of unknown kind " + value[1]);
        }
        return WireIo.decode(value, "metadata record", in -> {
            in.readByte();
            in.readByte();
            return new Command(CommandCodec.readCommand(in));
        });
    }
}
