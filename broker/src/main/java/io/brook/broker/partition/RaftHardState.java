package io.brook.broker.partition;

import io.brook.broker.meta.LocalStore;
import io.brook.replication.raft.HardStateStore;
import io.brook.replication.raft.Membership;
import io.brook.replication.raft.MembershipEntry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A partition replica's Raft term and vote in the broker's RocksDB, under
 * {@code raft/<topic id>/<partition>}: version int8 (1), term int32, voted-for int32. Writes are synced
 * before {@link #save} returns, except on the replica's log thread: there they are written unsynced
 * and the thread syncs the store's WAL once at the end of its burst, before it hands on any Raft
 * message sent after the write ({@link LogThread#holdSendsUntilHardStateSynced()}): a vote or a
 * new term is never seen by a peer before it is durable, and the thousands of elections that
 * thousands of partitions hold at once cost one fsync per burst instead of one each. The recovering state comes from the replica's {@link AckMark}; the Raft
 * configurations beside the log (see {@link #loadMembership}) are kept under a key of their own.
 */
final class RaftHardState implements HardStateStore {

    private final LocalStore store;
    private final String key;
    private final String membershipKey;
    private final AckMark mark;
    /** The replica's log thread, whose bursts sync the WAL before sending; {@code null}: every save synced. */
    private final LogThread owner;

    RaftHardState(LocalStore store, String topicId, int partition) {
        this(store, topicId, partition, null, null);
    }

    /**
     * @param mark the replica's acknowledged end, {@code null} for a single-replica partition
     * @param owner the replica's log thread, or {@code null} to sync every save before it returns
     */
    RaftHardState(LocalStore store, String topicId, int partition, AckMark mark, LogThread owner) {
        this.owner = owner;
        this.store = store;
        this.key = "raft/" + topicId + "/" + partition;
        this.membershipKey = "raft-membership/" + topicId + "/" + partition;
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
        byte[] value = ByteBuffer.allocate(9).put((byte) 1).putInt(state.term()).putInt(state.votedFor()).array();
        if (owner != null && owner.isOwnerThread()) {
            store.putUnsynced(key, value);
            owner.holdSendsUntilHardStateSynced();
        } else {
            store.put(key, value);
        }
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

    /**
     * Under {@code raft-membership/<topic id>/<partition>}: version int8 (1), entry count int32, then per
     * entry offset int64, term int32, voter count int32 and ids int32, learner count int32 and ids int32.
     */
    @Override
    public List<MembershipEntry> loadMembership() {
        byte[] v = store.get(membershipKey);
        if (v == null) {
            return List.of();
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(v);
            if (b.get() != 1) {
                throw new IllegalArgumentException("unknown version " + v[0]);
            }
            int n = b.getInt();
            if (n < 0 || n > 10_000) {
                throw new IllegalArgumentException(n + " entries");
            }
            List<MembershipEntry> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                entries.add(new MembershipEntry(b.getLong(), b.getInt(), new Membership(ids(b), ids(b))));
            }
            if (b.hasRemaining()) {
                throw new IllegalArgumentException(b.remaining() + " bytes after the last entry");
            }
            return entries;
        } catch (RuntimeException e) {
            throw new IllegalStateException("the Raft configuration stored for " + membershipKey + " is damaged ("
                    + e.getMessage() + "); the replica cannot know its group's members", e);
        }
    }

    private static List<Integer> ids(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > 1024) {
            throw new IllegalArgumentException(n + " members");
        }
        List<Integer> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(b.getInt());
        }
        return ids;
    }

    @Override
    public void saveMembership(List<MembershipEntry> entries) {
        int size = 1 + 4;
        for (MembershipEntry e : entries) {
            size += 8 + 4 + 8 + 4 * e.membership().members().size();
        }
        ByteBuffer b = ByteBuffer.allocate(size).put((byte) 1).putInt(entries.size());
        for (MembershipEntry e : entries) {
            b.putLong(e.offset()).putInt(e.term());
            putIds(b, e.membership().voters());
            putIds(b, e.membership().learners());
        }
        store.put(membershipKey, b.array());
    }

    private static void putIds(ByteBuffer b, List<Integer> ids) {
        b.putInt(ids.size());
        for (int id : ids) {
            b.putInt(id);
        }
    }

    void delete() {
        store.delete(key);
        store.delete(membershipKey);
    }
}
