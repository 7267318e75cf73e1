package io.brook.broker.cluster;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * When each peer broker was last heard from: any RAFT frame counts, the pings that every broker sends
 * each tick included ({@link RaftTransport#ping()}). A peer heard from within the window (an election
 * timeout) is live; the followers of a quiescent partition wait for its slow heartbeats only while
 * its leader's broker is live (see {@link io.brook.replication.raft.RaftNode}). Thread-safe: network
 * threads record, log threads ask.
 */
public final class PeerLiveness {

    private final ConcurrentHashMap<Integer, Long> lastHeard = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final long windowNanos;

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

    /** A frame from {@code broker} arrived. */
    public void heard(int broker) {
        lastHeard.put(broker, nanoClock.getAsLong());
    }

    /** Whether {@code broker} was heard from within the window. */
    public boolean isLive(int broker) {
        Long at = lastHeard.get(broker);
        return at != null && nanoClock.getAsLong() - at < windowNanos;
    }
}
