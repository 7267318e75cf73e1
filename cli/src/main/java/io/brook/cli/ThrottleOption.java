package io.brook.cli;

import picocli.CommandLine.Option;

/** {@code --throttle RATE} of the commands that start replica moves. */
public final class ThrottleOption {

    @Option(names = "--throttle", paramLabel = "RATE", converter = ByteRate.class, defaultValue = "0",
            description = "Replica moves: bytes per second each new replica may copy, e.g. 10MB (binary units); 0 (default): unthrottled.")
    long bytesPerSec;
}
