package io.brook.jepsen.report;

import io.brook.jepsen.checker.CheckResult;
import io.brook.jepsen.history.HistoryFiles;
import io.brook.jepsen.history.HistoryWriter;
import io.brook.jepsen.history.Json;
import io.brook.jepsen.history.Op;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results folder of a run:
 * <ul>
 * <li>{@code history.jsonl.gz}: the history in {@link io.brook.jepsen.history.HistoryFormat}, gzip-compressed
 * ({@code zcat} reads it; copied from the file the harness wrote, when given, else written from the ops);</li>
 * <li>{@code summary.json}: parameters, verdicts with counts and examples, fault windows, recovery
 * after each heal, totals (see {@link Summary} for the layout);</li>
 * <li>{@code plot.html}: throughput and latency per second with the faults shaded, self-contained.</li>
 * </ul>
 * Each file is written beside its final name and moved into place, so a folder never holds a
 * half-written file under a final name. The work is linear in the history (per-second buckets).
 * Immutable once built; {@link #writeTo} may be called from any thread.
 *
 * <pre>
 * RunReport.builder().parameters(params).history(ops).historyFile(harnessFile)
 *         .results(Checkers.run(ops, replicaLogs)).faults(windows).build().writeTo(dir);
 * </pre>
 */
public final class RunReport {

    /** gzip-compressed JSON lines: a 30 s run writes tens of MB of history, which compress about tenfold. */
    public static final String HISTORY_FILE = "history.jsonl.gz";
    public static final String SUMMARY_FILE = "summary.json";
    public static final String PLOT_FILE = "plot.html";

    private final Map<String, Object> parameters;
    private final List<Op> history;
    private final Path historyFile;
    private final List<CheckResult> results;
    private final List<FaultWindow> faults;
    private final Map<String, Object> nemeses;

    private RunReport(Builder b) {
        this.parameters = new LinkedHashMap<>(b.parameters);
        this.history = List.copyOf(b.history);
        this.historyFile = b.historyFile;
        this.results = List.copyOf(b.results);
        this.faults = List.copyOf(b.faults);
        this.nemeses = new LinkedHashMap<>(b.nemeses);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The content of {@code summary.json}, for callers that print or assert on it. */
    public Map<String, Object> summary() {
        return Summary.of(parameters, results, faults, Recovery.afterHeal(history, faults), Totals.of(history),
                AckStalls.of(history, AckStalls.from(faults)), nemeses);
    }

    /** Creates {@code dir} if needed and writes the three files, replacing earlier ones. */
    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeHistory(dir.resolve(HISTORY_FILE));
        long[] recovery = Recovery.afterHeal(history, faults);
        String summary = Json.writePretty(Summary.of(parameters, results, faults, recovery, Totals.of(history),
                AckStalls.of(history, AckStalls.from(faults)), nemeses));
        replace(dir.resolve(SUMMARY_FILE), summary);
        replace(dir.resolve(PLOT_FILE), PlotPage.render(parameters, results, faults, recovery, Timeline.of(history)));
    }

    private void writeHistory(Path target) throws IOException {
        if (historyFile != null && Files.exists(target) && Files.isSameFile(historyFile, target)) {
            return;
        }
        // the temporary name keeps the target's ending: it says whether the file is compressed
        Path tmp = target.resolveSibling(".tmp-" + target.getFileName());
        Files.deleteIfExists(tmp);
        if (historyFile != null) {
            HistoryFiles.copy(historyFile, tmp);
        } else {
            try (HistoryWriter writer = HistoryWriter.create(tmp)) {
                history.forEach(writer::append);
            }
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void replace(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Collects a report's inputs; the history and results are required, the rest optional. */
    public static final class Builder {
        private Map<String, ?> parameters = Map.of();
        private List<Op> history;
        private Path historyFile;
        private List<CheckResult> results;
        private List<FaultWindow> faults = List.of();
        private Map<String, ?> nemeses = Map.of();

        private Builder() {}

        /** The run's parameters (strings, numbers, booleans, lists or maps of them), in display order. */
        public Builder parameters(Map<String, ?> parameters) {
            this.parameters = parameters;
            return this;
        }

        /** Every op of the run, in index order. */
        public Builder history(List<Op> history) {
            this.history = history;
            return this;
        }

        /** The history file the harness wrote for {@link #history}: copied rather than encoded again. */
        public Builder historyFile(Path historyFile) {
            this.historyFile = historyFile;
            return this;
        }

        public Builder results(List<CheckResult> results) {
            this.results = results;
            return this;
        }

        public Builder faults(List<FaultWindow> faults) {
            this.faults = faults;
            return this;
        }

        /** What nemeses report of themselves, by nemesis name (e.g. replica moves submitted and completed). */
        public Builder nemeses(Map<String, ?> nemeses) {
            this.nemeses = nemeses;
            return this;
        }

        public RunReport build() {
            if (history == null || results == null) {
                throw new IllegalStateException("a run report needs the history and the checkers' results");
            }
            return new RunReport(this);
        }
    }
}
