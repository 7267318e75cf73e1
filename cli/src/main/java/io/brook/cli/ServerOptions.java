package io.brook.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Broker settings given on the command line; they override the config file and environment. */
public final class ServerOptions {

    @Option(names = "--listener", paramLabel = "HOST:PORT", description = "Address to listen on (listener).")
    String listener;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (data.dir).")
    String dataDir;

    @Option(names = "--broker-id", paramLabel = "ID", description = "Broker id (broker.id).")
    Integer brokerId;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE", description = "Any broker config key; repeatable.")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--verbose", description = "Print stack traces with errors.")
    boolean verbose;

    /** The overrides these flags make, as config keys. */
    Map<String, String> overrides() {
        Map<String, String> m = new LinkedHashMap<>(set);
        if (listener != null) {
            m.put("listener", listener);
        }
        if (dataDir != null) {
            m.put("data.dir", dataDir);
        }
        if (brokerId != null) {
            m.put("broker.id", String.valueOf(brokerId));
        }
        return m;
    }
}
