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
 * <p>Asking is cheap: every Raft group asks about its peers on every tick (tens of thousands of times
 * a second with thousands of partitions), so the answer is worked out once per tick ({@link #advance})
 * for every peer and then only looked up: a peer counts as live (or not) for up to a tick longer than
 * the window says.
 */
public final class PeerLiveness {

    private final ConcurrentHashMap<Integer, Long> lastHeard = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final long windowNanos;
    /** Broker ids up to this are looked up in an array; higher ones (unusual) in a set. */
    private static final int ARRAY_IDS = 4096;

    /** As of the last {@link #advance}: live[id] for small ids, and the live ids above {@link #ARRAY_IDS}. */
    private volatile boolean[] live = new boolean[0];
    private volatile Set<Integer> liveHigh = Set.of();

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

    /** Works out which peers are live now, for {@link #isLive} to look up: once per tick, before the groups tick. */
    public void advance() {
        long now = nanoClock.getAsLong();
        boolean[] next = new boolean[ARRAY_IDS + 1];
        Set<Integer> high = new HashSet<>();
        lastHeard.forEach((broker, at) -> {
            if (now - at < windowNanos) {
                if (broker >= 0 && broker <= ARRAY_IDS) {
                    next[broker] = true;
                } else {
                    high.add(broker);
                }
            }
        });
        live = next;
        liveHigh = Set.copyOf(high);
    }

    /** A frame from {@code broker} arrived. */
    public void heard(int broker) {
        lastHeard.put(broker, nanoClock.getAsLong());
    }

    /** Whether {@code broker} had been heard from within the window at the last {@link #advance}. */
    public boolean isLive(int broker) {
        boolean[] l = live;
        return broker >= 0 && broker < l.length ? l[broker] : liveHigh.contains(broker);
    }
}
