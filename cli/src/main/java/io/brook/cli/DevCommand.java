package io.brook.cli;

import io.brook.broker.config.BrokerConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code brook dev}: one broker with development defaults. */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = {"Run a single development broker that creates topics on first use.",
                "It listens on 127.0.0.1:9192 (unless --listener) with data in ./data (unless --data). Stop it with Ctrl-C.",
                "Metrics and health: http://127.0.0.1:9392/metrics, /health/ready (the listener's port + 200, unless metrics.listener is set)."})
public final class DevCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions options;

    @Override
    public Integer call() {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put(BrokerConfig.AUTO_CREATE_TOPICS, "true");
        overrides.put(BrokerConfig.DATA_DIR, "./data");
        overrides.putAll(options.overrides());
        if (!overrides.containsKey(BrokerConfig.METRICS_LISTENER)
                && !System.getenv().containsKey(BrokerConfig.envName(BrokerConfig.METRICS_LISTENER))) {
            // the dev broker's metrics endpoint: its listener's host at port + 200, as 'cluster up' does
            java.net.InetSocketAddress l = BrokerConfig.load(null, System.getenv(), overrides).listener();
            overrides.put(BrokerConfig.METRICS_LISTENER, l.getHostString() + ":" + (l.getPort() == 0 ? 0
                    : l.getPort() + ClusterUpCommand.METRICS_PORT_OFFSET));
        }
        BrokerConfig cfg = BrokerConfig.load(null, System.getenv(), overrides);
        String banner = "Brook dev broker listening on %s (data in " + cfg.dataDir().toAbsolutePath().normalize() + ")%n"
                + "Try: ./brook topic create demo --partitions 3%n"
                + "     echo hello | ./brook produce demo%n"
                + "     ./brook consume demo --from-beginning --max 1%n"
                + "     curl -s http://" + cfg.getString(BrokerConfig.METRICS_LISTENER) + "/metrics | grep brook_%n";
        return BrokerRunner.runUntilStopped(cfg, spec.commandLine().getOut(), banner);
    }
}
