/**
 * An in-process {@link io.brook.replication.control.ControlTransport} for tests: a network of endpoints
 * that can refuse, drop and delay messages. Depends only on the control package's interfaces.
 */
package io.brook.replication.control.memory;
