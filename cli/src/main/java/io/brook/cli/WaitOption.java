package io.brook.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --wait[=TIMEOUT]} of the commands that can return once their replica moves are done. */
public final class WaitOption {

    @Option(names = "--wait", arity = "0..1", paramLabel = "TIMEOUT", fallbackValue = WaitTimeout.DEFAULT, converter = WaitTimeout.class,
            description = "Return once the moves are done (at most TIMEOUT, e.g. 30m; default " + WaitTimeout.DEFAULT + ").")
    Duration limit;

    /** Whether to wait (and the command is not a dry run). */
    boolean waits(boolean dryRun) {
        return limit != null && !dryRun;
    }
}
