package io.brook.jepsen.checker;

import java.util.List;

/**
 * A checker's verdict.
 *
 * @param name the checker's name, e.g. {@code lost-write}
 * @param valid no anomaly found
 * @param anomalies how many anomalies were found
 * @param examples a few of them, human-readable (at most ~20)
 */
public record CheckResult(String name, boolean valid, long anomalies, List<String> examples) {

    public CheckResult {
        examples = List.copyOf(examples);
    }
}
