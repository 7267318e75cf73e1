package io.brook.broker.api;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Back pressure per connection: while the produce requests a connection has in flight hold more
 * than the limit of bytes, the broker stops reading from it (TCP then slows the client down); it
 * resumes once they drop below half the limit.
 */
final class ConnectionBudget {

    private static final AttributeKey<ConnectionBudget> KEY = AttributeKey.valueOf("brook.produce.budget");

    private final AtomicLong pending = new AtomicLong();
    private final Channel channel;
    private final long limit;
    /** Whether acquire paused reading (so that release has something to resume). */
    private volatile boolean paused;

    private ConnectionBudget(Channel channel, long limit) {
        this.channel = channel;
        this.limit = limit;
    }

    static ConnectionBudget of(Channel channel, long limit) {
        ConnectionBudget b = channel.attr(KEY).get();
        if (b == null) {
            b = new ConnectionBudget(channel, limit);
            ConnectionBudget existing = channel.attr(KEY).setIfAbsent(b);
            if (existing != null) {
                b = existing;
            }
        }
        return b;
    }

    void acquire(long bytes) {
        if (pending.addAndGet(bytes) > limit && !paused) {
            paused = true;
            ReadPause.pause(channel, ReadPause.Reason.BUDGET);
        }
    }

    void release(long bytes) {
        if (pending.addAndGet(-bytes) <= limit / 2 && paused) {
            channel.eventLoop().execute(() -> {
                if (paused && pending.get() <= limit / 2) {
                    paused = false;
                    ReadPause.resume(channel, ReadPause.Reason.BUDGET);
                }
            });
        }
    }
}
