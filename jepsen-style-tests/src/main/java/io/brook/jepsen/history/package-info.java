/**
 * The history of a run: every operation's invocation and completion ({@link io.brook.jepsen.history.Op}),
 * with times, in the order they happened, written as JSON lines so that a run can be checked again
 * later and read by people.
 */
package io.brook.jepsen.history;
