/**
 * Broker processes under the harness's control: start, graceful stop, kill -9, pause/resume
 * (SIGSTOP/SIGCONT) and restart, each with its own port and data directory on 127.0.0.1
 * ({@link io.brook.jepsen.db.BrokerProcess}, {@link io.brook.jepsen.db.LocalCluster}, optionally
 * behind a {@link io.brook.jepsen.nemesis.Network} of proxies, with a {@link
 * io.brook.jepsen.nemesis.ClientProxy} in front of each broker and with each data directory on the
 * power-loss file system of {@link io.brook.jepsen.powerfs}); questions to the running cluster
 * ({@link io.brook.jepsen.db.ClusterProbe}: leaders, replication state, offsets); and the replicas'
 * final logs read from a stopped broker's segment files ({@link io.brook.jepsen.db.ReplicaLogReader}).
 * Depends on the Brook client and the record batch format.
 */
package io.brook.jepsen.db;
