package io.brook.replication.raft;

import io.brook.replication.raft.HardStateStore.HardState;
import io.brook.replication.raft.RaftMessage.AppendRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link RaftNode} driven by hand, for unit tests: a {@link SimLog} whose flushes complete only
 * when the test says so, an in-memory hard state that can report a damaged log, and the messages the
 * node sent, by destination.
 */
final class OneNode {

    record Sent(int to, RaftMessage message) {}

    final SimLog log;
    final List<Sent> sent = new ArrayList<>();
    final RaftNode node;
    HardState hard;
    long damagedAcknowledgedEnd;
    /** What the node reported to {@link HardStateStore#recovered}, or -1. */
    long recoveredAt = -1;

    OneNode(int id, List<Integer> voters, HardState hard, long damagedAcknowledgedEnd) {
        this(id, voters, hard, damagedAcknowledgedEnd, RaftConfig.defaults());
    }

    OneNode(int id, List<Integer> voters, HardState hard, long damagedAcknowledgedEnd, RaftConfig config) {
        this.log = new SimLog(id, l -> {});
        this.hard = hard;
        this.damagedAcknowledgedEnd = damagedAcknowledgedEnd;
        this.node = new RaftNode(id, voters, config, log, new HardStateStore() {
            @Override
            public HardState load() {
                return OneNode.this.hard;
            }

            @Override
            public void save(HardState state) {
                OneNode.this.hard = state;
            }

            @Override
            public long damagedAcknowledgedEnd() {
                return OneNode.this.damagedAcknowledgedEnd;
            }

            @Override
            public void recovered(long acknowledgedEnd) {
                recoveredAt = acknowledgedEnd;
            }
        }, (to, m) -> sent.add(new Sent(to, m)), new RaftListener() {}, 7);
    }

    /** Batches of {@code size} offsets each, of {@code term}, covering [from, to). */
    static SimEntries batches(long from, long to, int term, int size) {
        List<SimEntries.Batch> b = new ArrayList<>();
        for (long o = from; o < to; o += size) {
            b.add(new SimEntries.Batch(o, Math.min(o + size, to) - 1, term, o));
        }
        return new SimEntries(b);
    }

    /** An append from {@code leader} of {@code term}: [prevEnd, to) of {@code entryTerm}, after a batch of {@code prevTerm}. */
    void append(int leader, int term, long prevEnd, int prevTerm, long to, int entryTerm, long commitEnd) {
        node.handle(new AppendRequest(term, leader, prevEnd, prevTerm, commitEnd, batches(prevEnd, to, entryTerm, 5), seq++));
    }

    private long seq = 1;

    /** Completes a flush of everything appended so far. */
    void flush() {
        log.flushed(log.endOffset());
        node.onFlushed();
    }

    /** Ticks as long as an election could take, and then some. */
    void tickThroughElectionTimeouts() {
        for (int i = 0; i < 5 * RaftConfig.defaults().electionTimeoutTicks(); i++) {
            node.tick();
        }
    }

    /** The messages of {@code type} sent since the last call, which forgets every message. */
    <T extends RaftMessage> List<T> drain(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Sent s : sent) {
            if (type.isInstance(s.message())) {
                out.add(type.cast(s.message()));
            }
        }
        sent.clear();
        return out;
    }
}
