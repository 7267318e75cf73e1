package io.brook.broker.api;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Stops and resumes reading from a connection for several independent reasons (the produce budget of
 * {@link ConnectionBudget}, a quota throttle of {@link Throttle}): the connection reads again only once
 * no reason holds it. Calls run on the connection's event loop (others are handed to it).
 */
final class ReadPause {

    enum Reason { BUDGET, THROTTLE }

    private static final AttributeKey<ReadPause> KEY = AttributeKey.valueOf("brook.read.pause");

    private int held;

    private ReadPause() {
    }

    private static ReadPause of(Channel ch) {
        ReadPause p = ch.attr(KEY).get();
        if (p == null) {
            p = new ReadPause();
            ReadPause existing = ch.attr(KEY).setIfAbsent(p);
            if (existing != null) {
                p = existing;
            }
        }
        return p;
    }

    static void pause(Channel ch, Reason reason) {
        onLoop(ch, () -> {
            ReadPause p = of(ch);
            p.held |= 1 << reason.ordinal();
            ch.config().setAutoRead(false);
        });
    }

    static void resume(Channel ch, Reason reason) {
        onLoop(ch, () -> {
            ReadPause p = of(ch);
            p.held &= ~(1 << reason.ordinal());
            if (p.held == 0) {
                ch.config().setAutoRead(true);
            }
        });
    }

    private static void onLoop(Channel ch, Runnable r) {
        if (ch.eventLoop().inEventLoop()) {
            r.run();
        } else {
            ch.eventLoop().execute(r);
        }
    }
}
