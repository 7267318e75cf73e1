package io.brook.client;

/**
 * What a broker did with one partition it leads whose preferred leader (first replica) is another
 * broker, answering {@link Admin#rebalanceLeaders(boolean)}.
 *
 * @param partition the partition
 * @param from the broker that leads it (and answered)
 * @param to its preferred leader
 * @param outcome whether the move was only planned, started, or not made and why
 */
public record LeaderMove(TopicPartition partition, int from, int to, Outcome outcome) {

    /** The fate of one leadership move. */
    public enum Outcome {
        /** Dry run: it would move now. */
        PLANNED,
        /** The leadership transfer started; it completes within an election timeout or leadership stays. */
        STARTED,
        /** The preferred leader is not caught up (or not heard from): leadership stays. */
        PREFERRED_BEHIND,
        /** A transfer of this partition was already in flight. */
        IN_PROGRESS,
        /** An outcome this client does not know (a newer broker). */
        UNKNOWN
    }
}
