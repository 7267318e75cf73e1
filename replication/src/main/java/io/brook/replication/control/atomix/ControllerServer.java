package io.brook.replication.control.atomix;

import io.atomix.cluster.MemberId;
import io.atomix.protocols.raft.RaftServer;
import io.atomix.protocols.raft.cluster.impl.DefaultRaftMember;
import io.atomix.protocols.raft.impl.DefaultRaftServer;
import io.atomix.protocols.raft.impl.RaftContext;
import io.atomix.protocols.raft.partition.impl.RaftNamespaces;
import io.atomix.protocols.raft.storage.RaftStorage;
import io.atomix.storage.StorageLevel;
import io.atomix.utils.concurrent.ThreadContextFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A voter's Raft server of the controller quorum. Its log, metadata (term, vote, configuration) and
 * snapshots live in one directory, files prefixed {@code controller}; a server started again on the
 * same directory resumes as the same member (bootstrap with stored configuration just rejoins).
 *
 * <p>Built from atomix's {@link RaftContext} directly rather than {@code RaftServer.builder()}, so that
 * a server whose bootstrap never completed (its peers never came up) can still be closed:
 * {@code RaftServer.shutdown()} refuses a server that has not started and would leak its threads and
 * open files. Thread-safe; the Raft state belongs to atomix's server thread.
 */
final class ControllerServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerServer.class);

    private final int brokerId;
    private final RaftContext raft;

    /**
     * Starts the server and its bootstrap, without waiting for the quorum.
     *
     * @param electionTimeout capped at 200 ms for a single voter: it has no one to disagree with, and
     *     its first election is then over in a fraction of a second
     */
    ControllerServer(int brokerId, Voters voters, Path directory, ControlProtocol protocol, ThreadContextFactory threads,
                     Duration electionTimeout, Duration heartbeatInterval, Duration sessionTimeout) {
        this.brokerId = brokerId;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the controller directory " + directory, e);
        }
        RaftStorage storage = RaftStorage.builder()
                .withPrefix("controller")
                .withDirectory(directory.toFile())
                .withStorageLevel(StorageLevel.DISK)
                .withMaxSegmentSize(8 * 1024 * 1024)
                .withMaxEntrySize(1024 * 1024)
                .withFlushOnCommit(true)
                .withNamespace(RaftNamespaces.RAFT_STORAGE)
                .build();
        MemberId self = Voters.memberId(brokerId);
        this.raft = new RaftContext("brook-controller-" + brokerId, self, new StaticMembership(brokerId, voters), protocol,
                storage, MetadataPrimitiveType.REGISTRY, threads, false);
        Duration election = voters.addresses().size() == 1 ? min(electionTimeout, Duration.ofMillis(200)) : electionTimeout;
        raft.setElectionTimeout(election);
        raft.setHeartbeatInterval(min(heartbeatInterval, election.dividedBy(2)));
        raft.setSessionTimeout(sessionTimeout);
        new DefaultRaftServer(raft).bootstrap(voters.memberIds()).whenComplete((s, e) -> {
            if (e == null) {
                LOG.info("Controller server on broker {} joined the quorum", brokerId);
            } else {
                LOG.warn("Controller server on broker {} failed to start: {}", brokerId, e.toString());
            }
        });
    }

    RaftServer.Role role() {
        return raft.getRole();
    }

    long commitIndex() {
        return raft.getCommitIndex();
    }

    /** The leader this server follows (or is), or null when it knows none. */
    MemberId leader() {
        DefaultRaftMember m = raft.getLeader();
        return m == null ? null : m.memberId();
    }

    /** Leaves the Raft roles and closes the log, snapshots and threads; stays a member of the quorum. */
    @Override
    public void close() {
        CompletableFuture<Void> inactive = new CompletableFuture<>();
        try {
            raft.getThreadContext().execute(() -> {
                try {
                    raft.transition(RaftServer.Role.INACTIVE);
                } finally {
                    inactive.complete(null);
                }
            });
            inactive.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("Controller server on broker {} did not stop its role cleanly: {}", brokerId, e.toString());
        } finally {
            raft.close();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
