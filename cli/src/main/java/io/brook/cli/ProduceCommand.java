package io.brook.cli;

import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.client.RecordMetadata;
import io.brook.protocol.record.Header;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code brook produce}: one record per input line. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Send one record per line of standard input (or --file) to a topic.",
                "With --key-separator, the text before the first separator is the key."})
public final class ProduceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "Topic to write to.")
    String topic;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read lines from FILE instead of standard input.")
    Path file;

    @Option(names = {"-k", "--key-separator"}, paramLabel = "SEP", description = "Split each line into key SEP value.")
    String keySeparator;

    @Option(names = {"-H", "--header"}, paramLabel = "KEY=VALUE", description = "Header added to every record; repeatable.")
    Map<String, String> headers = new java.util.LinkedHashMap<>();

    @Option(names = "--partition", paramLabel = "N", description = "Write to this partition (default: by key, or spread).")
    Integer partition;

    @Option(names = "--acks", paramLabel = "all|1|0", defaultValue = "all", description = "Acknowledgement level (default: ${DEFAULT-VALUE}).")
    String acks;

    @Option(names = "--compression", paramLabel = "CODEC", defaultValue = "none", description = "none, gzip, snappy, lz4 or zstd (default: ${DEFAULT-VALUE}).")
    String compression;

    @Option(names = "--linger-ms", paramLabel = "MS", defaultValue = "5", description = "Batching delay (default: ${DEFAULT-VALUE}).")
    long lingerMs;

    @Override
    public Integer call() throws Exception {
        if (partition != null && partition < 0) {
            throw new ParameterException(spec.commandLine(), "--partition must be 0 or more, got " + partition);
        }
        if (file != null && !Files.isReadable(file)) {
            throw new ParameterException(spec.commandLine(), "--file " + file + ": " + (Files.isDirectory(file) ? "is a directory"
                    : Files.exists(file) ? "permission denied" : "no such file"));
        }
        List<Header> hs = new ArrayList<>();
        headers.forEach((k, v) -> hs.add(Header.of(k, v)));
        ProducerConfig config = ProducerConfig.builder()
                .bootstrapServers(connection.bootstrap()).security(connection.security())
                .clientId("brook-cli-produce")
                .acks(acks)
                .compression(compression)
                .lingerMs(lingerMs)
                .requestTimeoutMs((int) Math.min(Math.max(connection.timeoutMs, 1000), Integer.MAX_VALUE))
                .deliveryTimeoutMs(Math.max(connection.timeoutMs, 1000) + lingerMs)
                .maxBlockMs(connection.timeoutMs)
                .build();
        AtomicLong sent = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<CompletableFuture<RecordMetadata>> inFlight = new ArrayList<>();
        try (Producer producer = new Producer(config);
             BufferedReader in = file != null
                     ? Files.newBufferedReader(file, StandardCharsets.UTF_8)
                     : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && failure.get() == null) {
                byte[] key = null;
                String value = line;
                if (keySeparator != null) {
                    int at = line.indexOf(keySeparator);
                    if (at >= 0) {
                        key = line.substring(0, at).getBytes(StandardCharsets.UTF_8);
                        value = line.substring(at + keySeparator.length());
                    }
                }
                ProducerRecord record = new ProducerRecord(topic, partition, null, key, value.getBytes(StandardCharsets.UTF_8), hs);
                CompletableFuture<RecordMetadata> f = producer.send(record);
                f.whenComplete((m, t) -> {
                    if (t != null) {
                        failure.compareAndSet(null, t);
                    } else {
                        sent.incrementAndGet();
                    }
                });
                inFlight.add(f);
                if (inFlight.size() >= 10_000) {
                    drain(inFlight);
                }
            }
            producer.flush();
            drain(inFlight);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot read " + (file != null ? file : "standard input") + ": "
                    + IoErrors.describe(e), e);
        }
        if (failure.get() != null) {
            throw new CliException(ErrorHandler.exitCode(failure.get()), "sent " + sent.get() + " record(s), then failed: "
                    + ErrorHandler.message(ErrorHandler.unwrap(failure.get())), failure.get());
        }
        spec.commandLine().getErr().println("Produced " + sent.get() + " record(s) to " + topic);
        return ExitCodes.OK;
    }

    private static void drain(List<CompletableFuture<RecordMetadata>> inFlight) throws InterruptedException {
        for (CompletableFuture<RecordMetadata> f : inFlight) {
            try {
                f.get();
            } catch (ExecutionException e) {
                // recorded by the callback
            }
        }
        inFlight.clear();
    }
}
