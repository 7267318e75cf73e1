/**
 * A run's phases: load with faults for T seconds ({@link io.brook.jepsen.generator.Generator}), then
 * (in {@link io.brook.jepsen.runner.JepsenRun}) heal everything, wait for recovery, and read every
 * partition from offset 0 to the end.
 */
package io.brook.jepsen.generator;
