package io.brook.cli;

import io.brook.broker.config.BrokerConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code brook server}: a broker with a configuration file. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Run a broker in the foreground until SIGTERM or Ctrl-C (then it shuts down gracefully).",
                "Settings come from the defaults, --config, BROOK_* environment variables (log.segment.bytes is",
                "BROOK_LOG_SEGMENT_BYTES) and the flags below, each overriding the previous."})
public final class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Broker properties file.")
    Path config;

    @Mixin
    ServerOptions options;

    @Override
    public Integer call() {
        BrokerConfig cfg = BrokerConfig.load(config, System.getenv(), options.overrides());
        return BrokerRunner.runUntilStopped(cfg, spec.commandLine().getOut(), "Brook broker listening on %s%n");
    }
}
