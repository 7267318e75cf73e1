/**
 * Brook's proof that it keeps its promises under faults, in the manner of Jepsen's Kafka and Redpanda
 * tests: real broker processes on loopback ({@code db}), workloads, fault injection, histories and
 * checkers. Depends on the CLI (brokers are launched through {@code io.brook.cli.Main}) and the client.
 */
package io.brook.jepsen;
