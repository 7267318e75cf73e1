/**
 * The record batch: the one format in which records travel from producer to broker, rest in the
 * partition log, replicate to followers and reach consumers, byte for byte.
 *
 * <p>The layout is Kafka's published RecordBatch v2 (magic 2); see {@link io.brook.protocol.record.RecordBatch}
 * for the byte table and {@code docs/formats.md} for the whole picture. This package depends only on
 * the JDK and the compression libraries (lz4-java, zstd-jni, snappy-java); it knows nothing of
 * files, sockets or requests.
 */
package io.brook.protocol.record;
