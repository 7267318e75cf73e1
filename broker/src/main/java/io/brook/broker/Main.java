package io.brook.broker;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A bare broker process: {@code java -cp ... io.brook.broker.Main key=value ...}. Settings layer as
 * for {@code brook server} (defaults, {@code BROOK_*} environment, then the arguments). Runs until
 * SIGTERM or SIGINT, then shuts down gracefully. For harnesses that start brokers from a classpath
 * (the fault-injection tests); people use {@code brook server}.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                System.err.println("error: expected key=value, got '" + arg + "'");
                System.exit(2);
            }
            overrides.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Broker broker;
        try {
            broker = Broker.start(BrokerConfig.load(null, System.getenv(), overrides));
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(4);
            return;
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } finally {
                stopped.countDown();
            }
        }, "brook-shutdown"));
        stopped.await();
    }
}
