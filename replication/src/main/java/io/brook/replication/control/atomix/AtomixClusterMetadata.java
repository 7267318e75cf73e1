package io.brook.replication.control.atomix;

import io.atomix.cluster.MemberId;
import io.atomix.primitive.Recovery;
import io.atomix.primitive.partition.PartitionId;
import io.atomix.primitive.service.ServiceConfig;
import io.atomix.primitive.session.SessionClient;
import io.atomix.protocols.raft.RaftClient;
import io.atomix.protocols.raft.RaftServer;
import io.atomix.protocols.raft.ReadConsistency;
import io.atomix.protocols.raft.session.CommunicationStrategy;
import io.atomix.utils.concurrent.ThreadContextFactory;
import io.atomix.utils.concurrent.ThreadModel;
import io.brook.replication.control.BrokerRegistration;
import io.brook.replication.control.ClusterMetadata;
import io.brook.replication.control.ControlTransport;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.MetadataResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterMetadata} on atomix-raft 3.1.12. A broker named in the static voter list runs a Raft
 * server of the controller quorum (storage in its own directory; a restarted voter resumes from it);
 * every broker runs a Raft client with one session to the metadata service, fed by a
 * {@link SessionPipeline}. Nothing blocks on the quorum: {@link Builder#build()} returns at once and
 * commands wait (up to the command timeout) for a session.
 *
 * <p>Wiring: the broker passes a {@link ControlTransport} that delivers request bytes to the handler this
 * class installs on the broker at the given address, and times requests out. Members are broker ids.
 *
 * <p>Thread-safe. Futures complete on an internal notifier thread and never exceptionally: failures are
 * {@link MetadataResult.Error#CONTROLLER_NOT_AVAILABLE}.
 */
public final class AtomixClusterMetadata implements ClusterMetadata {

    private static final Logger LOG = LoggerFactory.getLogger(AtomixClusterMetadata.class);
    private static final PartitionId PARTITION = PartitionId.from("brook-controller", 1);
    private static final String SERVICE = "brook-metadata";

    private final int brokerId;
    private final long liveTimeoutMs;
    private final ThreadContextFactory threads;
    private final ExecutorService io;
    private final ControlProtocol protocol;
    private final ControllerServer server;
    private final RaftClient client;
    private final SessionPipeline pipeline;
    private final Object closeLock = new Object();
    private boolean closed;

    private AtomixClusterMetadata(Builder b) {
        this.brokerId = b.brokerId;
        Voters voters = Voters.parse(b.voters);
        this.liveTimeoutMs = b.brokerLivenessTimeout.toMillis();
        String name = "broker-" + brokerId;
        boolean voter = voters.contains(brokerId);
        if (voter && b.address != null && !b.address.equals(voters.address(brokerId))) {
            LOG.warn("Broker {} has control address {} but the voter list names {}", brokerId, b.address, voters.address(brokerId));
        }
        this.threads = ThreadModel.SHARED_THREAD_POOL.factory("brook-raft-" + name + "-%d", b.raftThreads, LOG);
        this.io = Executors.newSingleThreadExecutor(SessionPipeline.daemon("brook-control-io-" + name));
        ControllerServer server = null;
        RaftClient raftClient = null;
        ControlProtocol p = null;
        try {
            p = new ControlProtocol(brokerId, voters, b.transport, b.requestTimeout, io);
            if (voter) {
                server = new ControllerServer(brokerId, voters, b.dataDirectory, p, threads, b.electionTimeout,
                        b.heartbeatInterval, b.sessionTimeout);
            }
            raftClient = RaftClient.builder(voters.memberIds())
                    .withMemberId(Voters.memberId(brokerId))
                    .withPartitionId(PARTITION)
                    .withProtocol(p)
                    .withThreadContextFactory(threads)
                    .build();
            raftClient.connect(voters.memberIds()).join(); // completes at once: no request is sent
        } catch (RuntimeException e) {
            closeQuietly(null, raftClient, server, p);
            threads.close();
            io.shutdownNow();
            throw e;
        }
        this.protocol = p;
        this.server = server;
        this.client = raftClient;
        RaftClient c = raftClient;
        Duration sessionTimeout = b.sessionTimeout;
        this.pipeline = new SessionPipeline(name, () -> openSession(c, sessionTimeout), b.clock,
                new SessionPipeline.Settings(b.commandTimeout.toMillis(), b.pollInterval.toMillis(),
                        Math.max(3 * b.commandTimeout.toMillis(), sessionTimeout.toMillis()), 200));
        LOG.info("Controller client started on broker {} ({}; voters {})", brokerId, voter ? "voter" : "non-voter", voters);
    }

    private static CompletableFuture<SessionClient> openSession(RaftClient client, Duration sessionTimeout) {
        return client.sessionBuilder(SERVICE, MetadataPrimitiveType.INSTANCE, new ServiceConfig())
                // Followers forward such queries to the leader, which answers from its state at once. With
                // SEQUENTIAL a follower answers, but only after its next heartbeat tells it the commit index
                // of the client's last command: every command would cost a heartbeat interval more.
                .withReadConsistency(ReadConsistency.LINEARIZABLE_LEASE)
                .withCommunicationStrategy(CommunicationStrategy.LEADER)
                .withRecoveryStrategy(Recovery.CLOSE)
                .withMaxRetries(0)
                .withMaxTimeout(sessionTimeout)
                .build()
                .connect();
    }

    /** A builder with the defaults (1 s election timeout, 250 ms heartbeat, 5 s command timeout...). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public MetadataImage image() {
        return pipeline.image();
    }

    /** Also calls {@code listener} once with the current image, if there is one yet, before any newer image. */
    @Override
    public void addListener(Consumer<MetadataImage> listener) {
        pipeline.addListener(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public CompletableFuture<MetadataResult> registerBroker(BrokerRegistration broker) {
        BrokerRegistration b = broker.rack() == null ? new BrokerRegistration(broker.id(), broker.host(), broker.port(), "") : broker;
        return pipeline.submit(new MetadataCommand.RegisterBroker(b));
    }

    @Override
    public CompletableFuture<MetadataResult> heartbeat(int brokerId) {
        return pipeline.submit(new MetadataCommand.Heartbeat(brokerId));
    }

    @Override
    public CompletableFuture<MetadataResult> createTopic(String name, int partitions, int replicationFactor,
                                                         Map<String, String> configs, boolean validateOnly) {
        return pipeline.submit(new MetadataCommand.CreateTopic(name, UUID.randomUUID().toString(), partitions,
                replicationFactor, configs, validateOnly, liveTimeoutMs));
    }

    @Override
    public CompletableFuture<MetadataResult> deleteTopic(String name) {
        return pipeline.submit(new MetadataCommand.DeleteTopic(name));
    }

    @Override
    public CompletableFuture<MetadataResult> alterTopic(String name, int partitions, Map<String, String> set,
                                                        Collection<String> delete, boolean validateOnly) {
        return pipeline.submit(new MetadataCommand.AlterTopic(name, partitions, set, new ArrayList<>(delete), validateOnly,
                liveTimeoutMs));
    }

    @Override
    public CompletableFuture<MetadataResult> reportLeader(String topic, int partition, int leaderId, int term) {
        return pipeline.submit(new MetadataCommand.ReportLeader(topic, partition, leaderId, term));
    }

    /**
     * The leader as this broker's Raft server sees it if it is a voter, else as its client last heard.
     * Informational: an isolated old leader may still believe it leads.
     */
    @Override
    public int controllerId() {
        MemberId leader = server == null ? null : server.leader();
        if (leader == null) {
            leader = client.leader();
        }
        try {
            return leader == null ? -1 : Integer.parseInt(leader.id());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** This broker's Raft role in the controller quorum, or null for a non-voter. For tests and diagnostics. */
    RaftServer.Role role() {
        return server == null ? null : server.role();
    }

    /** How many controller sessions this broker has opened: more than one after a session expired. */
    int sessionsOpened() {
        return pipeline.sessionsOpened();
    }

    /** The commit index of this broker's controller server, or -1 for a non-voter. */
    long commitIndex() {
        return server == null ? -1 : server.commitIndex();
    }

    /**
     * Stops the session, the client and (for a voter) the server, without leaving the quorum: a voter
     * that is started again on the same directory resumes. Idempotent; closes every part even when one
     * fails. Does not close the transport (the broker owns it). Waits up to about 2 s for a clean session
     * close; do not call it from a listener or a future callback (it would wait for its own thread).
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        closeQuietly(pipeline, client, server, protocol);
        threads.close();
        io.shutdownNow();
        LOG.info("Controller client closed on broker {}", brokerId);
    }

    private void closeQuietly(SessionPipeline pipe, RaftClient raftClient, ControllerServer raftServer, ControlProtocol p) {
        if (pipe != null) {
            run("session", pipe::close);
        }
        if (raftClient != null) {
            run("client", () -> raftClient.close().get(2, TimeUnit.SECONDS));
        }
        if (raftServer != null) {
            run("server", raftServer::close);
        }
        if (p != null) {
            run("protocol", p::close);
        }
    }

    private void run(String what, ThrowingRunnable r) {
        try {
            r.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while closing the controller {} of broker {}", what, brokerId);
        } catch (Exception e) {
            LOG.warn("Closing the controller {} of broker {} failed: {}", what, brokerId, e.toString());
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Configures and starts an {@link AtomixClusterMetadata}. */
    public static final class Builder {
        private int brokerId = -1;
        private String address;
        private String voters;
        private Path dataDirectory;
        private ControlTransport transport;
        private Clock clock = Clock.systemUTC();
        private Duration electionTimeout = Duration.ofSeconds(1);
        private Duration heartbeatInterval = Duration.ofMillis(250);
        private Duration sessionTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(2);
        private Duration commandTimeout = Duration.ofSeconds(5);
        private Duration pollInterval = Duration.ofMillis(200);
        private Duration brokerLivenessTimeout = Duration.ofSeconds(10);
        private int raftThreads = 2;

        private Builder() {
        }

        /** This broker's id (required). */
        public Builder brokerId(int brokerId) {
            this.brokerId = brokerId;
            return this;
        }

        /**
         * This broker's control address, {@code host:port}; for a voter it should equal its entry in
         * the voter list (a mismatch is logged). Optional.
         */
        public Builder address(String address) {
            this.address = address;
            return this;
        }

        /** The controller quorum, {@code "id@host:port,..."} (required; the same on every broker). */
        public Builder voters(String voters) {
            this.voters = voters;
            return this;
        }

        /** Where a voter keeps its Raft log and snapshots, e.g. {@code <data.dir>/controller} (required for voters). */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** Carries the quorum's requests between brokers (required). */
        public Builder transport(ControlTransport transport) {
            this.transport = transport;
            return this;
        }

        /** Times command deadlines and polls (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Raft election timeout (default 1 s; a new leader takes about 1.5 to 2 times it). A single voter
         * caps it at 200 ms.
         */
        public Builder electionTimeout(Duration electionTimeout) {
            this.electionTimeout = electionTimeout;
            return this;
        }

        /** Raft leader heartbeat interval (default 250 ms; at most half the election timeout). */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
            return this;
        }

        /** How long the quorum keeps a silent broker's session (default 10 s). */
        public Builder sessionTimeout(Duration sessionTimeout) {
            this.sessionTimeout = sessionTimeout;
            return this;
        }

        /** Timeout of one request between brokers (default 2 s); atomix retries after it. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** After this a command completes with CONTROLLER_NOT_AVAILABLE (default 5 s). */
        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
            return this;
        }

        /** How often the image is refreshed when this broker changes nothing (default 200 ms). */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        /** A broker is live (may be given replicas) while its last heartbeat is at most this old (default 10 s). */
        public Builder brokerLivenessTimeout(Duration brokerLivenessTimeout) {
            this.brokerLivenessTimeout = brokerLivenessTimeout;
            return this;
        }

        /** Threads of the Raft server and client pool (default 2). */
        public Builder raftThreads(int raftThreads) {
            this.raftThreads = raftThreads;
            return this;
        }

        /**
         * Starts the server (for a voter), the client and the session pipeline, and returns without
         * waiting for the quorum.
         *
         * @throws IllegalArgumentException for a missing or invalid setting (e.g. a malformed voter list)
         * @throws io.atomix.storage.StorageException when a voter's directory is locked by another member
         */
        public AtomixClusterMetadata build() {
            if (brokerId < 0) {
                throw new IllegalArgumentException("brokerId is required");
            }
            Objects.requireNonNull(transport, "transport is required");
            Objects.requireNonNull(clock, "clock");
            Voters parsed = Voters.parse(voters);
            if (parsed.contains(brokerId) && dataDirectory == null) {
                throw new IllegalArgumentException("broker " + brokerId + " is a controller voter: dataDirectory is required");
            }
            List<Duration> positive = List.of(electionTimeout, heartbeatInterval, sessionTimeout, requestTimeout, commandTimeout,
                    pollInterval, brokerLivenessTimeout);
            for (Duration d : positive) {
                if (d == null || d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("controller timeouts must be positive: " + positive);
                }
            }
            return new AtomixClusterMetadata(this);
        }
    }
}
