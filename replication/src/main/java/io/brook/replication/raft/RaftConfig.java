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
 */
public record RaftConfig(int electionTimeoutTicks, int heartbeatTicks, int maxInflight, int maxAppendBytes, int requestTimeoutTicks) {

    public RaftConfig {
        if (electionTimeoutTicks < 2 || heartbeatTicks < 1 || heartbeatTicks >= electionTimeoutTicks) {
            throw new IllegalArgumentException("need 1 <= heartbeatTicks < electionTimeoutTicks, got " + heartbeatTicks + ", " + electionTimeoutTicks);
        }
        if (maxInflight < 1 || maxAppendBytes < 1 || requestTimeoutTicks < 1) {
            throw new IllegalArgumentException("maxInflight, maxAppendBytes and requestTimeoutTicks must be positive");
        }
    }

    /** 10-tick election timeout, heartbeat every 2 ticks, 4 requests of 1 MiB in flight. */
    public static RaftConfig defaults() {
        return new RaftConfig(10, 2, 4, 1024 * 1024, 10);
    }
}
