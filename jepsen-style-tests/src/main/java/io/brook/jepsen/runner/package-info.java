/**
 * Runs a whole Jepsen-style test ({@link io.brook.jepsen.runner.JepsenRun}) from its {@link
 * io.brook.jepsen.runner.RunOptions}: cluster, workers, faults, final reads, checkers, results folder.
 */
package io.brook.jepsen.runner;
