/**
 * Consumer-group members as separate processes ({@link io.brook.jepsen.group.GroupConsumerMain},
 * started and killed by {@link io.brook.jepsen.group.ConsumerProcess}), and what they consumed.
 */
package io.brook.jepsen.group;
