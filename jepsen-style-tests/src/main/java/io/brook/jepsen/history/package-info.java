/**
 * The history of a run: every operation's invocation and completion ({@link io.brook.jepsen.history.Op}),
 * with times, in the order they happened. {@link io.brook.jepsen.history.HistoryWriter} appends it as
 * JSON lines ({@link io.brook.jepsen.history.HistoryFormat}, version 3; 1 and 2 still read) so that a run can be checked
 * again later and read by people; {@link io.brook.jepsen.history.HistoryReader} reads it back strictly;
 * {@link io.brook.jepsen.history.History} pairs invocations with completions and indexes sends by
 * value; {@link io.brook.jepsen.history.Json} is the small JSON codec behind the format and the run
 * summaries.
 *
 * <p>Depends on the JDK only: workloads, checkers and reports depend on it, never the reverse.
 */
package io.brook.jepsen.history;
