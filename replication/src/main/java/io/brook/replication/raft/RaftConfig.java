package io.brook.replication.raft;

/**
 * Timing and flow-control settings of a Raft group, in ticks (the driver decides how long a tick is).
 *
 * @param electionTimeoutTicks a follower that hears no leader for a random time in
 *     [electionTimeoutTicks, 2 * electionTimeoutTicks) starts an election
 * @param heartbeatTicks a leader sends at least this often to every follower
 * @param maxInflight AppendEntries requests outstanding per follower
 * @param maxAppendBytes batch bytes per AppendEntries request
 * @param requestTimeoutTicks an unanswered AppendEntries is presumed lost after this long
 * @param quiescentHeartbeatTicks a leader whose followers hold its whole log, committed, contacts them
 *     only this often (a quiescent group, see {@link RaftNode}); 0: never quiesce
 */
public record RaftConfig(int electionTimeoutTicks, int heartbeatTicks, int maxInflight, int maxAppendBytes, int requestTimeoutTicks,
                         int quiescentHeartbeatTicks) {

    public RaftConfig {
        if (electionTimeoutTicks < 2 || heartbeatTicks < 1 || heartbeatTicks >= electionTimeoutTicks) {
            throw new IllegalArgumentException("need 1 <= heartbeatTicks < electionTimeoutTicks, got " + heartbeatTicks + ", " + electionTimeoutTicks);
        }
        if (maxInflight < 1 || maxAppendBytes < 1 || requestTimeoutTicks < 1) {
            throw new IllegalArgumentException("maxInflight, maxAppendBytes and requestTimeoutTicks must be positive");
        }
        if (quiescentHeartbeatTicks != 0 && quiescentHeartbeatTicks <= heartbeatTicks) {
            throw new IllegalArgumentException("quiescentHeartbeatTicks must be 0 (off) or more than heartbeatTicks, got "
                    + quiescentHeartbeatTicks);
        }
    }

    /** Without quiescence. */
    public RaftConfig(int electionTimeoutTicks, int heartbeatTicks, int maxInflight, int maxAppendBytes, int requestTimeoutTicks) {
        this(electionTimeoutTicks, heartbeatTicks, maxInflight, maxAppendBytes, requestTimeoutTicks, 0);
    }

    /** Whether idle groups quiesce. */
    public boolean quiesces() {
        return quiescentHeartbeatTicks > 0;
    }

    /** 10-tick election timeout, heartbeat every 2 ticks, 4 requests of 1 MiB in flight, no quiescence. */
    public static RaftConfig defaults() {
        return new RaftConfig(10, 2, 4, 1024 * 1024, 10);
    }
}
