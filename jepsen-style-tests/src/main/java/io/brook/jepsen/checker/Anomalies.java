package io.brook.jepsen.checker;

import java.util.ArrayList;
import java.util.List;

/** Counts a checker's anomalies and keeps the first few as examples, in the order they were found. */
final class Anomalies {

    static final int MAX_EXAMPLES = 20;

    private final String checker;
    private final List<String> examples = new ArrayList<>();
    private long count;

    Anomalies(String checker) {
        this.checker = checker;
    }

    void add(String example) {
        count++;
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(example);
        }
    }

    CheckResult result() {
        return new CheckResult(checker, count == 0, count, examples);
    }
}
