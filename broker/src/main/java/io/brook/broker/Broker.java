package io.brook.broker;

import io.brook.broker.api.AlterTopicHandler;
import io.brook.broker.api.AclApis;
import io.brook.broker.api.AlterUsersHandler;
import io.brook.broker.api.ApiVersionsHandler;
import io.brook.broker.api.Authorization;
import io.brook.broker.api.BrokerContext;
import io.brook.broker.api.AlterPartitionReassignmentsHandler;
import io.brook.broker.api.CreateTopicsHandler;
import io.brook.broker.api.ListPartitionReassignmentsHandler;
import io.brook.broker.api.DeleteTopicsHandler;
import io.brook.broker.api.DescribeTopicsHandler;
import io.brook.broker.api.DescribeUsersHandler;
import io.brook.broker.api.RebalanceLeadersHandler;
import io.brook.broker.api.FetchHandler;
import io.brook.broker.api.GroupApiHandler;
import io.brook.broker.api.GroupGates;
import io.brook.broker.api.InitProducerIdHandler;
import io.brook.broker.api.ListOffsetsHandler;
import io.brook.broker.api.MetadataHandler;
import io.brook.broker.api.ProduceHandler;
import io.brook.broker.api.Quotas;
import io.brook.broker.api.RaftHandler;
import io.brook.broker.cluster.BrokerControlTransport;
import io.brook.broker.cluster.PeerConnections;
import io.brook.broker.cluster.auth.ClusterSecret;
import io.brook.broker.cluster.auth.PeerAuthHandler;
import io.brook.broker.cluster.auth.PeerAuthenticator;
import io.brook.broker.cluster.PeerLiveness;
import io.brook.broker.config.ConfigException;
import io.brook.broker.cluster.RaftTransport;
import io.brook.broker.config.BrokerConfig;
import io.brook.broker.coordinator.CoordinatorService;
import io.brook.broker.coordinator.FindCoordinatorApi;
import io.brook.broker.coordinator.GroupAdminApis;
import io.brook.broker.coordinator.GroupsTopic;
import io.brook.broker.coordinator.HeartbeatApi;
import io.brook.broker.coordinator.OffsetApis;
import io.brook.broker.meta.ClusterReassignments;
import io.brook.broker.meta.ClusterTopics;
import io.brook.broker.meta.ClusterUsers;
import io.brook.broker.meta.DataDirIdentity;
import io.brook.broker.meta.DataDirLock;
import io.brook.broker.meta.LeaderReports;
import io.brook.broker.meta.LocalStore;
import io.brook.broker.meta.ProducerIds;
import io.brook.broker.metrics.BrokerMetrics;
import io.brook.broker.metrics.MetricsEndpoint;
import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.BrokerServer;
import io.brook.broker.network.ListenerTls;
import io.brook.broker.partition.MetadataPartition;
import io.brook.broker.partition.Partition;
import io.brook.broker.partition.PartitionManager;
import io.brook.broker.partition.ReplicaManager;
import io.brook.broker.sasl.SaslAuthenticateHandler;
import io.brook.broker.sasl.SaslHandshakeHandler;
import io.brook.broker.sasl.ScramAuthenticator;
import io.brook.broker.tls.BrokerTls;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.DeleteGroupsRequest;
import io.brook.protocol.message.DescribeGroupsRequest;
import io.brook.protocol.message.FindCoordinatorRequest;
import io.brook.protocol.message.GroupHeartbeatRequest;
import io.brook.protocol.message.ListGroupsRequest;
import io.brook.protocol.message.OffsetCommitRequest;
import io.brook.protocol.message.OffsetFetchRequest;
import io.brook.replication.control.TopicImage;
import io.brook.replication.control.BrokerRegistration;
import io.brook.replication.control.ClusterMetadata;
import io.brook.replication.control.quorum.QuorumClusterMetadata;
import io.brook.replication.raft.RaftConfig;
import io.brook.replication.raft.RaftMessage;
import io.brook.storage.DurableFiles;
import io.brook.storage.LogConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running broker. {@link #start} opens the local state, listens, joins the controller quorum
 * (running a voter if this broker is one), registers, and from then on keeps its partition replicas
 * in line with the cluster metadata. {@link #close} shuts down gracefully: stop accepting
 * connections, hand leadership of led partitions to followers, wait for in-flight requests (up to
 * shutdown.timeout.ms), flush and close every log, leave the quorum.
 */
public final class Broker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    private final BrokerConfig config;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final BrokerServer server;
    private final PartitionManager partitions;
    /** Set in the constructor; told to delete stray replicas once this broker has registered. */
    private ReplicaManager replicaManager;
    private final ScheduledExecutorService heartbeats;
    private final LeaderReports leaderReports;
    private volatile ClusterMetadata metadata;
    private volatile Map<Integer, String> voters = Map.of();
    private volatile CoordinatorService coordinator;
    private final Map<Integer, String> peerOverrides;
    private boolean closed;
    /** This broker's metrics; served on metrics.listener when set. */
    private final BrokerMetrics metrics = new BrokerMetrics();
    private MetricsEndpoint metricsEndpoint;
    /** The controller quorum has accepted this broker's registration (for /health/ready). */
    private volatile boolean registered;

    private Broker(BrokerConfig config, LongSupplier clock) {
        this.config = config;
        this.peerOverrides = BrokerConfig.parseVoters(config.getString(BrokerConfig.PEER_ADDRESSES));
        Path dataDir = config.dataDir();
        int me = config.brokerId();
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "brook-broker-heartbeat");
            t.setDaemon(true);
            return t;
        });
        this.leaderReports = new LeaderReports(me, heartbeats);
        try {
            DurableFiles.createDirectories(dataDir);
            // first: a second broker on this directory stops here, before it touches anything in it
            resources.add(DataDirLock.acquire(dataDir));
            DataDirIdentity.claim(dataDir, config.getString(BrokerConfig.CLUSTER_ID), me);
            LocalStore store = LocalStore.open(dataDir.resolve("meta"));
            resources.add(resources.size() - 1, store);
            startMetricsEndpoint();
            int maxFrame = config.getInt(BrokerConfig.MAX_FRAME_BYTES);
            BrokerConfig.PeerAuthentication peerAuthentication = config.peerAuthentication();
            ClusterSecret secret = peerAuthentication == BrokerConfig.PeerAuthentication.SECRET
                    ? ClusterSecret.read(Path.of(config.getString(BrokerConfig.CLUSTER_SECRET_FILE))) : null;
            String clusterId = config.getString(BrokerConfig.CLUSTER_ID);
            BrokerTls tls = BrokerTls.start(config);
            resources.add(tls); // last: connections still open may use its contexts until then
            PeerConnections peers = new PeerConnections(2, maxFrame, me, secret == null ? null : new PeerAuthenticator(secret, clusterId, me),
                    tls.peerDialer());
            resources.add(0, peers);
            BrokerControlTransport control = new BrokerControlTransport(peers, this::controlRoute);
            RaftTransport raft = new RaftTransport(me, peers, this::addressOf);
            RaftConfig raftConfig = raftConfig(config);
            PeerLiveness liveness = new PeerLiveness(System::nanoTime,
                    TimeUnit.MILLISECONDS.toNanos(config.getLong(BrokerConfig.RAFT_TICK_MS) * raftConfig.electionTimeoutTicks()));
            PartitionManager.RaftSender sender = new PartitionManager.RaftSender() {
                @Override
                public void send(int to, String topic, int partition, String topicId, RaftMessage m) {
                    raft.send(to, topic, partition, topicId, m);
                }

                @Override
                public void ping() {
                    raft.ping();
                }

                @Override
                public boolean beforeTicks() {
                    return liveness.advance();
                }

                @Override
                public boolean isLive(int broker) {
                    return liveness.isLive(broker);
                }
            };
            this.partitions = new PartitionManager(config, clock, store, sender, raft::flush, raftConfig, this::onRoleChange);
            resources.add(0, partitions);

            ApiHandler[] handlers = new ApiHandler[maxApiId() + 1];
            // broker-to-broker APIs first: the controller quorum needs them before the client APIs exist
            handlers[ApiKey.CONTROL.id()] = control.handler();
            handlers[ApiKey.RAFT.id()] = new RaftHandler(partitions, liveness);
            if (secret != null) {
                handlers[ApiKey.PEER_AUTH.id()] = new PeerAuthHandler(secret, clusterId);
            }
            this.server = new BrokerServer(config.listener(), config.peerListener(), config.threads(BrokerConfig.NETWORK_THREADS), maxFrame,
                    handlers, peerAuthenticated(peerAuthentication), tls.clientListener(), tls.peerListener(), metrics.requests());
            resources.add(0, server);
            partitions.observeFsyncs(metrics.fsyncs());
            metrics.watch(partitions, server);
            int port = config.advertisedPort() > 0 ? config.advertisedPort() : server.localAddress().getPort();
            int peerPort = config.advertisedPeerPort() > 0 ? config.advertisedPeerPort() : server.peerAddress().getPort();

            voters = config.controllerVoters(server.peerAddress().getPort());
            MetadataPartition metadataLog = voters.containsKey(me) ? openMetadataLog(dataDir, new ArrayList<>(voters.keySet())) : null;
            QuorumClusterMetadata cluster = QuorumClusterMetadata.builder()
                    .brokerId(me)
                    .voters(votersString(voters))
                    .log(metadataLog)
                    .transport(control)
                    .clock(clock)
                    .brokerLivenessTimeout(Duration.ofMillis(config.getLong(BrokerConfig.BROKER_SESSION_TIMEOUT_MS)))
                    .checkpointEvery(config.getLong(BrokerConfig.METADATA_CHECKPOINT_RECORDS))
                    .build();
            this.metadata = cluster;
            // closed before the partitions: it hands work to the metadata partition's thread
            resources.add(resources.indexOf(partitions), cluster);
            partitions.onMoveCompleted((p, target, leader, term) -> cluster.completeReassignment(p.id().topic(), p.id().partition(),
                    p.topicId(), target, leader, term).whenComplete((r, t) -> {
                        if (t != null || !r.ok()) {
                            LOG.warn("Reporting the finished move of {} failed ({}); the leader reports it again", p.id(),
                                    t != null ? t.getMessage() : r.message());
                        }
                    }));
            ReplicaManager replicas = new ReplicaManager(config, partitions);
            this.replicaManager = replicas;
            resources.add(resources.indexOf(cluster), replicas);
            cluster.addListener(replicas::onImage);
            ClusterTopics topics = new ClusterTopics(config, cluster);

            Authorization authorization = new Authorization(config);
            authorization.update(cluster.image());
            cluster.addListener(authorization::update);
            BrokerContext ctx = new BrokerContext(config, topics, partitions, cluster, clock, () -> port, authorization,
                    new Quotas(config), metrics.traffic());
            handlers[ApiKey.API_VERSIONS.id()] = new ApiVersionsHandler(ctx);
            handlers[ApiKey.METADATA.id()] = new MetadataHandler(ctx);
            handlers[ApiKey.PRODUCE.id()] = new ProduceHandler(ctx);
            handlers[ApiKey.FETCH.id()] = new FetchHandler(ctx);
            handlers[ApiKey.LIST_OFFSETS.id()] = new ListOffsetsHandler(ctx);
            handlers[ApiKey.CREATE_TOPICS.id()] = new CreateTopicsHandler(ctx);
            handlers[ApiKey.DELETE_TOPICS.id()] = new DeleteTopicsHandler(ctx);
            handlers[ApiKey.DESCRIBE_TOPICS.id()] = new DescribeTopicsHandler(ctx);
            handlers[ApiKey.ALTER_TOPIC.id()] = new AlterTopicHandler(ctx);
            handlers[ApiKey.INIT_PRODUCER_ID.id()] = new InitProducerIdHandler(new ProducerIds(me, cluster));
            registerGroupApis(handlers, ctx);
            AclApis acls = new AclApis(ctx);
            handlers[ApiKey.DESCRIBE_ACLS.id()] = acls.describe();
            handlers[ApiKey.CREATE_ACLS.id()] = acls.create();
            handlers[ApiKey.DELETE_ACLS.id()] = acls.delete();
            handlers[ApiKey.REBALANCE_LEADERS.id()] = new RebalanceLeadersHandler(ctx);
            ClusterReassignments reassignments = new ClusterReassignments(cluster, config.getLong(BrokerConfig.BROKER_SESSION_TIMEOUT_MS));
            handlers[ApiKey.ALTER_PARTITION_REASSIGNMENTS.id()] = new AlterPartitionReassignmentsHandler(ctx, reassignments);
            handlers[ApiKey.LIST_PARTITION_REASSIGNMENTS.id()] = new ListPartitionReassignmentsHandler(ctx, reassignments);
            registerSecurityApis(handlers, cluster, secret, authorization);

            BrokerRegistration registration = new BrokerRegistration(me, config.advertisedHost(), port, config.getString(BrokerConfig.BROKER_RACK),
                    config.advertisedPeerHost(), peerPort);
            register(registration);
            long beat = config.getLong(BrokerConfig.BROKER_HEARTBEAT_MS);
            heartbeats.scheduleAtFixedRate(() -> cluster.heartbeat(me).thenAccept(r -> {
                if (r.error() == io.brook.replication.control.MetadataResult.Error.UNKNOWN_BROKER) {
                    register(registration);
                }
            }), beat, beat, TimeUnit.MILLISECONDS);
            server.state().started();
        } catch (RuntimeException | java.io.IOException e) {
            heartbeats.shutdownNow();
            closeResources();
            throw e instanceof RuntimeException re ? re : new IllegalStateException("cannot start broker: " + e.getMessage(), e);
        }
        LOG.info("Broker {} started: data in {}, listening on {} (clients) and {} (peers), controller voters {}", me,
                dataDir.toAbsolutePath(), server.localAddress(), server.peerAddress(), voters);
    }

    /**
     * SASL authentication and user administration; with {@code client.authentication=sasl} the client
     * listener serves nothing else to a connection until it has authenticated.
     */
    private void registerSecurityApis(ApiHandler[] handlers, ClusterMetadata cluster, ClusterSecret secret, Authorization authorization) {
        ScramAuthenticator scram = ScramAuthenticator.create(config, cluster, secret);
        ClusterUsers users = new ClusterUsers(cluster);
        handlers[ApiKey.SASL_HANDSHAKE.id()] = new SaslHandshakeHandler(scram);
        handlers[ApiKey.SASL_AUTHENTICATE.id()] = new SaslAuthenticateHandler(scram);
        handlers[ApiKey.DESCRIBE_USERS.id()] = new DescribeUsersHandler(users, authorization);
        handlers[ApiKey.ALTER_USERS.id()] = new AlterUsersHandler(users, scram, authorization);
        if (config.getString(BrokerConfig.CLIENT_AUTHENTICATION).equals("sasl")) {
            server.state().requireClientAuthentication();
        }
    }

    /** Which peer-listener connections may send CONTROL and RAFT; null: any. */
    private static java.util.function.Predicate<io.netty.channel.Channel> peerAuthenticated(BrokerConfig.PeerAuthentication mode) {
        return switch (mode) {
            case SECRET -> PeerAuthHandler::isAuthenticated; // over mutual TLS too when peer.tls.enabled
            case TLS -> ListenerTls::peerVerified;
            case NONE -> null;
        };
    }

    /** The consumer-group APIs, served by this broker's group coordinator. */
    private void registerGroupApis(ApiHandler[] handlers, BrokerContext ctx) {
        GroupsTopic groupsTopic = new GroupsTopic(config, ctx.topics(), ctx.metadata());
        java.util.function.Function<String, Integer> topicPartitions = topic -> {
            TopicImage t = ctx.topics().get(topic);
            return t == null ? null : t.partitions().size();
        };
        CoordinatorService service = new CoordinatorService(config, partitions, groupsTopic, topicPartitions, ctx.clock());
        resources.add(0, service);
        coordinator = service;
        metrics.watchGroups(service::summaries, partitions);
        FindCoordinatorApi find = new FindCoordinatorApi(groupsTopic, ctx::image, ctx.partitions(), config.brokerId());
        HeartbeatApi heartbeat = new HeartbeatApi(service, topicPartitions);
        OffsetApis offsets = new OffsetApis(service, topicPartitions);
        GroupAdminApis admin = new GroupAdminApis(service, config.brokerId());
        GroupGates gates = new GroupGates(ctx.authorization());
        handlers[ApiKey.FIND_COORDINATOR.id()] = new GroupApiHandler<>(FindCoordinatorRequest.parser(), gates.find(),
                (r, host, client) -> CompletableFuture.completedFuture(find.find(r)));
        handlers[ApiKey.GROUP_HEARTBEAT.id()] = new GroupApiHandler<>(GroupHeartbeatRequest.parser(), gates.heartbeat(), heartbeat::heartbeat);
        handlers[ApiKey.OFFSET_COMMIT.id()] = new GroupApiHandler<>(OffsetCommitRequest.parser(), gates.commit(),
                (r, host, client) -> offsets.commit(r));
        handlers[ApiKey.OFFSET_FETCH.id()] = new GroupApiHandler<>(OffsetFetchRequest.parser(), gates.fetch(),
                (r, host, client) -> offsets.fetch(r));
        handlers[ApiKey.LIST_GROUPS.id()] = new GroupApiHandler<>(ListGroupsRequest.parser(), gates.list(), (r, host, client) -> admin.list());
        handlers[ApiKey.DESCRIBE_GROUPS.id()] = new GroupApiHandler<>(DescribeGroupsRequest.parser(), gates.describe(),
                (r, host, client) -> admin.describe(r));
        handlers[ApiKey.DELETE_GROUPS.id()] = new GroupApiHandler<>(DeleteGroupsRequest.parser(), gates.delete(),
                (r, host, client) -> admin.delete(r));
    }

    /**
     * Opens this voter's replica of the controller's metadata log under {@code <data.dir>/metadata}, or
     * refuses to start with the reason: a damaged log, or a data directory whose controller state an
     * earlier Brook wrote with atomix-raft (it is not migrated, and starting without it would hide topics).
     */
    private MetadataPartition openMetadataLog(Path dataDir, List<Integer> voterIds) throws java.io.IOException {
        Path dir = dataDir.resolve("metadata");
        Path legacy = dataDir.resolve("controller");
        if (Files.isDirectory(legacy) && !Files.isDirectory(dir)) {
            throw new IllegalStateException(dataDir.toAbsolutePath() + " holds controller metadata in the atomix-raft format of "
                    + "an earlier Brook (" + legacy.getFileName() + "/), which this version does not read; start this broker "
                    + "on a new data.dir (nothing in " + dataDir + " was changed)");
        }
        int maxBatch = Math.max(1024 * 1024, config.getInt(BrokerConfig.MAX_FRAME_BYTES) / 2);
        LogConfig logConfig = LogConfig.defaults().withSegmentBytes(config.getInt(BrokerConfig.METADATA_LOG_SEGMENT_BYTES))
                .withRetentionBytes(0).withRetentionMs(-1).withMaxBatchBytes(maxBatch);
        MetadataPartition log;
        try {
            log = partitions.openMetadata(dir, "metadata:" + config.getString(BrokerConfig.CLUSTER_ID), voterIds, logConfig)
                    .get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening the metadata log in " + dir, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot open the metadata log in " + dir + ": " + e.getMessage(), e);
        }
        if (log.offlineReason() != null) {
            throw new IllegalStateException("the controller's metadata log in " + dir + " cannot be opened: " + log.offlineReason());
        }
        return log;
    }

    /** Registers with the controller quorum, retrying in the background until it answers. */
    private void register(BrokerRegistration registration) {
        metadata.registerBroker(registration).whenComplete((r, t) -> {
            if (t != null || r == null || !r.ok()) {
                if (!closed) {
                    heartbeats.schedule(() -> register(registration), 500, TimeUnit.MILLISECONDS);
                }
            } else {
                registered = true;
                LOG.info("Broker {} registered as {}", registration.id(), registration.address());
                if (replicaManager != null) {
                    replicaManager.sweepStrays();
                }
            }
        });
    }

    private static String votersString(Map<Integer, String> voters) {
        StringBuilder b = new StringBuilder();
        voters.forEach((id, addr) -> b.append(b.length() == 0 ? "" : ",").append(id).append('@').append(addr));
        return b.toString();
    }

    /** The data-plane Raft settings of {@code config} (the heartbeat kept below the election timeout). */
    static RaftConfig raftConfig(BrokerConfig config) {
        int electionTicks = config.getInt(BrokerConfig.RAFT_ELECTION_TICKS);
        int heartbeatTicks = Math.min(config.getInt(BrokerConfig.RAFT_HEARTBEAT_TICKS), electionTicks - 1);
        int quiescent = config.getInt(BrokerConfig.RAFT_QUIESCENT_HEARTBEAT_TICKS);
        if (quiescent != 0 && quiescent <= heartbeatTicks) {
            throw new ConfigException(BrokerConfig.RAFT_QUIESCENT_HEARTBEAT_TICKS, "must be 0 (no quiescence) or more than "
                    + BrokerConfig.RAFT_HEARTBEAT_TICKS + " (" + heartbeatTicks + "), got " + quiescent);
        }
        return new RaftConfig(electionTicks, heartbeatTicks, config.getInt(BrokerConfig.RAFT_MAX_INFLIGHT),
                config.getInt(BrokerConfig.RAFT_MAX_APPEND_BYTES), electionTicks, quiescent);
    }

    private static int maxApiId() {
        int max = 0;
        for (ApiKey k : ApiKey.values()) {
            max = Math.max(max, k.id());
        }
        return max;
    }

    /** host:port of a broker's peer listener: peer.addresses, else the cluster metadata, else the voter list. */
    private String addressOf(int brokerId) {
        String override = peerOverrides.get(brokerId);
        if (override != null) {
            return override;
        }
        ClusterMetadata m = metadata;
        if (m != null) {
            BrokerRegistration r = m.image().brokers().get(brokerId);
            if (r != null) {
                return r.peerAddress();
            }
        }
        return voters.get(brokerId);
    }

    /** A voter's address as the control plane should dial it: its {@code peer.addresses} override if any. */
    private String controlRoute(String address) {
        if (!peerOverrides.isEmpty()) {
            for (Map.Entry<Integer, String> v : voters.entrySet()) {
                if (v.getValue().equals(address)) {
                    return peerOverrides.getOrDefault(v.getKey(), address);
                }
            }
        }
        return address;
    }

    private void onRoleChange(Partition p) {
        metrics.leaderChanged();
        CoordinatorService groups = coordinator;
        if (groups != null) {
            groups.onRoleChange(p);
        }
        ClusterMetadata m = metadata;
        if (m != null && p.isLeader()) {
            leaderReports.report(m, p.id().topic(), p.id().partition(), p.leaderTerm(), () -> p.isLeader() ? p.leaderTerm() : -1);
        }
    }

    /** Serves /metrics and /health/* on metrics.listener, if set; closed among the last resources, after the server. */
    private void startMetricsEndpoint() {
        java.net.InetSocketAddress bind = config.metricsListener();
        if (bind != null) {
            metricsEndpoint = MetricsEndpoint.start(bind, metrics, this::ready);
            resources.add(metricsEndpoint);
        }
    }

    /**
     * Whether this broker serves clients: registered with the controller quorum, every handler
     * installed, not shutting down (/health/ready).
     */
    public boolean ready() {
        return registered && !server.state().starting() && !server.state().shuttingDown();
    }

    /** Where /metrics and /health/* are served (with the real port when port 0 was asked for), or null without metrics.listener. */
    public InetSocketAddress metricsAddress() {
        return metricsEndpoint == null ? null : metricsEndpoint.address();
    }

    /** This broker's metrics registry and its observers. */
    public BrokerMetrics metrics() {
        return metrics;
    }

    /**
     * Starts a broker.
     *
     * @throws io.brook.broker.config.ConfigException or IllegalStateException with a one-line reason
     */
    public static Broker start(BrokerConfig config) {
        return new Broker(config, System::currentTimeMillis);
    }

    /** The address the broker listens on for clients (with the real port when the config asked for port 0). */
    public InetSocketAddress address() {
        return server.localAddress();
    }

    /** The address of the broker's peer listener. */
    public InetSocketAddress peerAddress() {
        return server.peerAddress();
    }

    public BrokerConfig config() {
        return config;
    }

    /** The cluster metadata as this broker sees it. */
    public ClusterMetadata metadata() {
        return metadata;
    }

    /** This broker's partition replicas. */
    public PartitionManager partitions() {
        return partitions;
    }

    /** What keeps the replicas here in line with the metadata (null before the broker started it). */
    public ReplicaManager replicaManager() {
        return replicaManager;
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
        partitions.beginShutdown();
        partitions.transferLeadership(Math.min(5_000, config.getLong(BrokerConfig.SHUTDOWN_TIMEOUT_MS)));
        try {
            if (!server.awaitInFlight(config.getLong(BrokerConfig.SHUTDOWN_TIMEOUT_MS))) {
                LOG.warn("Shutdown timeout passed with requests still in flight");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heartbeats.shutdownNow();
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
