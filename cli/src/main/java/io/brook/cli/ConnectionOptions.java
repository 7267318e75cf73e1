package io.brook.cli;

import picocli.CommandLine.Option;

/** How client commands reach the cluster. */
public final class ConnectionOptions {

    static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9192";

    @Option(names = {"-b", "--bootstrap"}, paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Brokers to start from (default: $BROOK_BOOTSTRAP, else " + DEFAULT_BOOTSTRAP + ").")
    String bootstrap;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "30000",
            description = "How long to wait for the cluster before giving up (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Option(names = "--verbose", description = "Print stack traces with errors.")
    boolean verbose;

    /** The bootstrap list: the flag, else BROOK_BOOTSTRAP, else the default. */
    String bootstrap() {
        if (bootstrap != null && !bootstrap.isBlank()) {
            return bootstrap;
        }
        String env = System.getenv("BROOK_BOOTSTRAP");
        return env == null || env.isBlank() ? DEFAULT_BOOTSTRAP : env;
    }
}
