package io.brook.jepsen.client;

import io.brook.client.BufferExhaustedException;
import io.brook.client.InvalidTopicException;
import io.brook.client.LeaderNotAvailableException;
import io.brook.client.NotLeaderException;
import io.brook.client.RecordTooLargeException;
import io.brook.client.UnknownTopicOrPartitionException;
import io.brook.jepsen.history.Op;

/**
 * How a failed send is recorded. {@code fail} means the record is in the log after none of the
 * attempts the producer made to write it; every other failure is {@code info}: the record may or may
 * not be there, and the checkers treat it as such.
 * <ul>
 * <li>Refused by {@code send} itself (its future had already failed when it returned): the record
 * never reached the producer's buffer, so no attempt was made. The topic was unknown or invalid, the
 * record too large, or the buffer full: {@code fail}.</li>
 * <li>Failed later, by a producer with {@code retries=0}: its batch was sent once. The broker said it
 * does not lead the partition or the topic does not exist (both answered before any append; a leader
 * that loses leadership after appending answers REQUEST_TIMED_OUT instead), or the record was too
 * large: {@code fail}. Anything else (time-outs, broken connections, storage errors, not enough
 * replicas): {@code info}.</li>
 * <li>Failed later, by a producer that retries: the batch may have been sent several times, and an
 * answer that rules out the last attempt's append says nothing of an earlier attempt that timed out
 * (NOT_LEADER from a new leader after the old one appended, say): always {@code info}. Such a producer
 * reports retriable errors only when delivery.timeout.ms runs out anyway, as a time-out.</li>
 * </ul>
 * A record refused by {@code send} is told apart from one the sender failed by its future being done
 * when {@code send} returned. For a queued record's future to have failed that early after a retry,
 * the calling thread would have had to stall between the append and the return for two round trips
 * and a retry backoff; the harness accepts that window.
 */
public final class SendOutcome {

    private SendOutcome() {}

    /**
     * @param error the send's failure, possibly inside future wrappers
     * @param refusedBySend the future had already failed when {@code send} returned
     * @param retries the producer's {@code retries}
     */
    public static Op.Type of(Throwable error, boolean refusedBySend, int retries) {
        Throwable e = unwrap(error);
        boolean definite = e instanceof NotLeaderException || e instanceof LeaderNotAvailableException
                || e instanceof UnknownTopicOrPartitionException || e instanceof InvalidTopicException
                || e instanceof RecordTooLargeException || e instanceof BufferExhaustedException;
        return definite && (refusedBySend || retries == 0) ? Op.Type.FAIL : Op.Type.INFO;
    }

    /** The error's one-line description for the history. */
    public static String describe(Throwable error) {
        Throwable e = unwrap(error);
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.replace('\n', ' '));
    }

    /** The error inside future wrappers. */
    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof java.util.concurrent.CompletionException || e instanceof java.util.concurrent.ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
