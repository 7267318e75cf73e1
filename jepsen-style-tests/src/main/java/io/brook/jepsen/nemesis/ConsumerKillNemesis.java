package io.brook.jepsen.nemesis;

import io.brook.jepsen.client.GroupMembers;
import io.brook.jepsen.client.GroupWorker;
import io.brook.jepsen.db.BrokerProcess;

/**
 * {@code consumer-kill}: kills a random member of the subscribe workload's consumer group and, on
 * stop, starts a fresh member in its place, which resumes from the group's commits.
 *
 * <p>The members run in the harness's JVM, so a kill cannot be a {@code kill -9}; it is made as close
 * to one as the network allows. Every client connection goes through the {@link ClientProxy} in front
 * of each broker (the run's bootstrap names the proxies and the brokers advertise them), and the
 * nemesis first cuts, on every proxy, every connection whose requests carry the member's client id
 * ({@link ClientProxy#cut}): from then on nothing the member sends reaches a broker and nothing
 * reaches it, so it cannot commit, heartbeat or leave; the coordinator must expire its session
 * ({@code group.session.timeout.ms}) before its partitions move. Only then is the member abandoned
 * ({@link GroupWorker#kill()}): the operation it had open completes as unknown, it records nothing
 * more, and its consumer is closed on its own thread, with its leave request cut like the rest. The
 * replacement is a new Consumer with a new client id and a new Jepsen process id.
 */
public final class ConsumerKillNemesis implements Nemesis {

    public static final String NAME = "consumer-kill";

    private GroupWorker killed;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String start(FaultContext ctx) {
        GroupMembers group = ctx.group();
        if (group == null) {
            throw new IllegalStateException(NAME + " needs the subscribe workload (group consumers)");
        }
        killed = group.pick(ctx.random());
        if (killed == null) {
            return "no live group member to kill";
        }
        for (BrokerProcess b : ctx.cluster().brokers()) {
            ctx.clientProxy(b).cut(killed.clientId());
        }
        group.kill(killed);
        return "kill group member process " + killed.process() + " (all its connections cut)";
    }

    @Override
    public void stop(FaultContext ctx) {
        if (killed != null) {
            ctx.group().restartKilled();
            killed = null;
        }
    }

    @Override
    public boolean needsClientProxies() {
        return true;
    }
}
