package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * The distribution's {@code logback.xml} (not the tests' {@code logback-test.xml}) writes one JSON
 * object per line with {@code brook.log.format=json}, and its usual text lines otherwise.
 */
class LogFormatTest {

    @TempDir
    Path dir;

    @Test
    void json_format_writes_one_object_per_line_with_the_event_fields() throws Exception {
        String out = logThroughDistributionConfig("json");

        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(2);
        Map<String, Object> info = MiniJson.object(lines.get(0));
        assertThat(info).containsEntry("level", "INFO")
                .containsEntry("loggerName", "io.brook.test.LogFormat")
                .containsEntry("threadName", Thread.currentThread().getName())
                .containsEntry("formattedMessage", "partition t-0 led by broker 2 \"quoted\"");
        assertThat((Long) info.get("timestamp")).isGreaterThan(1_700_000_000_000L);
        assertThat(info).doesNotContainKeys("message", "arguments", "sequenceNumber", "context");

        Map<String, Object> error = MiniJson.object(lines.get(1));
        assertThat(error).containsEntry("level", "ERROR").containsEntry("formattedMessage", "fsync failed");
        @SuppressWarnings("unchecked")
        Map<String, Object> throwable = (Map<String, Object>) error.get("throwable");
        assertThat(throwable).containsEntry("className", "java.io.IOException").containsEntry("message", "disk gone");
        assertThat((List<?>) throwable.get("stepArray")).isNotEmpty();
    }

    @Test
    void text_format_is_the_default_and_is_not_json() throws Exception {
        String out = logThroughDistributionConfig(null);

        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.*\\] .* - partition t-0 led by broker 2 .*");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("ERROR").endsWith("fsync failed"));
        assertThat(lines).anySatisfy(l -> assertThat(l).isEqualTo("java.io.IOException: disk gone"));
        assertThat(out).doesNotContain("\"level\"");
    }

    /** {@code brook server} in a child JVM with {@code BROOK_LOG_FORMAT=json}: Main passes the format to logback. */
    @Test
    void the_environment_variable_turns_json_on_for_a_server() throws Exception {
        URL config = Main.class.getResource("/logback.xml");
        ProcessBuilder pb = new ProcessBuilder(ClusterProcesses.javaExecutable(),
                "-Dlogback.configurationFile=" + Path.of(config.toURI()), "-cp", ClusterProcesses.classpath(),
                Main.class.getName(), "server", "--broker-id", "1", "--listener", "127.0.0.1:0",
                "--data", dir.resolve("data").toString());
        pb.environment().put(Main.LOG_FORMAT_ENV, "json");
        Path stdout = dir.resolve("stdout.txt");
        pb.redirectOutput(stdout.toFile());
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try {
            CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (lines) {
                            lines.add(line);
                        }
                        if (line.contains(" started: ")) {
                            return;
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            started.get(60, TimeUnit.SECONDS);
            // the banner follows the "started" log line: stop the server only once it is on stdout
            Awaitility.await().atMost(60, TimeUnit.SECONDS)
                    .until(() -> java.nio.file.Files.readString(stdout).startsWith("Brook broker listening on "));
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }

        // logback writes its status list to stdout when its configuration warns: nothing may land there
        assertThat(java.nio.file.Files.readString(stdout)).as("the server's stdout").startsWith("Brook broker listening on ")
                .doesNotContain("ch.qos.logback");
        synchronized (lines) {
            assertThat(lines).isNotEmpty();
            for (String line : lines) {
                Map<String, Object> event = MiniJson.object(line);
                assertThat(event).containsKeys("timestamp", "level", "threadName", "loggerName", "formattedMessage");
            }
            assertThat(lines).anySatisfy(l -> assertThat(MiniJson.object(l))
                    .containsEntry("loggerName", "io.brook.broker.Broker").containsEntry("level", "INFO"));
        }
    }

    @Test
    void an_unknown_format_is_refused_and_the_property_wins_over_the_environment() {
        assertThat(Main.logFormat(null, null)).isEqualTo("text");
        assertThat(Main.logFormat(null, "JSON")).isEqualTo("json");
        assertThat(Main.logFormat("text", "json")).isEqualTo("text");
        assertThat(Main.logFormat("xml", null)).isNull();
    }

    /** Configures a fresh logger context from the distribution's logback.xml and logs two events through it. */
    private static String logThroughDistributionConfig(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        context.putProperty("brook.log.level", "INFO");
        if (format != null) {
            context.putProperty(Main.LOG_FORMAT_PROPERTY, format);
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(Main.class.getResource("/logback.xml"));
            Logger log = context.getLogger("io.brook.test.LogFormat");
            log.info("partition {} led by broker {} \"quoted\"", "t-0", 2);
            log.error("fsync failed", new java.io.IOException("disk gone"));
        } finally {
            context.stop();
            System.setErr(originalErr);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
