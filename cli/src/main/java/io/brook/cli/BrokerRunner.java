package io.brook.cli;

import io.brook.broker.Broker;
import io.brook.broker.config.BrokerConfig;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/** Runs a broker in the foreground until the JVM is asked to stop (SIGTERM, SIGINT). */
final class BrokerRunner {

    private BrokerRunner() {}

    static int runUntilStopped(BrokerConfig config, PrintWriter out, String banner) {
        Broker broker = Broker.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                broker.close();
            } finally {
                stopped.countDown();
            }
        }, "brook-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf(banner, broker.address().getHostString() + ":" + broker.address().getPort());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            broker.close();
        }
        return ExitCodes.OK;
    }
}
