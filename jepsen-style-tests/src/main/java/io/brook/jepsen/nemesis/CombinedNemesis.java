package io.brook.jepsen.nemesis;

import java.util.HashSet;
import java.util.Set;

/**
 * Two faults at once on different brokers: {@code first} strikes, then {@code second} strikes one of
 * the brokers the first spared; on stop, the second is undone first, then the first (so that, e.g., a
 * damaged broker restarts while the killed leader is still down, and must not help elect a leader
 * that lacks what it lost). Both are undone even when one's undo fails.
 * <ul>
 * <li>{@code damage+kill-leader}: kill -9 of the leader of a random partition, and file damage
 * (truncate or bit flip of the newest segments' tails, as {@code truncate-tail}/{@code bitflip-tail})
 * on another broker;</li>
 * <li>{@code partition+kill}: one broker cut off from the others, and kill -9 of another;</li>
 * <li>{@code pause+damage}: SIGSTOP of one broker, and file damage on another.</li>
 * </ul>
 */
public final class CombinedNemesis implements Nemesis {

    private final String name;
    private final Nemesis first;
    private final Nemesis second;

    public CombinedNemesis(String name, Nemesis first, Nemesis second) {
        this.name = name;
        this.first = first;
        this.second = second;
    }

    /** File damage, truncate or bit flip chosen at random each time. */
    static Nemesis damage() {
        return new Nemesis() {
            private final Nemesis truncate = new FileFaultNemesis(true);
            private final Nemesis bitflip = new FileFaultNemesis(false);
            private Nemesis current = truncate;

            @Override
            public String name() {
                return "damage";
            }

            @Override
            public String start(FaultContext ctx) throws Exception {
                current = ctx.random().nextBoolean() ? truncate : bitflip;
                return current.start(ctx);
            }

            @Override
            public void stop(FaultContext ctx) throws Exception {
                current.stop(ctx);
            }

            @Override
            public Set<Integer> victims() {
                return current.victims();
            }
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String start(FaultContext ctx) throws Exception {
        String a = first.start(ctx);
        Set<Integer> struck = first.victims();
        if (struck.size() >= ctx.cluster().brokers().size()) {
            return a + "; nothing left for " + second.name();
        }
        String b = second.start(ctx.sparing(struck));
        return a + "; " + b;
    }

    @Override
    public void stop(FaultContext ctx) throws Exception {
        try {
            second.stop(ctx);
        } finally {
            first.stop(ctx);
        }
    }

    @Override
    public boolean needsPowerLossFs() {
        return first.needsPowerLossFs() || second.needsPowerLossFs();
    }

    @Override
    public boolean needsClientProxies() {
        return first.needsClientProxies() || second.needsClientProxies();
    }

    @Override
    public Set<Integer> victims() {
        Set<Integer> all = new HashSet<>(first.victims());
        all.addAll(second.victims());
        return all;
    }
}
