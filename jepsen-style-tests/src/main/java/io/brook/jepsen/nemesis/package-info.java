/**
 * Faults: kill -9, SIGSTOP, network partitions between brokers through a fault-injecting TCP proxy on
 * every broker-to-broker link (no root needed), damage to a stopped minority node's segment files,
 * power loss (kill -9 and everything not fsynced dropped, on the power-loss file system: root and FUSE),
 * and two of them at once on different brokers ({@link io.brook.jepsen.nemesis.CombinedNemesis}); and,
 * for runs that ask for it, a proxy between clients and each broker that can lose a response or cut
 * one client off for good ({@link io.brook.jepsen.nemesis.ClientProxy}), which {@link
 * io.brook.jepsen.nemesis.ConsumerKillNemesis} uses to kill a consumer-group member; and, as planned
 * maintenance rather than a fault, a rolling restart ({@link io.brook.jepsen.nemesis.RollingRestartNemesis}).
 * Each {@link io.brook.jepsen.nemesis.Nemesis} injects one kind and undoes it; {@link
 * io.brook.jepsen.nemesis.Nemeses} names them.
 */
package io.brook.jepsen.nemesis;
