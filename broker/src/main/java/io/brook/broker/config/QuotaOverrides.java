package io.brook.broker.config;

import java.util.HashMap;
import java.util.Map;

/**
 * The value of {@code quota.overrides}: per principal, the byte rates that replace the defaults, as
 * {@code User:alice=produce:1048576/fetch:2097152,User:bob=fetch:0} (0 = unlimited). Stateless.
 */
public final class QuotaOverrides {

    public static final String PRODUCE = "produce";
    public static final String FETCH = "fetch";

    private QuotaOverrides() {
    }

    /**
     * @return principal → (produce|fetch → bytes per second)
     * @throws IllegalArgumentException naming what does not parse
     */
    public static Map<String, Map<String, Long>> parse(String v) {
        Map<String, Map<String, Long>> out = new HashMap<>();
        if (v == null || v.isBlank()) {
            return out;
        }
        for (String entry : v.split(",")) {
            String e = entry.trim();
            int eq = e.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected PRINCIPAL=produce:N/fetch:N, got '" + e + "'");
            }
            Map<String, Long> rates = new HashMap<>();
            for (String part : e.substring(eq + 1).split("/")) {
                String[] kv = part.trim().split(":");
                if (kv.length != 2 || !(kv[0].trim().equals(PRODUCE) || kv[0].trim().equals(FETCH))) {
                    throw new IllegalArgumentException("expected produce:N or fetch:N in '" + e + "', got '" + part.trim() + "'");
                }
                long rate;
                try {
                    rate = Long.parseLong(kv[1].trim());
                } catch (NumberFormatException x) {
                    throw new IllegalArgumentException("rate '" + kv[1].trim() + "' in '" + e + "' is not a number");
                }
                if (rate < 0) {
                    throw new IllegalArgumentException("rate in '" + e + "' is negative");
                }
                rates.put(kv[0].trim(), rate);
            }
            out.put(e.substring(0, eq).trim(), rates);
        }
        return out;
    }
}
