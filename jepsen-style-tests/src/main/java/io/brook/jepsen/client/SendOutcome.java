package io.brook.jepsen.client;

import io.brook.client.BufferExhaustedException;
import io.brook.client.InvalidTopicException;
import io.brook.client.LeaderNotAvailableException;
import io.brook.client.NotLeaderException;
import io.brook.client.RecordTooLargeException;
import io.brook.client.UnknownTopicOrPartitionException;
import io.brook.jepsen.history.Op;

/**
 * How a failed send is recorded. Only errors that prove the broker did not append the record are a
 * definite {@code fail}: the broker said it does not lead the partition or the topic does not exist
 * (both answered before any append; a leader that loses leadership after appending answers
 * REQUEST_TIMED_OUT instead), the record was too large, or it never left the client's buffer. Every
 * other error (time-outs, broken connections, storage errors, not enough replicas) is {@code info}:
 * the record may or may not be in the log, and the checkers treat it as such. With the producer's
 * retries at 0 no send is ever written twice by the client itself.
 */
public final class SendOutcome {

    private SendOutcome() {}

    public static Op.Type of(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof NotLeaderException || e instanceof LeaderNotAvailableException
                || e instanceof UnknownTopicOrPartitionException || e instanceof InvalidTopicException
                || e instanceof RecordTooLargeException || e instanceof BufferExhaustedException) {
            return Op.Type.FAIL;
        }
        return Op.Type.INFO;
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
