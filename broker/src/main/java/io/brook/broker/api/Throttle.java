package io.brook.broker.api;

import io.brook.broker.network.RequestContext;
import java.util.concurrent.TimeUnit;

/**
 * Holds a response back for a quota's delay and stops reading from the connection meanwhile, so that a
 * throttled client cannot pile up requests (see {@link Quotas}). The request's effect (records
 * appended, bytes read) has already happened; only its answer waits.
 */
final class Throttle {

    private Throttle() {
    }

    /** Runs {@code respond} now, or after {@code delayMs} with the connection paused until then. */
    static void after(RequestContext request, long delayMs, Runnable respond) {
        if (delayMs <= 0) {
            respond.run();
            return;
        }
        io.netty.channel.Channel ch = request.channel();
        ReadPause.pause(ch, ReadPause.Reason.THROTTLE);
        ch.eventLoop().schedule(() -> {
            try {
                respond.run();
            } finally {
                ReadPause.resume(ch, ReadPause.Reason.THROTTLE);
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }
}
