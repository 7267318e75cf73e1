package io.brook.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where {@code brook cluster up} keeps a local cluster: one directory per broker, their logs and the record. */
public final class ClusterDirOption {

    static final String DEFAULT_DIR = "data/cluster";

    @Option(names = "--data", paramLabel = "DIR", defaultValue = DEFAULT_DIR,
            description = "Directory of the local cluster: broker data, logs, and the record of what runs "
                    + "(default: ${DEFAULT-VALUE}).")
    Path dir;

    /** The directory, absolute and normalised (it is written into the record and the brokers' command lines). */
    Path dir() {
        return dir.toAbsolutePath().normalize();
    }
}
