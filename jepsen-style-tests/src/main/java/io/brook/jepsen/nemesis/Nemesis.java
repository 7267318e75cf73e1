package io.brook.jepsen.nemesis;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One kind of fault. The generator calls {@link #start} to inject it, lets the workload run under it,
 * then calls {@link #stop} to undo it (restart what was killed, resume what was paused, heal the
 * network), always in that order and from one thread. An instance remembers what its last start did,
 * so that stop undoes exactly that.
 */
public interface Nemesis {

    /** The name used on the command line and in reports, e.g. {@code kill-leader}. */
    String name();

    /**
     * Injects the fault.
     *
     * @return what was done, for the log and the fault window, e.g. {@code "kill -9 broker 2 (leader of p3)"}
     */
    String start(FaultContext ctx) throws Exception;

    /** Undoes the last {@link #start}; returns once the processes it touched run again. */
    void stop(FaultContext ctx) throws Exception;

    /**
     * True when this nemesis needs the brokers' data directories on the power-loss file system
     * ({@link io.brook.jepsen.powerfs}); a run that has such a nemesis mounts it. A nemesis that
     * combines others says true when any of them does.
     */
    default boolean needsPowerLossFs() {
        return false;
    }

    /**
     * True when this nemesis acts on client traffic, through the {@link ClientProxy} in front of each
     * broker ({@link FaultContext#clientProxy}); a run that has such a nemesis builds its cluster with
     * them. A nemesis that combines others says true when any of them does.
     */
    default boolean needsClientProxies() {
        return false;
    }

    /**
     * The brokers the last {@link #start} struck (killed, paused, isolated, damaged), so that a second
     * fault at the same time can be aimed at other ones; empty when it struck none in particular.
     */
    default Set<Integer> victims() {
        return Set.of();
    }

    /**
     * Called once after the last heal, with the load still running and before the final reads: waits, at
     * most {@code timeoutMs}, until what this nemesis set going in the cluster has finished (e.g. replica
     * moves), so that the run ends on a settled cluster.
     *
     * @return what did not finish in time, one line each; empty when everything did (or there was nothing)
     */
    default List<String> settle(FaultContext ctx, long timeoutMs) throws Exception {
        return List.of();
    }

    /**
     * Counts of what this nemesis did, for {@code summary.json} under its name (e.g. moves submitted and
     * completed); empty when it has nothing to add to the fault windows.
     */
    default Map<String, Object> report() {
        return Map.of();
    }
}
