package io.brook.jepsen.report;

import io.brook.jepsen.checker.CheckResult;
import java.util.List;
import java.util.Map;

/**
 * {@code plot.html}: the verdicts, two throughput charts (ok sends per second, and polled records per
 * second, each on its own axis) and a send latency chart (p50 and p99 per second, log scale), both with the fault windows shaded, then
 * the fault and parameter tables. One self-contained file: inline CSS and SVG, no scripts, no fonts,
 * no links, so it opens anywhere, offline, years later.
 */
final class PlotPage {

    private PlotPage() {}

    static String render(Map<String, ?> parameters, List<CheckResult> results, List<FaultWindow> faults,
                         long[] recoveryNanos, Timeline timeline) {
        boolean valid = results.stream().allMatch(CheckResult::valid);
        StringBuilder html = new StringBuilder(32_768);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Brook run: ")
                .append(valid ? "valid" : "INVALID").append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:24px;color:#222}\n")
                .append("table{border-collapse:collapse;margin-bottom:16px}\n")
                .append("th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px;vertical-align:top}\n")
                .append(".valid{color:#1a7f37}.invalid{color:#c62828;font-weight:bold}\n")
                .append("</style>\n</head>\n<body>\n<h1>Brook run: <span class=\"").append(valid ? "valid\">valid" : "invalid\">INVALID")
                .append("</span></h1>\n");
        verdicts(html, results);
        // one chart each: a poll returns many records per call, so on a shared axis the sends line lies flat at the bottom
        html.append("<h2>Throughput</h2>\n").append(new SvgChart("Acknowledged sends", "sends per second", false,
                timeline.seconds(), faults)
                .add("ok sends/s", "#1f77b4", timeline.okSendsPerSecond())
                .render());
        html.append(new SvgChart("Polled records", "records per second", false, timeline.seconds(), faults)
                .add("polled records/s", "#2ca02c", timeline.polledRecordsPerSecond())
                .render());
        html.append("<h2>Send latency</h2>\n").append(new SvgChart("Latency of ok sends, by second invoked",
                "latency (ms, log scale)", true, timeline.seconds(), faults)
                .add("p50", "#1f77b4", timeline.p50Millis())
                .add("p99", "#ff7f0e", timeline.p99Millis())
                .render());
        faults(html, faults, recoveryNanos);
        html.append("<h2>Parameters</h2>\n<table>\n");
        for (Map.Entry<String, ?> e : parameters.entrySet()) {
            html.append("<tr><th>").append(Svg.escape(e.getKey())).append("</th><td>")
                    .append(Svg.escape(String.valueOf(e.getValue()))).append("</td></tr>\n");
        }
        return html.append("</table>\n</body>\n</html>\n").toString();
    }

    private static void verdicts(StringBuilder html, List<CheckResult> results) {
        html.append("<table>\n<tr><th>checker</th><th>verdict</th><th>anomalies</th><th>first example</th></tr>\n");
        for (CheckResult r : results) {
            html.append("<tr><td>").append(Svg.escape(r.name())).append("</td><td class=\"")
                    .append(r.valid() ? "valid\">valid" : "invalid\">INVALID").append("</td><td>").append(r.anomalies())
                    .append("</td><td>").append(r.examples().isEmpty() ? "" : Svg.escape(r.examples().get(0)))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void faults(StringBuilder html, List<FaultWindow> faults, long[] recoveryNanos) {
        html.append("<h2>Faults</h2>\n<table>\n<tr><th>fault</th><th>start (s)</th><th>end (s)</th>")
                .append("<th>writes back after heal (ms)</th></tr>\n");
        for (int i = 0; i < faults.size(); i++) {
            FaultWindow w = faults.get(i);
            html.append("<tr><td>").append(Svg.escape(w.name())).append("</td><td>")
                    .append(Ticks.label(Math.round(w.startNanos() / 1e6) / 1e3)).append("</td><td>")
                    .append(Ticks.label(Math.round(w.endNanos() / 1e6) / 1e3)).append("</td><td>")
                    .append(recoveryNanos[i] < 0 ? "never" : Ticks.label(Math.round(recoveryNanos[i] / 1e5) / 10.0))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }
}
