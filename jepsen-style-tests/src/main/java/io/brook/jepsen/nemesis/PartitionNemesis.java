package io.brook.jepsen.nemesis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Network partitions between brokers, through the cluster's {@link Network} (clients still reach every
 * broker), healed on stop.
 * <ul>
 * <li>{@code partition-node}: one random broker cut from all others;</li>
 * <li>{@code partition-leader}: the leader of a random partition cut from all others (it keeps
 * hearing clients until it notices it has lost its quorum);</li>
 * <li>{@code partition-halves}: a random majority and minority;</li>
 * <li>{@code partition-bridge}: two sides that cannot reach each other, and one node that reaches
 * both (with 3 brokers: 1 and 3 apart, 2 talks to both).</li>
 * </ul>
 */
public final class PartitionNemesis implements Nemesis {

    /** The shape of the cut. */
    public enum Shape { NODE, LEADER, HALVES, BRIDGE }

    private final Shape shape;
    private Set<Integer> isolated = Set.of();

    public PartitionNemesis(Shape shape) {
        this.shape = shape;
    }

    @Override
    public String name() {
        return "partition-" + shape.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String start(FaultContext ctx) {
        Network net = ctx.network();
        List<Integer> nodes = new ArrayList<>(net.nodes());
        Collections.shuffle(nodes, ctx.random());
        isolated = Set.of();
        switch (shape) {
            case NODE -> {
                int node = nodes.stream().filter(n -> !ctx.spared().contains(n)).findFirst().orElseThrow();
                net.isolate(node);
                isolated = Set.of(node);
            }
            case LEADER -> {
                int p = ctx.randomPartition();
                int leader = ctx.leaderOr(p).id();
                net.isolate(leader);
                isolated = Set.of(leader);
                return "isolated broker " + leader + " (leader of partition " + p + ")";
            }
            case HALVES -> {
                int m = ctx.majority();
                net.partition(List.of(new TreeSet<>(nodes.subList(0, m)), new TreeSet<>(nodes.subList(m, nodes.size()))));
            }
            case BRIDGE -> {
                int half = (nodes.size() - 1) / 2;
                Set<Integer> left = new TreeSet<>(nodes.subList(0, half));
                Set<Integer> right = new TreeSet<>(nodes.subList(half + 1, nodes.size()));
                net.bridge(left, nodes.get(half), right);
            }
        }
        return net.toString();
    }

    @Override
    public void stop(FaultContext ctx) {
        ctx.network().heal();
    }

    /** The broker cut off from all others by {@code partition-node} or {@code partition-leader}; empty for the other shapes. */
    @Override
    public Set<Integer> victims() {
        return isolated;
    }
}
