package io.brook.jepsen.checker;

import io.brook.jepsen.history.Op;
import java.util.List;

/** Checks a complete history (every operation invoked and completed, including the final reads). */
public interface Checker {

    String name();

    CheckResult check(List<Op> history);
}
