/**
 * Metadata as the broker uses it: {@link io.brook.broker.meta.ClusterTopics} (topic administration
 * through the controller quorum, answered once the change is visible here), its counterpart for users
 * and their SCRAM credentials ({@link io.brook.broker.meta.ClusterUsers}), and
 * {@link io.brook.broker.meta.LocalStore}, the RocksDB database under {@code <data.dir>/meta} for local
 * state that is not a log (Raft hard state, each replica's acknowledged end).
 */
package io.brook.broker.meta;
