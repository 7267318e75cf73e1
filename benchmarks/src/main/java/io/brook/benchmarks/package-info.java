/**
 * JMH benchmarks of Brook's components: the partition log (append with and without fsync,
 * sequential reads by copy and by zero-copy transfer, offset and timestamp lookups, the idempotent
 * producers' sequence check and the rebuild of their state when a log opens) and the record
 * batch codec (building, validating). Each benchmark keeps its files in its own temporary
 * directory under {@code -Dbrook.bench.dir} (default {@code java.io.tmpdir}) and deletes it when it
 * ends. Run them with {@code benchmarks/run-storage.sh}; results go into {@code docs/benchmarks.md}.
 *
 * <p>This package may depend on every module's public API (here {@code io.brook.storage} and
 * {@code io.brook.protocol.record}) and on JMH, never on implementation packages: a benchmark
 * measures what a caller gets. Nothing depends on it.
 */
package io.brook.benchmarks;
