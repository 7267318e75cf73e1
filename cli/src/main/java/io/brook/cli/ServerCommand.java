package io.brook.cli;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.config.ConfigDef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code brook server}: a broker with a configuration file. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Run a broker in the foreground until SIGTERM or Ctrl-C (then it shuts down gracefully).",
                "Settings come from the defaults, --config, BROOK_* environment variables (log.segment.bytes is "
                        + "BROOK_LOG_SEGMENT_BYTES) and the flags below, each overriding the previous."})
public final class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Broker properties file.")
    Path config;

    @Mixin
    ServerOptions options;

    /**
     * The footer of {@code brook server --help}: every configuration key with its default (the
     * meanings are in docs/cli.md), generated from {@link BrokerConfig#DEF} so that it cannot fall behind.
     */
    static String[] configKeysFooter() {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Configuration keys and their defaults (--set KEY=VALUE, --config FILE, or BROOK_KEY_NAME; "
                + "meanings: docs/cli.md):");
        for (ConfigDef.Key key : BrokerConfig.DEF.keys().values()) {
            lines.add(String.format("  %-34s %s", key.name(), key.defaultValue().isEmpty() ? "(empty)" : key.defaultValue()));
        }
        return lines.toArray(new String[0]);
    }

    @Override
    public Integer call() {
        BrokerConfig cfg = BrokerConfig.load(config, System.getenv(), options.overrides());
        return BrokerRunner.runUntilStopped(cfg, spec.commandLine().getOut(), "Brook broker listening on %s%n");
    }
}
