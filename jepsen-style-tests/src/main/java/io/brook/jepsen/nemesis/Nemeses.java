package io.brook.jepsen.nemesis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The nemeses by name, for the command line and the suites. Stateless. */
public final class Nemeses {

    /** Every nemesis name, in the order {@code all} cycles through them. */
    public static final List<String> NAMES = List.of("kill-random", "kill-leader", "kill-majority", "pause-random",
            "pause-leader", "partition-node", "partition-leader", "partition-halves", "partition-bridge",
            "truncate-tail", "bitflip-tail", "damage+kill-leader", "partition+kill", "pause+damage", "power-loss-one",
            "power-loss-all", "power-loss-staggered", "power-loss-new-topic", "power-loss-after-restart",
            RollingRestartNemesis.NAME, MembershipNemesis.NAME);

    /** Nemeses that need the subscribe workload (a consumer group); not in {@link #NAMES}, so not in {@code all}. */
    public static final List<String> GROUP_NAMES = List.of(ConsumerKillNemesis.NAME);

    /** The power-loss nemeses: they need the power-loss file system (root and FUSE). */
    public static final List<String> POWER_LOSS_NAMES = NAMES.stream().filter(n -> n.startsWith("power-loss-")).toList();

    private Nemeses() {}

    /** A new nemesis called {@code name}. */
    public static Nemesis byName(String name) {
        Supplier<Nemesis> s = switch (name) {
            case "kill-random" -> () -> new KillNemesis(KillNemesis.Target.RANDOM);
            case "kill-leader" -> () -> new KillNemesis(KillNemesis.Target.LEADER);
            case "kill-majority" -> () -> new KillNemesis(KillNemesis.Target.MAJORITY);
            case "pause-random" -> () -> new PauseNemesis(false);
            case "pause-leader" -> () -> new PauseNemesis(true);
            case "partition-node" -> () -> new PartitionNemesis(PartitionNemesis.Shape.NODE);
            case "partition-leader" -> () -> new PartitionNemesis(PartitionNemesis.Shape.LEADER);
            case "partition-halves" -> () -> new PartitionNemesis(PartitionNemesis.Shape.HALVES);
            case "partition-bridge" -> () -> new PartitionNemesis(PartitionNemesis.Shape.BRIDGE);
            case "truncate-tail" -> () -> new FileFaultNemesis(true);
            case "bitflip-tail" -> () -> new FileFaultNemesis(false);
            case "damage+kill-leader" -> () -> new CombinedNemesis(name, new KillNemesis(KillNemesis.Target.LEADER),
                    CombinedNemesis.damage());
            case "partition+kill" -> () -> new CombinedNemesis(name, new PartitionNemesis(PartitionNemesis.Shape.NODE),
                    new KillNemesis(KillNemesis.Target.RANDOM));
            case "pause+damage" -> () -> new CombinedNemesis(name, new PauseNemesis(false), CombinedNemesis.damage());
            case "power-loss-one" -> () -> new PowerLossNemesis(PowerLossNemesis.Scenario.ONE);
            case "power-loss-all" -> () -> new PowerLossNemesis(PowerLossNemesis.Scenario.ALL);
            case "power-loss-staggered" -> () -> new PowerLossNemesis(PowerLossNemesis.Scenario.STAGGERED);
            case "power-loss-new-topic" -> () -> new PowerLossNemesis(PowerLossNemesis.Scenario.NEW_TOPIC);
            case "power-loss-after-restart" -> () -> new PowerLossNemesis(PowerLossNemesis.Scenario.AFTER_RESTART);
            case RollingRestartNemesis.NAME -> RollingRestartNemesis::new;
            case MembershipNemesis.NAME -> MembershipNemesis::new;
            case ConsumerKillNemesis.NAME -> ConsumerKillNemesis::new;
            default -> throw new IllegalArgumentException("unknown nemesis '" + name + "'; known: " + String.join(", ", NAMES)
                    + ", " + String.join(", ", GROUP_NAMES) + ", all, none");
        };
        return s.get();
    }

    /**
     * The nemeses a command line names: a comma-separated list of names, {@code all} for every one,
     * or {@code none} for a run without faults (an empty list).
     */
    public static List<String> parse(String spec) {
        List<String> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String name = part.trim();
            if (name.equals("all")) {
                out.addAll(NAMES);
            } else if (!name.equals("none") && !name.isEmpty()) {
                byName(name);
                out.add(name);
            }
        }
        return out;
    }
}
