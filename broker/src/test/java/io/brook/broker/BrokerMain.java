package io.brook.broker;

import io.brook.broker.config.BrokerConfig;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A broker in a JVM of its own, for tests that kill it ({@link CrashDurabilityTest}). Arguments are
 * {@code key=value} broker settings. Prints {@value #PORT_LINE} and the bound port once it listens;
 * stops gracefully when its standard input closes, so that it never outlives the test JVM that
 * started it, and otherwise runs until killed.
 */
public final class BrokerMain {

    /** The line prefix that announces the bound port. */
    public static final String PORT_LINE = "BROOK-PORT ";

    private BrokerMain() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + arg + "'");
            }
            overrides.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Broker broker;
        try {
            broker = Broker.start(BrokerConfig.of(overrides));
        } catch (RuntimeException | Error e) {
            // exit, so that the test sees the failure at once instead of waiting for the port
            e.printStackTrace();
            System.exit(2);
            return;
        }
        System.out.println(PORT_LINE + broker.address().getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to go away
        }
        broker.close();
    }
}
