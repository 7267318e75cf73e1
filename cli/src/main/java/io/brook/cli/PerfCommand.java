package io.brook.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code brook perf}: load generators, comparable with Kafka's perf tools. */
@Command(name = "perf", mixinStandardHelpOptions = true,
        description = {"Measure throughput and latency against a running cluster (see docs/benchmarks.md)."},
        subcommands = {PerfProduceCommand.class, PerfConsumeCommand.class, PerfEndToEndCommand.class})
public final class PerfCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
