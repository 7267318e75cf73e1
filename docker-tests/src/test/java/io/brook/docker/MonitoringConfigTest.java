package io.brook.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The monitoring files in docker/ checked without Docker (no image can be pulled where the tests
 * run): every metric the Grafana dashboard queries is one docs/metrics.md lists, so the dashboard
 * cannot drift from the metrics silently; Prometheus scrapes exactly the metrics listeners that
 * docker-compose.yml gives its brokers; the monitoring services are behind the {@code monitoring}
 * profile, and what they mount exists.
 */
class MonitoringConfigTest {

    private static final Path DOCKER = Path.of("..", "docker");
    private static final Path DASHBOARD = DOCKER.resolve("grafana/brook-dashboard.json");

    /** A backticked name in docs/metrics.md: {@code brook_requests_total}, or a family such as {@code jvm_memory_pool_*}. */
    private static final Pattern DOC_NAME = Pattern.compile("`((?:brook|jvm|process)_[a-z0-9_]*\\*?)`");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> PROMQL_KEYWORDS = Set.of("and", "or", "unless", "offset", "bool", "inf", "nan");

    @Test
    void every_metric_the_dashboard_queries_is_documented() throws IOException {
        Set<String> documented = documentedMetrics();
        Map<String, String> referenced = dashboardMetrics(); // name -> panel title

        assertThat(documented).as("names read from docs/metrics.md").hasSizeGreaterThan(20);
        assertThat(referenced.keySet()).as("metrics the dashboard queries")
                .allSatisfy(name -> assertThat(isDocumented(name, documented))
                        .as("%s (panel '%s') is not in docs/metrics.md", name, referenced.get(name)).isTrue());
    }

    @Test
    void the_dashboard_covers_what_an_operator_watches() throws IOException {
        assertThat(dashboardMetrics().keySet()).contains(
                "brook_topic_produced_bytes_total", "brook_topic_produced_records_total",
                "brook_topic_fetched_bytes_total", "brook_topic_fetched_records_total",
                "brook_requests_total", "brook_request_errors_total", "brook_request_duration_seconds_bucket",
                "brook_partitions_under_replicated", "brook_partitions_offline", "brook_partition_role",
                "brook_partition_follower_lag_records", "brook_group_lag_records", "brook_log_fsync_duration_seconds_bucket",
                "jvm_memory_used_bytes", "jvm_gc_collection_seconds_sum");
    }

    @Test
    void every_panel_queries_the_dashboards_datasource_variable() throws IOException {
        Map<String, Object> dashboard = object(Json.parse(Files.readString(DASHBOARD)));
        List<Object> variables = list(object(dashboard.get("templating")).get("list"));
        assertThat(variables).anySatisfy(v -> assertThat(object(v))
                .containsEntry("name", "datasource").containsEntry("type", "datasource").containsEntry("query", "prometheus"));
        for (Map<String, Object> panel : queryPanels(dashboard)) {
            assertThat(object(panel.get("datasource"))).as("%s", panel.get("title")).containsEntry("uid", "${datasource}");
            assertThat(list(panel.get("targets"))).as("%s", panel.get("title")).isNotEmpty();
        }
    }

    @Test
    void prometheus_scrapes_the_metrics_listeners_of_the_compose_brokers() throws IOException {
        String compose = Files.readString(DOCKER.resolve("docker-compose.yml"));
        Set<String> listeners = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\s+BROOK_METRICS_LISTENER:\\s*\"?([^\"\\s]+)\"?\\s*$").matcher(compose);
        while (m.find()) {
            listeners.add(m.group(1));
        }
        String prometheus = Files.readString(DOCKER.resolve("prometheus/prometheus.yml"));
        Set<String> targets = new TreeSet<>();
        Matcher t = Pattern.compile("(?m)^\\s+-\\s+\"?([^\"\\s:]+:\\d+)\"?\\s*$").matcher(prometheus);
        while (t.find()) {
            targets.add(t.group(1));
        }

        assertThat(listeners).hasSize(3);
        assertThat(targets).isEqualTo(listeners);
        assertThat(prometheus).contains("metrics_path: /metrics");
    }

    @Test
    void the_monitoring_services_are_behind_their_profile_and_mount_files_that_exist() throws IOException {
        Map<String, String> services = composeServices(Files.readString(DOCKER.resolve("docker-compose.yml")));
        assertThat(services).containsKeys("brook-1", "brook-2", "brook-3", "prometheus", "grafana");
        services.forEach((name, block) -> {
            if (name.startsWith("brook-")) {
                assertThat(block).as(name).doesNotContain("profiles:");
            } else {
                assertThat(block).as(name).contains("profiles: [monitoring]");
            }
        });
        Matcher bind = Pattern.compile("(?m)^\\s+-\\s+(\\./[^:]+):([^:]+)(?::ro)?\\s*$").matcher(
                services.get("prometheus") + services.get("grafana"));
        int binds = 0;
        while (bind.find()) {
            binds++;
            assertThat(DOCKER.resolve(bind.group(1))).as("mounted %s", bind.group(1)).exists();
        }
        assertThat(binds).isEqualTo(3);
        // Grafana's data source is the Prometheus of the profile, dashboards are loaded from where the file is mounted
        assertThat(services.get("prometheus")).contains("--web.listen-address=127.0.0.1:9090");
        assertThat(Files.readString(DOCKER.resolve("grafana/provisioning/datasources/brook.yml")))
                .contains("url: http://127.0.0.1:9090");
        assertThat(Files.readString(DOCKER.resolve("grafana/provisioning/dashboards/brook.yml")))
                .contains("path: /var/lib/grafana/dashboards");
        assertThat(services.get("grafana")).contains("brook-dashboard.json:/var/lib/grafana/dashboards/brook-dashboard.json");
    }

    private static boolean isDocumented(String name, Set<String> documented) {
        if (documented.contains(name)) {
            return true;
        }
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix) && documented.contains(name.substring(0, name.length() - suffix.length()))) {
                return true;
            }
        }
        return documented.stream().anyMatch(d -> d.endsWith("*") && name.startsWith(d.substring(0, d.length() - 1)));
    }

    private static Set<String> documentedMetrics() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = DOC_NAME.matcher(Files.readString(Path.of("..", "docs", "metrics.md")));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * The metric names in the dashboard's PromQL: what is left of each expression once string
     * literals, label matchers, range selectors and grouping clauses are removed, minus function
     * names (an identifier before a parenthesis) and keywords. A misspelt name is kept, so it fails.
     */
    private static Map<String, String> dashboardMetrics() throws IOException {
        Map<String, Object> dashboard = object(Json.parse(Files.readString(DASHBOARD)));
        Map<String, String> names = new LinkedHashMap<>();
        for (Map<String, Object> panel : queryPanels(dashboard)) {
            for (Object target : list(panel.get("targets"))) {
                String expr = (String) object(target).get("expr");
                String bare = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                        .replaceAll("\\{[^}]*}", "")
                        .replaceAll("\\[[^]]*]", "")
                        .replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
                Matcher m = IDENTIFIER.matcher(bare);
                int found = 0;
                while (m.find()) {
                    String rest = bare.substring(m.end()).stripLeading();
                    if (rest.startsWith("(") || PROMQL_KEYWORDS.contains(m.group().toLowerCase())) {
                        continue;
                    }
                    names.putIfAbsent(m.group(), (String) panel.get("title"));
                    found++;
                }
                assertThat(found).as("a metric in '%s' of panel '%s'", expr, panel.get("title")).isPositive();
            }
        }
        return names;
    }

    private static List<Map<String, Object>> queryPanels(Map<String, Object> dashboard) {
        List<Map<String, Object>> panels = new ArrayList<>();
        for (Object p : list(dashboard.get("panels"))) {
            Map<String, Object> panel = object(p);
            if (!"row".equals(panel.get("type"))) {
                panels.add(panel);
            }
        }
        assertThat(panels).isNotEmpty();
        return panels;
    }

    /** The compose file's services, each as the text of its block (the lines indented under its name). */
    private static Map<String, String> composeServices(String compose) {
        Map<String, String> services = new LinkedHashMap<>();
        boolean inServices = false;
        String current = null;
        StringBuilder block = new StringBuilder();
        for (String line : compose.split("\n")) {
            if (!line.startsWith(" ") && !line.isBlank()) {
                inServices = line.startsWith("services:");
            } else if (inServices && line.matches("  [a-zA-Z0-9_-]+:\\s*")) {
                if (current != null) {
                    services.put(current, block.toString());
                }
                current = line.strip().replace(":", "");
                block.setLength(0);
                continue;
            }
            if (inServices && current != null) {
                block.append(line).append('\n');
            }
            if (!inServices && current != null) {
                services.put(current, block.toString());
                current = null;
            }
        }
        if (current != null) {
            services.put(current, block.toString());
        }
        return services;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}
