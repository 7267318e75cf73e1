/**
 * Brook brokers in Docker containers for applications' integration tests, on Testcontainers:
 * {@link io.brook.testcontainers.BrookContainer} (one broker, topics created on first use, like
 * {@code brook dev}) and {@link io.brook.testcontainers.BrookCluster} (N brokers, the first three
 * of them controller voters), with {@link io.brook.testcontainers.BrookImages} to tell whether they
 * can start here. Depends on Testcontainers only: not on Brook's client or broker classes.
 */
package io.brook.testcontainers;
