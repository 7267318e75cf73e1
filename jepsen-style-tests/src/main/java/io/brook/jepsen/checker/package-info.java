/**
 * Checkers over a history, with Jepsen's names: lost-write, unseen, duplicate, inconsistent-offsets,
 * nonmonotonic-poll, poll-skip, unexpected, aborted-read, and split-brain over the replicas' final
 * logs. Each is a pure function of its inputs and reports every anomaly it finds with examples.
 */
package io.brook.jepsen.checker;
