package io.brook.jepsen.nemesis;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * The network between the brokers of a cluster, as the harness sees it: one {@link TcpProxy.Link}
 * per ordered pair of nodes (from → to), which node {@code from} dials for every connection to
 * {@code to} (the broker's {@code peer.addresses}, used by the partition Raft groups and the
 * controller quorum). Clients reach brokers directly, so a partition separates brokers from each
 * other, not from clients: an isolated leader still hears producers, as in Jepsen's Kafka tests.
 *
 * <p>Faults are expressed as which links are cut; {@link #heal()} restores them all. Calls come from
 * one harness thread.
 */
public final class Network implements AutoCloseable {

    private final TcpProxy proxy = new TcpProxy();
    private final Map<Long, TcpProxy.Link> links = new LinkedHashMap<>();
    private final List<Integer> nodes;
    private String state = "healed";

    /** @param ports node id → the port of its broker's peer listener */
    public Network(Map<Integer, Integer> ports) {
        this.nodes = List.copyOf(new TreeSet<>(ports.keySet()));
        for (int from : nodes) {
            for (int to : nodes) {
                if (from != to) {
                    links.put(key(from, to), proxy.open(from + "->" + to,
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.get(to))));
                }
            }
        }
    }

    private static long key(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }

    /** The {@code peer.addresses} value for node {@code from}: every other node through its link. */
    public String peerAddresses(int from) {
        return nodes.stream().filter(to -> to != from)
                .map(to -> to + "@127.0.0.1:" + links.get(key(from, to)).port()).collect(Collectors.joining(","));
    }

    public List<Integer> nodes() {
        return nodes;
    }

    /** Cuts every link between {@code node} and the others. */
    public void isolate(int node) {
        cut((a, b) -> a == node || b == node, "isolated " + node);
    }

    /**
     * Splits the nodes into components that cannot reach each other; a node in no component is cut
     * from everyone.
     */
    public void partition(Collection<? extends Set<Integer>> components) {
        cut((a, b) -> components.stream().noneMatch(c -> c.contains(a) && c.contains(b)), "partitioned " + components);
    }

    /**
     * Jepsen's bridge: {@code left} and {@code right} cannot reach each other, and {@code bridge}
     * reaches both, so each side sees a majority with the bridge node.
     */
    public void bridge(Set<Integer> left, int bridge, Set<Integer> right) {
        cut((a, b) -> (left.contains(a) && right.contains(b)) || (right.contains(a) && left.contains(b)),
                "bridged " + left + " <" + bridge + "> " + right);
    }

    /** Cuts the links (from, to) for which {@code cut} holds and restores the others. */
    public void cut(BiPredicate<Integer, Integer> cut, String description) {
        links.forEach((k, link) -> {
            int from = (int) (k >> 32);
            int to = (int) (long) k;
            if (cut.test(from, to)) {
                link.block();
            } else {
                link.unblock();
            }
        });
        state = description;
    }

    /** Restores every link. */
    public void heal() {
        links.values().forEach(TcpProxy.Link::unblock);
        state = "healed";
    }

    @Override
    public String toString() {
        return state;
    }

    @Override
    public void close() {
        proxy.close();
    }
}
