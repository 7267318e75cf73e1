/**
 * The control plane on atomix-raft 3.1.12: {@link io.brook.replication.control.atomix.AtomixClusterMetadata}
 * (the one public class) wires a Raft server for voters, a Raft client and one session per broker.
 * {@code MetadataState} is the pure, deterministic state machine; {@code MetadataService} is its atomix
 * face; {@code CommandCodec}, {@code ImageCodec} and {@code MetadataSnapshot} are the byte formats (so
 * atomix's Kryo only ever sees {@code byte[]} of Brook's); {@code ControlProtocol} carries atomix's own
 * messages over a {@link io.brook.replication.control.ControlTransport}. The only package that imports
 * atomix; depends on the control package's interfaces, never on {@code io.brook.replication.raft}.
 */
package io.brook.replication.control.atomix;
