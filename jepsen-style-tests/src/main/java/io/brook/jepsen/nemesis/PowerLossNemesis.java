package io.brook.jepsen.nemesis;

import io.brook.jepsen.db.BrokerProcess;
import io.brook.jepsen.history.Op;
import io.brook.jepsen.powerfs.PowerFsMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Power loss: a broker is killed -9 and its data directory, on the power-loss file system ({@link
 * io.brook.jepsen.powerfs}), goes back to what was fsynced, as if the machine had lost power; stop
 * starts the brokers again. Unlike {@code kill-*}, whatever the broker wrote without fsync (file data
 * or directory entries) is gone. Scenarios:
 * <ul>
 * <li>{@code power-loss-one}: one random broker;</li>
 * <li>{@code power-loss-all}: every broker at once;</li>
 * <li>{@code power-loss-staggered}: every broker, one after another 0.2-1 s apart, the others still
 * serving (and acknowledging) in between; they come back together;</li>
 * <li>{@code power-loss-new-topic}: a new topic is created (recorded in the history, so that the end
 * of the run checks it exists), then every broker loses power right after the acknowledgement;</li>
 * <li>{@code power-loss-after-restart}: a random broker is stopped gracefully and started again, then
 * loses power 1-3 s after it has registered.</li>
 * </ul>
 * Before each broker's cut a seeded coin decides whether its file system's journal had committed the
 * directory entries (only file data not fsynced is lost) or not (entries not made durable by a
 * directory fsync are lost as well). The brokers are started again all at once and awaited together, since a majority needs each other
 * to form the controller quorum. A broker that cannot start again fails {@link #stop} with the reason
 * from its log: the cluster did not come back by itself.
 */
public final class PowerLossNemesis implements Nemesis {

    /** The admin process id of the topics this nemesis creates. */
    public static final int ADMIN_PROCESS = -3;

    /** Which brokers lose power, and when. */
    public enum Scenario {
        ONE, ALL, STAGGERED, NEW_TOPIC, AFTER_RESTART;

        /** The nemesis name, e.g. {@code power-loss-new-topic}. */
        public String nemesisName() {
            return "power-loss-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Scenario scenario;
    private final List<BrokerProcess> down = new ArrayList<>();
    private int topics;

    public PowerLossNemesis(Scenario scenario) {
        this.scenario = scenario;
    }

    @Override
    public String name() {
        return scenario.nemesisName();
    }

    @Override
    public boolean needsPowerLossFs() {
        return true;
    }

    @Override
    public String start(FaultContext ctx) throws InterruptedException {
        down.clear();
        List<String> done = new ArrayList<>();
        switch (scenario) {
            case ONE -> done.add(cut(ctx, List.of(ctx.randomBroker())));
            case ALL -> done.add(cut(ctx, ctx.cluster().brokers()));
            case STAGGERED -> {
                for (BrokerProcess b : ctx.randomBrokers(ctx.cluster().brokers().size())) {
                    if (!down.isEmpty()) {
                        TimeUnit.MILLISECONDS.sleep(200 + ctx.random().nextInt(800)); // the stagger itself
                    }
                    done.add(cut(ctx, List.of(b)));
                }
            }
            case NEW_TOPIC -> {
                String topic = "power-" + ctx.topic() + "-" + topics++;
                Op.Type created = ctx.admin() == null ? null
                        : ctx.admin().createTopic(ADMIN_PROCESS, topic, 2, Math.min(3, ctx.cluster().brokers().size()));
                done.add("created " + topic + " (" + (created == null ? "not recorded" : created.name().toLowerCase(Locale.ROOT))
                        + ")");
                done.add(cut(ctx, ctx.cluster().brokers()));
            }
            case AFTER_RESTART -> {
                BrokerProcess b = ctx.randomBroker();
                b.stop(30_000);
                ctx.restartAll(List.of(b));
                long wait = 1_000 + ctx.random().nextInt(2_000);
                TimeUnit.MILLISECONDS.sleep(wait); // seconds after a clean restart, by design
                done.add("graceful restart of broker " + b.id() + ", " + wait + " ms later " + cut(ctx, List.of(b)));
            }
        }
        return String.join("; ", done);
    }

    /**
     * kill -9 of {@code brokers} together, then each one's file system back to its durable state. For
     * each broker a coin decides whether the file system's journal had committed the directory
     * entries first (as ext4 does every few seconds): then only unsynced file data is lost, and files
     * never fsynced come back empty; otherwise every entry not made durable by a directory fsync is
     * gone too.
     */
    private String cut(FaultContext ctx, List<BrokerProcess> brokers) {
        brokers.forEach(BrokerProcess::kill);
        List<String> dropped = new ArrayList<>();
        for (BrokerProcess b : brokers) {
            PowerFsMount fs = ctx.cluster().powerLossFs(b);
            boolean journal = ctx.random().nextBoolean();
            if (journal) {
                fs.commitEntries();
            }
            String stats = fs.powerLoss();
            dropped.add(b.id() + (journal ? " (entries journaled)" : ""));
            System.out.println("nemesis " + name() + ": power loss of broker " + b.id()
                    + (journal ? " after a journal commit of its directory entries" : "") + ", file system now " + stats);
            down.add(b);
        }
        return "power loss of broker " + String.join(", ", dropped);
    }

    @Override
    public void stop(FaultContext ctx) {
        try {
            ctx.restartAll(down);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("after " + name() + ", brokers " + down.stream().map(b -> String.valueOf(b.id()))
                    .collect(Collectors.joining(",")) + " did not come back by themselves: " + e.getMessage(), e);
        } finally {
            down.clear();
        }
    }
}
