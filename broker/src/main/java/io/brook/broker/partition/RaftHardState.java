package io.brook.broker.partition;

import io.brook.broker.meta.LocalStore;
import io.brook.replication.raft.HardStateStore;
import java.nio.ByteBuffer;

/**
 * A partition replica's Raft term and vote in the broker's RocksDB, under
 * {@code raft/<topic id>/<partition>}: version int8 (1), term int32, voted-for int32. Writes are synced
 * before {@link #save} returns. The recovering state comes from the replica's {@link AckMark}.
 */
final class RaftHardState implements HardStateStore {

    private final LocalStore store;
    private final String key;
    private final AckMark mark;

    RaftHardState(LocalStore store, String topicId, int partition) {
        this(store, topicId, partition, null);
    }

    /** @param mark the replica's acknowledged end, {@code null} for a single-replica partition */
    RaftHardState(LocalStore store, String topicId, int partition, AckMark mark) {
        this.store = store;
        this.key = "raft/" + topicId + "/" + partition;
        this.mark = mark;
    }

    @Override
    public HardState load() {
        byte[] v = store.get(key);
        if (v == null || v.length != 9 || v[0] != 1) {
            return HardState.INITIAL;
        }
        ByteBuffer b = ByteBuffer.wrap(v, 1, 8);
        return new HardState(b.getInt(), b.getInt());
    }

    @Override
    public void save(HardState state) {
        store.put(key, ByteBuffer.allocate(9).put((byte) 1).putInt(state.term()).putInt(state.votedFor()).array());
    }

    @Override
    public long damagedAcknowledgedEnd() {
        return mark != null && mark.recovering() ? mark.end() : -1;
    }

    @Override
    public void recovered(long acknowledgedEnd) {
        if (mark != null) {
            mark.recovered(acknowledgedEnd);
        }
    }

    void delete() {
        store.delete(key);
    }
}
