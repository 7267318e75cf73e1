package io.brook.jepsen.nemesis;

import io.brook.jepsen.db.BrokerProcess;
import java.util.Set;

/**
 * SIGSTOP of one broker, SIGCONT on stop: the process keeps its sockets open but answers nothing, like
 * a long GC pause or a stalled VM; when it resumes it still believes what it believed before (it may
 * think it leads), which is the interesting part.
 * <ul>
 * <li>{@code pause-random}: a random broker;</li>
 * <li>{@code pause-leader}: the leader of a random partition.</li>
 * </ul>
 */
public final class PauseNemesis implements Nemesis {

    private final boolean leader;
    private BrokerProcess paused;
    private int victim = -1;

    public PauseNemesis(boolean leader) {
        this.leader = leader;
    }

    @Override
    public String name() {
        return leader ? "pause-leader" : "pause-random";
    }

    @Override
    public String start(FaultContext ctx) {
        int p = ctx.randomPartition();
        paused = leader ? ctx.leaderOr(p) : ctx.randomBroker();
        paused.pause();
        victim = paused.id();
        return "SIGSTOP broker " + paused.id() + (leader ? " (leader of partition " + p + ")" : "");
    }

    @Override
    public void stop(FaultContext ctx) {
        if (paused != null) {
            paused.resume();
            paused = null;
        }
    }

    @Override
    public Set<Integer> victims() {
        return victim < 0 ? Set.of() : Set.of(victim);
    }
}
