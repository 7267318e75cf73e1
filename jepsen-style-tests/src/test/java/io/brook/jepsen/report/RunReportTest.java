package io.brook.jepsen.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.checker.CheckResult;
import io.brook.jepsen.checker.Checkers;
import io.brook.jepsen.history.HistoryReader;
import io.brook.jepsen.history.HistoryWriter;
import io.brook.jepsen.history.Json;
import io.brook.jepsen.history.Op;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {

    @TempDir Path tmp;

    private List<Op> history;
    private List<CheckResult> results;
    private Path dir;

    @BeforeEach
    void render() throws IOException {
        history = SyntheticRun.history();
        results = new ArrayList<>(Checkers.run(history, null));
        results.add(new CheckResult("split-brain", false, 2, List.of("p0@1: broker 1 holds a, broker 2 holds b",
                "broker 3 lacks p0@2 (c, held by broker 1) between its p0@0 and p0@5")));
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("brokers", 3);
        parameters.put("nemesis", "kill-leader");
        parameters.put("acks", "all");
        parameters.put("seed", 42L);
        dir = tmp.resolve("results");
        RunReport.builder().parameters(parameters).history(history).results(results)
                .faults(List.of(SyntheticRun.FAULT)).build().writeTo(dir);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> summary() throws IOException {
        return (Map<String, Object>) Json.parse(Files.readString(dir.resolve("summary.json")));
    }

    private String plot() throws IOException {
        return Files.readString(dir.resolve("plot.html"));
    }

    @Test
    void the_folder_holds_history_summary_and_plot_and_nothing_half_written() throws IOException {
        // when
        List<String> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        // then
        assertThat(files).containsExactly("history.jsonl.gz", "plot.html", "summary.json");
        assertThat(dir.resolve("plot.html")).isNotEmptyFile();
    }

    @Test
    @SuppressWarnings("unchecked")
    void summary_parses_and_carries_every_checkers_verdict() throws IOException {
        // when
        Map<String, Object> summary = summary();
        // then
        assertThat(summary).containsEntry("format", "brook-run-summary").containsEntry("version", 1L)
                .containsEntry("valid", false);
        List<Map<String, Object>> checkers = (List<Map<String, Object>>) summary.get("checkers");
        assertThat(checkers).extracting(c -> c.get("name")).containsExactly("lost-write", "unseen", "missing-at-end", "duplicate",
                "inconsistent-offsets", "nonmonotonic-poll", "poll-skip", "unexpected", "aborted-read", "lost-admin-change",
                "producer-order", "group-lost", "commit-backwards", "group-skip", "split-brain");
        assertThat(checkers.subList(0, 14)).allSatisfy(c -> assertThat(c).containsEntry("valid", true)
                .containsEntry("anomalies", 0L).containsEntry("examples", List.of()));
        assertThat(checkers.get(14)).containsEntry("valid", false).containsEntry("anomalies", 2L)
                .containsEntry("examples", results.get(14).examples());
    }

    @Test
    void summary_carries_parameters_fault_windows_and_recovery_after_heal() throws IOException {
        // when
        Map<String, Object> summary = summary();
        // then: the first send after the heal at 5 s is invoked at 5.0 s and acknowledged 5 ms later
        assertThat(summary.get("parameters")).isEqualTo(Map.of("brokers", 3L, "nemesis", "kill-leader", "acks", "all",
                "seed", 42L));
        assertThat(summary.get("faults")).isEqualTo(List.of(Map.of("name", "kill-leader", "start-ms", 3000L,
                "end-ms", 5000L, "recovery-ms", 5.0)));
        assertThat(summary).containsEntry("recovery-ms", 5.0);
    }

    @Test
    void summary_carries_the_totals() throws IOException {
        // when
        Object totals = summary().get("totals");
        // then
        assertThat(totals).isEqualTo(Map.of("ops", (long) history.size(), "duration-ms", 10_501L,
                "sends", Map.of("ok", 80L, "fail", 20L, "info", 0L),
                "polls", Map.of("ok", 11L, "fail", 0L, "info", 0L),
                "records-polled", 80L, "records-final-read", 80L));
    }

    @Test
    void history_file_reads_back_as_the_history() throws IOException {
        // when
        List<Op> read = HistoryReader.read(dir.resolve("history.jsonl.gz"));
        // then
        assertThat(read).isEqualTo(history);
    }

    @Test
    void a_history_file_the_harness_wrote_is_copied_as_it_is() throws IOException {
        // given
        Path harnessFile = tmp.resolve("harness-history.jsonl.gz");
        try (HistoryWriter writer = HistoryWriter.create(harnessFile)) {
            history.forEach(writer::append);
        }
        Path other = tmp.resolve("other");
        // when
        RunReport.builder().history(history).historyFile(harnessFile).results(results).build().writeTo(other);
        // then
        assertThat(other.resolve("history.jsonl.gz")).hasSameBinaryContentAs(harnessFile);
    }

    @Test
    void every_chart_shades_and_labels_the_fault_window() throws IOException {
        // when
        String plot = plot();
        // then: 11 one-second buckets over 860 px from x=76; the window spans 3 s to 5 s
        Matcher rects = Pattern.compile("<rect class=\"fault\" x=\"310\\.5\" y=\"40\" width=\"156\\.4\" height=\"208\""
                + "[^>]*><title>kill-leader: 3 s to 5 s</title></rect>").matcher(plot);
        assertThat(rects.results().count()).isEqualTo(3);
        assertThat(Pattern.compile("<text class=\"fault-label\"[^>]*>kill-leader</text>").matcher(plot).results().count())
                .isEqualTo(3);
    }

    @Test
    void sends_and_polled_records_are_on_charts_of_their_own() throws IOException {
        // when
        String plot = plot();
        // then: a poll returns many records at once, so on one axis the sends would lie flat at the bottom
        int sends = plot.indexOf("aria-label=\"Acknowledged sends\"");
        int polled = plot.indexOf("aria-label=\"Polled records\"");
        assertThat(sends).isNotNegative();
        assertThat(polled).isGreaterThan(sends);
        assertThat(plot.substring(sends, polled)).contains(">ok sends/s</text>").doesNotContain(">polled records/s</text>");
        assertThat(plot.substring(polled)).contains(">polled records/s</text>");
    }

    @Test
    void charts_have_axes_with_units_ticks_and_a_legend() throws IOException {
        // when
        String plot = plot();
        // then
        assertThat(plot).contains(">time since start (s)</text>", ">sends per second</text>", ">records per second</text>",
                ">latency (ms, log scale)</text>", "text-anchor=\"middle\">10</text>", ">ok sends/s</text>",
                ">polled records/s</text>", ">p50</text>", ">p99</text>");
    }

    @Test
    void the_page_shows_the_verdicts() throws IOException {
        // when
        String plot = plot();
        // then
        assertThat(plot).contains("<title>Brook run: INVALID</title>",
                "<tr><td>split-brain</td><td class=\"invalid\">INVALID</td><td>2</td><td>p0@1: broker 1 holds a, broker 2 holds b</td></tr>",
                "<tr><td>lost-write</td><td class=\"valid\">valid</td><td>0</td><td></td></tr>");
    }

    @Test
    void the_page_is_self_contained() throws IOException {
        // when
        String plot = plot();
        // then
        assertThat(plot).startsWith("<!DOCTYPE html>").contains("<svg class=\"chart\"")
                .doesNotContain("<script", "src=", "href=", "http:", "https:", "@import", "url(", "@font-face");
    }
}
