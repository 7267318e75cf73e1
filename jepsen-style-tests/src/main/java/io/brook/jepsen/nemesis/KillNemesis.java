package io.brook.jepsen.nemesis;

import io.brook.jepsen.db.BrokerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * kill -9 of brokers (no shutdown, no flush: whatever the OS had not written is gone with the page
 * cache only if the machine died, so this exercises process crashes), restarted on stop.
 * <ul>
 * <li>{@code kill-random}: one random broker;</li>
 * <li>{@code kill-leader}: the leader of a random partition;</li>
 * <li>{@code kill-majority}: a majority of the brokers at once, so that nothing can commit until they return.</li>
 * </ul>
 */
public final class KillNemesis implements Nemesis {

    /** Whom to kill. */
    public enum Target { RANDOM, LEADER, MAJORITY }

    private final Target target;
    private final List<BrokerProcess> killed = new ArrayList<>();

    public KillNemesis(Target target) {
        this.target = target;
    }

    @Override
    public String name() {
        return "kill-" + target.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String start(FaultContext ctx) {
        killed.clear();
        String why = "";
        switch (target) {
            case RANDOM -> killed.add(ctx.randomBroker());
            case LEADER -> {
                int p = ctx.randomPartition();
                killed.add(ctx.leaderOr(p));
                why = " (leader of partition " + p + ")";
            }
            case MAJORITY -> killed.addAll(ctx.randomBrokers(ctx.majority()));
        }
        killed.forEach(BrokerProcess::kill);
        return "kill -9 broker " + killed.stream().map(b -> String.valueOf(b.id())).collect(Collectors.joining(",")) + why;
    }

    @Override
    public void stop(FaultContext ctx) {
        killed.forEach(ctx::restart);
        killed.clear();
    }

    @Override
    public Set<Integer> victims() {
        return killed.stream().map(BrokerProcess::id).collect(Collectors.toSet());
    }
}
