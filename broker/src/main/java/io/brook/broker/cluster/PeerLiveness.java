package io.brook.broker.cluster;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * When each peer broker was last heard from: any RAFT frame counts, the pings that every broker sends
 * each tick included ({@link RaftTransport#ping()}). A peer heard from within the window (an election
 * timeout) is live; the followers of a quiescent partition wait for its slow heartbeats only while
 * its leader's broker is live (see {@link io.brook.replication.raft.RaftNode}). Thread-safe: network
 * threads record, log threads ask.
 *
 * <p>Asking is cheap: the Raft groups that are ticked ask about their peers on every tick (thousands
 * of times a second with thousands of partitions), so the answer is worked out once per tick
 * ({@link #advance}) for every peer and then only looked up in an immutable set: a peer counts as live
 * (or not) for up to a tick longer than the window says. {@link #advance} says whether the answer
 * changed, so that the log threads can wake their parked groups then.
 */
public final class PeerLiveness {

    private final ConcurrentHashMap<Integer, Long> lastHeard = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final long windowNanos;
    /** The live peers as of the last {@link #advance}. */
    private volatile Set<Integer> live = Set.of();

    /**
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
     * @param windowNanos how recently a peer must have been heard from to be live
     */
    public PeerLiveness(LongSupplier nanoClock, long windowNanos) {
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("the liveness window must be positive: " + windowNanos);
        }
        this.nanoClock = nanoClock;
        this.windowNanos = windowNanos;
    }

    /**
     * Works out which peers are live now, for {@link #isLive} to look up: once per tick, before the
     * groups tick. Returns whether a peer became live or stopped being live since the last call.
     */
    public boolean advance() {
        long now = nanoClock.getAsLong();
        Set<Integer> next = new HashSet<>();
        lastHeard.forEach((broker, at) -> {
            if (now - at < windowNanos) {
                next.add(broker);
            }
        });
        if (next.equals(live)) {
            return false;
        }
        live = Set.copyOf(next);
        return true;
    }

    /** A frame from {@code broker} arrived. */
    public void heard(int broker) {
        lastHeard.put(broker, nanoClock.getAsLong());
    }

    /** Whether {@code broker} had been heard from within the window at the last {@link #advance}. */
    public boolean isLive(int broker) {
        return live.contains(broker);
    }
}
