package io.brook.broker;

import io.brook.broker.api.AlterTopicHandler;
import io.brook.broker.api.ApiVersionsHandler;
import io.brook.broker.api.BrokerContext;
import io.brook.broker.api.CreateTopicsHandler;
import io.brook.broker.api.DeleteTopicsHandler;
import io.brook.broker.api.DescribeTopicsHandler;
import io.brook.broker.api.FetchHandler;
import io.brook.broker.api.ListOffsetsHandler;
import io.brook.broker.api.MetadataHandler;
import io.brook.broker.api.ProduceHandler;
import io.brook.broker.config.BrokerConfig;
import io.brook.broker.meta.LocalStore;
import io.brook.broker.meta.TopicManager;
import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.BrokerServer;
import io.brook.broker.partition.PartitionManager;
import io.brook.protocol.ApiKey;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running broker. {@link #start} opens the local state and every partition log, then listens;
 * {@link #close} shuts down gracefully: stop accepting connections, refuse new requests, wait for
 * in-flight ones (up to shutdown.timeout.ms), flush and close every log, close the local state.
 */
public final class Broker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    private final BrokerConfig config;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final BrokerServer server;
    private final TopicManager topics;
    private boolean closed;

    private Broker(BrokerConfig config, LongSupplier clock) {
        this.config = config;
        Path dataDir = config.dataDir();
        try {
            Files.createDirectories(dataDir);
            LocalStore store = LocalStore.open(dataDir.resolve("meta"));
            resources.add(store);
            PartitionManager partitions = new PartitionManager(config, clock);
            resources.add(0, partitions);
            this.topics = new TopicManager(config, store, partitions);
            resources.add(0, topics);
            topics.start();
            int[] port = {config.advertisedPort()};
            BrokerContext ctx = new BrokerContext(config, topics, partitions, clock, () -> port[0]);
            this.server = new BrokerServer(config.listener(), config.threads(BrokerConfig.NETWORK_THREADS),
                    config.getInt(BrokerConfig.MAX_FRAME_BYTES), handlers(ctx));
            if (port[0] < 0) {
                port[0] = server.localAddress().getPort();
            }
        } catch (RuntimeException | java.io.IOException e) {
            closeResources();
            throw e instanceof RuntimeException re ? re : new IllegalStateException("cannot start broker: " + e.getMessage(), e);
        }
        LOG.info("Broker {} started: data in {}, listening on {}", config.brokerId(), dataDir.toAbsolutePath(), server.localAddress());
    }

    /**
     * Starts a broker.
     *
     * @throws io.brook.broker.config.ConfigException or IllegalStateException with a one-line reason
     */
    public static Broker start(BrokerConfig config) {
        return new Broker(config, System::currentTimeMillis);
    }

    private static ApiHandler[] handlers(BrokerContext ctx) {
        ApiHandler[] h = new ApiHandler[ApiKey.values().length + 16];
        h[ApiKey.API_VERSIONS.id()] = new ApiVersionsHandler(ctx);
        h[ApiKey.METADATA.id()] = new MetadataHandler(ctx);
        h[ApiKey.PRODUCE.id()] = new ProduceHandler(ctx);
        h[ApiKey.FETCH.id()] = new FetchHandler(ctx);
        h[ApiKey.LIST_OFFSETS.id()] = new ListOffsetsHandler(ctx);
        h[ApiKey.CREATE_TOPICS.id()] = new CreateTopicsHandler(ctx);
        h[ApiKey.DELETE_TOPICS.id()] = new DeleteTopicsHandler(ctx);
        h[ApiKey.DESCRIBE_TOPICS.id()] = new DescribeTopicsHandler(ctx);
        h[ApiKey.ALTER_TOPIC.id()] = new AlterTopicHandler(ctx);
        return h;
    }

    /** The address the broker listens on (with the real port when the config asked for port 0). */
    public InetSocketAddress address() {
        return server.localAddress();
    }

    public BrokerConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Broker {} shutting down", config.brokerId());
        server.stopAccepting();
        server.state().shuttingDown(true);
        try {
            if (!server.awaitInFlight(config.getLong(BrokerConfig.SHUTDOWN_TIMEOUT_MS))) {
                LOG.warn("Shutdown timeout passed with requests still in flight");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        closeResources();
        LOG.info("Broker {} stopped", config.brokerId());
    }

    private void closeResources() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.error("Closing {} failed", r, e);
            }
        }
        resources.clear();
    }
}
