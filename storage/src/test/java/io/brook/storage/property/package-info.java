/**
 * Seeded randomized tests of the partition log: random operation sequences, simulated crashes that
 * lose and damage the unflushed tail, and invariant checks against a simple in-memory model.
 */
package io.brook.storage.property;
