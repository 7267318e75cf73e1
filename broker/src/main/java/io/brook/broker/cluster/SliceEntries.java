package io.brook.broker.cluster;

import io.brook.protocol.record.RecordBatch;
import io.brook.replication.raft.Entries;
import io.brook.storage.LogSlice;
import java.nio.ByteBuffer;

/**
 * A leader's batches as read from its segment log, for an AppendEntries message: sent with zero copy
 * by {@link RaftTransport}. Only the first and last offsets are known without reading; per-batch
 * details are parsed on demand (a copy), which the Raft core does not need on the leader side.
 */
public final class SliceEntries implements Entries {

    private final LogSlice slice;
    private BufEntries parsed;

    public SliceEntries(LogSlice slice) {
        this.slice = slice;
    }

    public LogSlice slice() {
        return slice;
    }

    private BufEntries parsed() {
        if (parsed == null) {
            ByteBuffer bytes = slice.readAll();
            parsed = BufEntries.parse(io.netty.buffer.Unpooled.wrappedBuffer(bytes));
        }
        return parsed;
    }

    @Override
    public int batchCount() {
        return parsed().batchCount();
    }

    @Override
    public long baseOffset(int batch) {
        return batch == 0 ? slice.firstOffset() : parsed().baseOffset(batch);
    }

    @Override
    public long lastOffset(int batch) {
        return parsed().lastOffset(batch);
    }

    @Override
    public int term(int batch) {
        return parsed().term(batch);
    }

    @Override
    public int sizeInBytes() {
        return slice.sizeInBytes();
    }

    @Override
    public boolean isEmpty() {
        return slice.sizeInBytes() < RecordBatch.HEADER_SIZE;
    }

    @Override
    public long endOffset(long ifEmpty) {
        return isEmpty() ? ifEmpty : slice.lastOffset() + 1;
    }

    @Override
    public void release() {
        slice.close();
        if (parsed != null) {
            parsed.release();
        }
    }
}
