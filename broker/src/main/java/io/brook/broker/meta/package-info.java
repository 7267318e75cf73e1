/**
 * Topic metadata: the registry of topics this broker serves and {@link io.brook.broker.meta.LocalStore},
 * the RocksDB database under {@code <data.dir>/meta} that keeps it (and, later, other local state
 * that is not a log) across restarts.
 */
package io.brook.broker.meta;
