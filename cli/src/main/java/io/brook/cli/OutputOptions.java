package io.brook.cli;

import picocli.CommandLine.Option;

/** Human tables or JSON for scripts. */
public final class OutputOptions {

    /** Output formats. */
    public enum Format { table, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (for people) or json (for scripts); default: ${DEFAULT-VALUE}.")
    Format format;

    boolean json() {
        return format == Format.json;
    }
}
