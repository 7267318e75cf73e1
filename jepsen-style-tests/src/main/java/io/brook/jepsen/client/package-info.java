/**
 * The workload's clients, Jepsen processes built on the Brook client: {@link
 * io.brook.jepsen.client.SendWorker} sends unique values, {@link io.brook.jepsen.client.PollWorker}
 * polls in assign mode, {@link io.brook.jepsen.client.GroupMembers} runs a consumer group of {@link
 * io.brook.jepsen.client.GroupWorker}s (the subscribe workload: poll, then commit), {@link
 * io.brook.jepsen.client.FinalReader} reads everything at the end; all record their operations
 * through a {@link io.brook.jepsen.client.Recorder}.
 */
package io.brook.jepsen.client;
