/**
 * Brook's proof that it keeps its promises under faults, in the manner of Jepsen's Kafka and Redpanda
 * tests: real broker processes on loopback ({@code db}), workloads, fault injection, histories and
 * checkers. Depends on the client; brokers are separate processes started from the classpath
 * ({@code io.brook.broker.Main}), so nothing here links against the broker.
 */
package io.brook.jepsen;
