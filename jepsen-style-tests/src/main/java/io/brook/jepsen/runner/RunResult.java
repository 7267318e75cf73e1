package io.brook.jepsen.runner;

import io.brook.jepsen.checker.CheckResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a run.
 *
 * @param results every checker's verdict
 * @param summary the content of the results folder's {@code summary.json}
 * @param recoveryMs per fault, ms from its heal until every replica was in sync again (-1: not in time)
 * @param folder the results folder
 */
public record RunResult(List<CheckResult> results, Map<String, Object> summary, List<Long> recoveryMs, Path folder) {

    public RunResult {
        results = List.copyOf(results);
        recoveryMs = List.copyOf(recoveryMs);
    }

    /** No checker found an anomaly. */
    public boolean valid() {
        return results.stream().allMatch(CheckResult::valid);
    }

    /** The result of the checker called {@code name}. */
    public CheckResult result(String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no checker " + name));
    }
}
