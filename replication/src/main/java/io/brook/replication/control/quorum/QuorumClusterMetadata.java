package io.brook.replication.control.quorum;

import io.brook.replication.control.StoredCredential;
import io.brook.replication.control.acl.AclBinding;
import io.brook.replication.control.BrokerRegistration;
import io.brook.replication.control.ClusterMetadata;
import io.brook.replication.control.ControlTransport;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.MetadataResult;
import io.brook.replication.control.Reassignment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterMetadata} on Brook's own Raft: the controller voters replicate a metadata log (the
 * metadata partition, which their brokers run like any partition: fsynced before it is acknowledged,
 * committed on a majority) and apply it to the same deterministic state machine; every broker submits its
 * changes to the voter that leads and keeps an image of the state (see {@link ControllerChannel}).
 *
 * <p>Wiring: a voter's broker passes the {@link MetadataLog} it runs; every broker passes a
 * {@link ControlTransport} whose handler this class installs, which answers forwarded changes and image
 * requests from other brokers. Nothing blocks on the quorum: {@link Builder#build()} returns at once.
 *
 * <p>Thread-safe. Futures complete on an internal notifier thread and never exceptionally: failures are
 * {@link MetadataResult.Error#CONTROLLER_NOT_AVAILABLE}.
 */
public final class QuorumClusterMetadata implements ClusterMetadata {

    private static final Logger LOG = LoggerFactory.getLogger(QuorumClusterMetadata.class);

    private final int brokerId;
    private final long liveTimeoutMs;
    private final MetadataLog log;
    private final MetadataApplier applier;
    private final ControllerChannel channel;

    private QuorumClusterMetadata(Builder b, Voters voters) {
        this.brokerId = b.brokerId;
        this.liveTimeoutMs = b.brokerLivenessTimeout.toMillis();
        String name = "broker-" + b.brokerId;
        this.log = voters.contains(b.brokerId) ? b.log : null;
        this.applier = log == null ? null : new MetadataApplier(log, name, b.clock, b.checkpointEvery, this::onLocalImage);
        ControllerChannel.LocalReplica local = applier == null ? null : new ControllerChannel.LocalReplica() {
            @Override
            public boolean leads() {
                return applier.leading();
            }

            @Override
            public int leaderId() {
                return applier.leaderId();
            }

            @Override
            public void submit(List<MetadataCommand> commands, Consumer<MetadataApplier.Outcome> done) {
                submitLocally(commands, done);
            }
        };
        this.channel = new ControllerChannel(name, b.brokerId, voters, b.transport, local, b.clock,
                new ControllerChannel.Settings(b.commandTimeout.toMillis(), b.requestTimeout.toMillis(), b.pollInterval.toMillis(),
                        b.retryBackoff.toMillis()));
        if (log != null) {
            log.listen(applier::onLogChange);
            log.execute(applier::start);
        }
        b.transport.handler(this::serve);
        LOG.info("Controller client started on broker {} ({}; voters {})", brokerId, log != null ? "voter" : "non-voter", voters);
    }

    /** A builder with the defaults (5 s command timeout, 2 s request timeout, 200 ms image polls...). */
    public static Builder builder() {
        return new Builder();
    }

    private void onLocalImage(MetadataImage image) {
        channel.onLocalImage(image);
    }

    private void submitLocally(List<MetadataCommand> commands, Consumer<MetadataApplier.Outcome> done) {
        try {
            log.execute(() -> applier.submit(commands, done));
        } catch (RejectedExecutionException e) {
            done.accept(MetadataApplier.Outcome.failed(ControlMessages.Status.NOT_APPLIED, "the metadata log of broker " + brokerId
                    + " is closed"));
        }
    }

    /** Answers a CONTROL request from another broker. Never fails the future: every outcome is encoded. */
    private CompletableFuture<byte[]> serve(byte[] payload) {
        ControlMessages.Request request;
        try {
            request = ControlMessages.decodeRequest(payload);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(ControlMessages.notApplied("malformed control request: " + e.getMessage()));
        }
        if (applier == null) {
            return CompletableFuture.completedFuture(ControlMessages.notLeader(channel.leaderHint()));
        }
        if (request.kind() == ControlMessages.FETCH) {
            long known;
            try {
                known = CommandCodec.decodeQuery(request.body());
            } catch (IllegalArgumentException e) {
                return CompletableFuture.completedFuture(ControlMessages.notApplied(e.getMessage()));
            }
            byte[] answer = applier.encodedAnswer(known);
            return CompletableFuture.completedFuture(answer != null ? ControlMessages.ok(answer)
                    : ControlMessages.notLeader(applier.leaderId()));
        }
        List<MetadataCommand> commands;
        try {
            commands = CommandCodec.decodeCommands(request.body());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(ControlMessages.notApplied(e.getMessage()));
        }
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        submitLocally(commands, outcome -> answer.complete(switch (outcome.status()) {
            case OK -> ControlMessages.ok(CommandCodec.encodeResults(outcome.results()));
            case NOT_LEADER -> ControlMessages.notLeader(outcome.leaderHint());
            case NOT_APPLIED -> ControlMessages.notApplied(outcome.reason());
            case UNKNOWN_OUTCOME -> ControlMessages.unknownOutcome(outcome.reason());
        }));
        return answer;
    }

    @Override
    public MetadataImage image() {
        return channel.image();
    }

    /** Also calls {@code listener} once with the current image, if there is one yet, before any newer image. */
    @Override
    public void addListener(Consumer<MetadataImage> listener) {
        channel.addListener(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public CompletableFuture<MetadataResult> registerBroker(BrokerRegistration broker) {
        BrokerRegistration b = broker.rack() == null ? new BrokerRegistration(broker.id(), broker.host(), broker.port(), "") : broker;
        return channel.submit(new MetadataCommand.RegisterBroker(b));
    }

    @Override
    public CompletableFuture<MetadataResult> heartbeat(int id) {
        return channel.submit(new MetadataCommand.Heartbeat(id));
    }

    @Override
    public CompletableFuture<MetadataResult> createTopic(String name, int partitions, int replicationFactor,
                                                         Map<String, String> configs, boolean validateOnly) {
        return channel.submit(new MetadataCommand.CreateTopic(name, UUID.randomUUID().toString(), partitions, replicationFactor,
                configs, validateOnly, liveTimeoutMs));
    }

    @Override
    public CompletableFuture<MetadataResult> deleteTopic(String name) {
        return channel.submit(new MetadataCommand.DeleteTopic(name));
    }

    @Override
    public CompletableFuture<MetadataResult> alterTopic(String name, int partitions, Map<String, String> set,
                                                        Collection<String> delete, boolean validateOnly) {
        return channel.submit(new MetadataCommand.AlterTopic(name, partitions, set, new ArrayList<>(delete), validateOnly,
                liveTimeoutMs));
    }

    @Override
    public CompletableFuture<MetadataResult> reportLeader(String topic, int partition, int leaderId, int term) {
        return channel.submit(new MetadataCommand.ReportLeader(topic, partition, leaderId, term));
    }

    @Override
    public CompletableFuture<MetadataResult> reassignPartitions(List<Reassignment> moves, boolean validateOnly) {
        return channel.submit(new MetadataCommand.ReassignPartitions(moves, validateOnly));
    }

    @Override
    public CompletableFuture<MetadataResult> completeReassignment(String topic, int partition, String topicId, List<Integer> replicas,
                                                                  int leaderId, int term) {
        return channel.submit(new MetadataCommand.CompleteReassignment(topic, partition, topicId, replicas, leaderId, term));
    }

    @Override
    public CompletableFuture<MetadataResult> allocateProducerIds(int brokerId) {
        return channel.submit(new MetadataCommand.AllocateProducerIds(brokerId));
    }

    @Override
    public CompletableFuture<MetadataResult> upsertUser(String name, StoredCredential credential) {
        return channel.submit(new MetadataCommand.UpsertUser(name, credential));
    }

    @Override
    public CompletableFuture<MetadataResult> deleteUser(String name, String mechanism) {
        return channel.submit(new MetadataCommand.DeleteUser(name, mechanism));
    }

    @Override
    public CompletableFuture<MetadataResult> createAcls(List<AclBinding> acls) {
        return channel.submit(new MetadataCommand.CreateAcls(acls));
    }

    @Override
    public CompletableFuture<MetadataResult> deleteAcls(List<AclBinding> acls) {
        return channel.submit(new MetadataCommand.DeleteAcls(acls));
    }

    /**
     * The controller leader this broker knows of: its own replica's view on a voter, else the last voter
     * that answered as leader. Informational: an isolated old leader may still believe it leads.
     */
    @Override
    public int controllerId() {
        return channel.leaderHint();
    }

    /**
     * Why this broker's controller replica stopped applying the metadata log (an entry it cannot read), or
     * null while it applies normally (and on brokers that are not voters).
     */
    public String haltedReason() {
        return applier == null ? null : applier.halted();
    }

    /**
     * Stops the channel (failing what is queued), without touching the metadata log: the broker that runs
     * the log closes it. Idempotent. Does not close the transport. Do not call it from a listener or a
     * future callback.
     */
    @Override
    public void close() {
        channel.close();
        LOG.info("Controller client closed on broker {}", brokerId);
    }

    /** Configures and starts a {@link QuorumClusterMetadata}. */
    public static final class Builder {
        private int brokerId = -1;
        private String voters;
        private MetadataLog log;
        private ControlTransport transport;
        private LongSupplier clock = System::currentTimeMillis;
        private Duration requestTimeout = Duration.ofSeconds(2);
        private Duration commandTimeout = Duration.ofSeconds(5);
        private Duration pollInterval = Duration.ofMillis(200);
        private Duration retryBackoff = Duration.ofMillis(50);
        private Duration brokerLivenessTimeout = Duration.ofSeconds(10);
        private long checkpointEvery = 10_000;

        private Builder() {
        }

        /** This broker's id (required). */
        public Builder brokerId(int brokerId) {
            this.brokerId = brokerId;
            return this;
        }

        /** The controller quorum, {@code "id@host:port,..."} (required; the same on every broker). */
        public Builder voters(String voters) {
            this.voters = voters;
            return this;
        }

        /** The metadata partition this broker runs (required for a voter, ignored otherwise). */
        public Builder log(MetadataLog log) {
            this.log = log;
            return this;
        }

        /** Carries forwarded changes and image requests between brokers (required). */
        public Builder transport(ControlTransport transport) {
            this.transport = transport;
            return this;
        }

        /** Milliseconds for command deadlines, polls and entry timestamps (default: the system clock). */
        public Builder clock(LongSupplier clock) {
            this.clock = clock;
            return this;
        }

        /** Timeout of one request to another broker (default 2 s). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** After this a command completes with CONTROLLER_NOT_AVAILABLE (default 5 s). */
        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
            return this;
        }

        /** How often a broker that is not a voter asks the leader for a newer image (default 200 ms). */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        /** Pause before a refused change is sent again (default 50 ms). */
        public Builder retryBackoff(Duration retryBackoff) {
            this.retryBackoff = retryBackoff;
            return this;
        }

        /** A broker is live (may be given replicas) while its last heartbeat is at most this old (default 10 s). */
        public Builder brokerLivenessTimeout(Duration brokerLivenessTimeout) {
            this.brokerLivenessTimeout = brokerLivenessTimeout;
            return this;
        }

        /** The leader checkpoints the state after this many applied changes (default 10,000). */
        public Builder checkpointEvery(long checkpointEvery) {
            this.checkpointEvery = checkpointEvery;
            return this;
        }

        /**
         * Starts the channel and, on a voter, the state machine over its log, and returns without waiting
         * for the quorum.
         *
         * @throws IllegalArgumentException for a missing or invalid setting (e.g. a malformed voter list, a
         *     voter without its log)
         */
        public QuorumClusterMetadata build() {
            if (brokerId < 0) {
                throw new IllegalArgumentException("brokerId is required");
            }
            Objects.requireNonNull(transport, "transport is required");
            Objects.requireNonNull(clock, "clock");
            Voters parsed = Voters.parse(voters);
            if (parsed.contains(brokerId) && log == null) {
                throw new IllegalArgumentException("broker " + brokerId + " is a controller voter: its metadata log is required");
            }
            if (checkpointEvery < 1) {
                throw new IllegalArgumentException("checkpointEvery must be positive, got " + checkpointEvery);
            }
            for (Duration d : List.of(requestTimeout, commandTimeout, pollInterval, retryBackoff, brokerLivenessTimeout)) {
                if (d == null || d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("controller timeouts must be positive");
                }
            }
            return new QuorumClusterMetadata(this, parsed);
        }
    }
}
