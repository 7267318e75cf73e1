/**
 * The results folder of a run ({@link io.brook.jepsen.report.RunReport}): the history as JSON lines,
 * {@code summary.json} (parameters, every checker's verdict with examples, fault windows, recovery
 * times, totals) and {@code plot.html}, a self-contained page whose inline SVG charts show throughput
 * and send latency per second with the fault windows shaded. Everything is computed in one pass over
 * the history, bucketed per second, so reports of runs with millions of ops stay cheap.
 *
 * <p>Depends on {@code io.brook.jepsen.history}, {@code io.brook.jepsen.checker} and the JDK only.
 */
package io.brook.jepsen.report;
