package io.brook.replication.control.atomix;

import io.atomix.primitive.operation.OperationId;
import io.atomix.primitive.service.BackupInput;
import io.atomix.primitive.service.BackupOutput;
import io.atomix.primitive.service.Commit;
import io.atomix.primitive.service.PrimitiveService;
import io.atomix.primitive.service.ServiceContext;
import io.atomix.primitive.session.Session;
import io.atomix.primitive.session.SessionId;
import io.atomix.utils.serializer.Namespaces;
import io.atomix.utils.serializer.Serializer;
import io.atomix.utils.time.WallClockTimestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The atomix face of {@link MetadataState}: applies command batches ({@link #BATCH}) with the log
 * entry's wall-clock time, answers image queries ({@link #IMAGE}), and snapshots the state through
 * {@link MetadataSnapshot}. Operations carry {@code byte[]} encoded by {@link CommandCodec}, so atomix's
 * Kryo never sees a Brook object.
 *
 * <p>Called only on the server's state machine thread for this service.
 */
final class MetadataService implements PrimitiveService {

    static final OperationId BATCH = OperationId.command("batch");
    static final OperationId IMAGE = OperationId.query("image");

    private static final Serializer SERIALIZER = Serializer.using(Namespaces.BASIC);

    private MetadataState state = new MetadataState();
    private long cachedVersion = -1;
    private byte[] cachedImage;

    @Override
    public void init(ServiceContext context) {
    }

    @Override
    public void tick(WallClockTimestamp timestamp) {
    }

    @Override
    public Serializer serializer() {
        return SERIALIZER;
    }

    @Override
    public byte[] apply(Commit<byte[]> commit) {
        String op = commit.operation().id();
        if (BATCH.id().equals(op)) {
            List<MetadataCommand> commands = CommandCodec.decodeCommands(commit.value());
            long timestamp = commit.wallClockTime().unixTimestamp();
            List<MetadataState.Applied> results = new ArrayList<>(commands.size());
            for (MetadataCommand c : commands) {
                results.add(state.apply(c, timestamp));
            }
            return CommandCodec.encodeResults(results);
        }
        if (IMAGE.id().equals(op)) {
            long known = CommandCodec.decodeQuery(commit.value());
            if (state.version() <= known) {
                return CommandCodec.encodeUnchanged(state.version());
            }
            if (cachedVersion != state.version()) {
                cachedImage = CommandCodec.encodeImage(state.image());
                cachedVersion = state.version();
            }
            return cachedImage;
        }
        throw new IllegalArgumentException("unknown operation " + op);
    }

    @Override
    public void backup(BackupOutput output) {
        byte[] snapshot = MetadataSnapshot.encode(state);
        output.writeInt(snapshot.length);
        output.writeBytes(snapshot);
    }

    @Override
    public void restore(BackupInput input) {
        int length = input.readInt();
        state = MetadataSnapshot.decode(input.readBytes(length));
        cachedVersion = -1;
        cachedImage = null;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void register(Session session) {
    }

    @Override
    public void expire(SessionId sessionId) {
    }

    @Override
    public void close(SessionId sessionId) {
    }
}
