/**
 * Partitions and the threads that own them. Each {@link io.brook.broker.partition.Partition}'s log is
 * written by exactly one {@link io.brook.broker.partition.LogThread}; network threads hand it work
 * through the thread's queue and read the log concurrently (reads are thread-safe). A log thread
 * drains its queue in bursts, appends everything, then fsyncs each partition that has acks=all
 * appends pending once (group commit) before answering them. Each log directory carries a durable,
 * checksummed {@code topic.id} ({@link io.brook.broker.partition.TopicIdFile}); what opening a
 * directory does with it is {@link io.brook.broker.partition.PartitionDirectory}'s rule.
 */
package io.brook.broker.partition;
