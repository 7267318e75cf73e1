package io.brook.jepsen.nemesis;

import io.brook.jepsen.db.BrokerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code rolling-restart}: planned maintenance rather than a fault. Each start stops the next broker
 * in turn gracefully (SIGTERM, then waits for the process to exit: the broker hands its leaderships
 * away first); stop starts it again and waits until it has registered. The generator then waits
 * until every replica is in sync before the next broker goes, as an operator's rolling restart does.
 * The turn begins at a seeded random broker and goes round the brokers in id order, so that any three
 * consecutive windows of a 3-broker cluster restart each broker once.
 */
public final class RollingRestartNemesis implements Nemesis {

    public static final String NAME = "rolling-restart";
    /** How long a graceful stop may take before the harness kills the broker (and says so). */
    private static final long STOP_TIMEOUT_MS = 30_000;

    private int next = -1;
    private BrokerProcess down;
    private final List<Integer> restarted = new ArrayList<>();
    private final List<Integer> killed = new ArrayList<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String start(FaultContext ctx) {
        List<BrokerProcess> brokers = ctx.cluster().brokers();
        if (next < 0) {
            next = ctx.random().nextInt(brokers.size());
        }
        down = brokers.get(next);
        next = (next + 1) % brokers.size();
        long t0 = System.nanoTime();
        boolean graceful = down.stop(STOP_TIMEOUT_MS);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (!graceful) {
            killed.add(down.id());
        }
        return graceful ? "graceful stop of broker " + down.id() + ": exited " + ms + " ms after SIGTERM"
                : "broker " + down.id() + " did not exit within " + STOP_TIMEOUT_MS + " ms of SIGTERM: killed";
    }

    @Override
    public void stop(FaultContext ctx) {
        if (down != null) {
            ctx.restart(down);
            restarted.add(down.id());
            down = null;
        }
    }

    @Override
    public Set<Integer> victims() {
        return down == null ? Set.of() : Set.of(down.id());
    }

    /** The ids of the brokers restarted so far (stopped and registered again), in order. */
    public List<Integer> restarted() {
        return List.copyOf(restarted);
    }

    /** The ids of the brokers that did not exit within the time-out after SIGTERM and were killed, in order. */
    public List<Integer> killed() {
        return List.copyOf(killed);
    }
}
