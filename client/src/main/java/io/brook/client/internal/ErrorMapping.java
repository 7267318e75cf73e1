package io.brook.client.internal;

import io.brook.client.BrokerErrorException;
import io.brook.client.BrokerUnavailableException;
import io.brook.client.CommitFailedException;
import io.brook.client.CoordinatorNotAvailableException;
import io.brook.client.FencedMemberException;
import io.brook.client.GroupIdNotFoundException;
import io.brook.client.GroupNotEmptyException;
import io.brook.client.InvalidGroupIdException;
import io.brook.client.BrookException;
import io.brook.client.CorruptRecordException;
import io.brook.client.InvalidConfigException;
import io.brook.client.InvalidTopicException;
import io.brook.client.LeaderNotAvailableException;
import io.brook.client.NotEnoughReplicasException;
import io.brook.client.NotLeaderException;
import io.brook.client.OffsetOutOfRangeException;
import io.brook.client.OutOfOrderSequenceException;
import io.brook.client.ProducerFencedException;
import io.brook.client.RecordTooLargeException;
import io.brook.client.RetriableBrokerErrorException;
import io.brook.client.TimeoutException;
import io.brook.client.TopicExistsException;
import io.brook.client.TopicPartition;
import io.brook.client.UnknownTopicOrPartitionException;
import io.brook.client.UnsupportedVersionException;
import io.brook.protocol.message.ErrorCode;
import java.util.Map;

/**
 * Turns a broker's {@link ErrorCode} into the client's typed exception, with a message that says
 * what happened and what to do about it. Whether the exception is retriable follows
 * {@link io.brook.protocol.Errors#isRetriable} exactly. Stateless.
 */
public final class ErrorMapping {

    private ErrorMapping() {}

    /**
     * @param code a code other than {@code NONE}
     * @param brokerMessage the broker's text, may be empty or {@code null}
     * @param topic the topic concerned, or {@code null}
     * @param partition the partition concerned, or -1
     * @param leaderHint for {@code NOT_LEADER}: the leader's id if the broker knows it, else -1
     */
    public static BrookException toException(ErrorCode code, String brokerMessage, String topic, int partition,
                                             int leaderHint) {
        String where = topic == null ? "" : partition < 0 ? "topic '" + topic + "'" : topic + "-" + partition;
        String detail = brokerMessage == null || brokerMessage.isEmpty() ? "" : " (broker: " + brokerMessage + ")";
        return switch (code) {
            case NONE -> throw new IllegalArgumentException("NONE is not an error");
            case UNKNOWN_SERVER_ERROR -> new RetriableBrokerErrorException("the broker failed unexpectedly" + on(where)
                    + detail + "; the client retries, and the broker's log says more", null, code);
            case MALFORMED_REQUEST -> new BrokerErrorException("the broker could not parse a request" + detail
                    + ": this is a client/broker version mismatch or a client bug; report it", null, code);
            case UNSUPPORTED_API, UNSUPPORTED_VERSION -> new UnsupportedVersionException(
                    "the broker does not support this API or version" + detail
                            + ": upgrade the broker or use a client that matches it", null, code);
            case FRAME_TOO_LARGE -> new RecordTooLargeException("the request is larger than the broker's max.frame.bytes"
                    + detail + ": lower max.request.size (producer) or raise max.frame.bytes on the broker", null, code);
            case CORRUPT_RECORD_BATCH -> new CorruptRecordException("the broker rejected a record batch" + on(where)
                    + " as corrupt" + detail + ": the bytes were damaged in transit or by a client bug; report it", null, code);
            case RECORD_BATCH_TOO_LARGE -> new RecordTooLargeException("a record batch is larger than the limit of "
                    + (where.isEmpty() ? "the topic" : where) + detail
                    + ": lower batch.size or the record size, or raise the topic's max batch size", null, code);
            case UNKNOWN_TOPIC_OR_PARTITION -> unknownTopic(topic, partition, detail);
            case INVALID_TOPIC_NAME -> new InvalidTopicException((topic == null ? "the topic name" : "topic name '" + topic + "'")
                    + " is invalid" + detail + ": use 1 to 249 characters from [a-zA-Z0-9._-]", null, code);
            case TOPIC_ALREADY_EXISTS -> new TopicExistsException("topic '" + topic + "' already exists" + detail
                    + ": use it as it is (`brook topic describe " + topic + "`) or change it with `brook topic alter`", null, code);
            case INVALID_PARTITION_COUNT -> new InvalidConfigException("invalid partition count" + on(where) + detail
                    + ": a topic needs at least 1 partition, and partitions can only be added, never removed", null, code);
            case INVALID_REPLICATION_FACTOR -> new InvalidConfigException("invalid replication factor" + on(where) + detail
                    + ": it must be between 1 and the number of brokers", null, code);
            case INVALID_CONFIG -> new InvalidConfigException("invalid topic config" + on(where) + detail
                    + ": check the config name and value against the broker's topic configs", null, code);
            case OFFSET_OUT_OF_RANGE -> new OffsetOutOfRangeException("offset out of range" + on(where) + detail
                    + ": seek to a valid offset or set auto.offset.reset",
                    topic == null || partition < 0 ? Map.of() : Map.of(new TopicPartition(topic, partition), -1L));
            case NOT_LEADER -> new NotLeaderException("the broker is not the leader" + on(where)
                    + (leaderHint >= 0 ? " (leader is broker " + leaderHint + ")" : "") + detail
                    + "; the client refreshes its metadata and retries", leaderHint);
            case LEADER_NOT_AVAILABLE -> new LeaderNotAvailableException((where.isEmpty() ? "the partition" : where)
                    + " has no leader right now (election in progress)" + detail + "; retry shortly", null, code);
            case REQUEST_TIMED_OUT -> new TimeoutException("the broker did not complete the request in time" + on(where)
                    + detail + "; its effect is unknown: check before retrying anything that must not happen twice", null, code);
            case NOT_ENOUGH_REPLICAS -> new NotEnoughReplicasException("too few replicas are in sync to accept acks=all"
                    + on(where) + detail + "; retry later, and check the health of the partition's replicas", null, code);
            case STORAGE_ERROR -> new BrokerErrorException("the broker's storage failed" + on(where) + detail
                    + ": the partition is offline on that broker; an operator must check its disk and logs", null, code);
            case BROKER_SHUTTING_DOWN -> new BrokerUnavailableException("the broker is shutting down" + detail
                    + "; retry on another broker or after it restarts", null, code);
            case INVALID_REQUEST -> new BrokerErrorException("the broker rejected a request field" + on(where) + detail
                    + ": this is a client bug or an invalid argument; check the values passed", null, code);
            case CONTROLLER_NOT_AVAILABLE -> new RetriableBrokerErrorException("no controller is available" + detail
                    + "; retry once the cluster has elected one", null, code);
            case TOPIC_DELETION_IN_PROGRESS -> new RetriableBrokerErrorException((where.isEmpty() ? "the topic" : where)
                    + " is being deleted" + detail + "; wait for the deletion to finish", null, code);
            case THROTTLED -> new RetriableBrokerErrorException("the broker is overloaded" + detail
                    + "; slow down and retry", null, code);
            case BROKER_NOT_AVAILABLE -> new BrokerUnavailableException("the broker is starting" + detail
                    + "; retry shortly", null, code);
            case OUT_OF_ORDER_SEQUENCE -> new OutOfOrderSequenceException("the partition" + on(where)
                    + " is missing an earlier batch of this producer" + detail + "; the records of this batch were not written",
                    null, code);
            case INVALID_PRODUCER_EPOCH -> new ProducerFencedException("this producer was fenced" + on(where)
                    + detail + ": another producer instance uses a newer epoch of its id; close this one", null, code);
            case NOT_COORDINATOR -> new CoordinatorNotAvailableException("the broker no longer coordinates the group"
                    + detail + "; the client finds its coordinator again and retries", null, code);
            case COORDINATOR_NOT_AVAILABLE -> new CoordinatorNotAvailableException("the group's coordinator is not available"
                    + detail + " (its __groups partition has no leader yet); retry shortly", null, code);
            case COORDINATOR_LOAD_IN_PROGRESS -> new CoordinatorNotAvailableException("the group's coordinator is still loading"
                    + " the group after taking it over" + detail + "; retry shortly", null, code);
            case UNKNOWN_MEMBER_ID, FENCED_MEMBER_EPOCH -> new FencedMemberException("this consumer is no longer a member of"
                    + " its group" + detail + ": it gave up its partitions and rejoins", null, code);
            case STALE_MEMBER_EPOCH -> new CommitFailedException("the commit" + on(where) + " was refused: the group"
                    + " membership changed since the records were polled" + detail
                    + "; nothing was committed, and the partition's new owner consumes the records again", null, code);
            case GROUP_ID_NOT_FOUND -> new GroupIdNotFoundException("the group does not exist" + detail
                    + ": list the groups with `brook group list`", null, code);
            case NON_EMPTY_GROUP -> new GroupNotEmptyException("the group still has members" + detail
                    + ": stop its consumers first (`brook group describe` lists them)", null, code);
            case INVALID_GROUP_ID -> new InvalidGroupIdException("the group id is invalid" + detail
                    + ": use 1 to 249 characters from [a-zA-Z0-9._-]", null, code);
            case WRONG_LISTENER -> new BrokerErrorException("the address reached a listener that does not serve this request"
                    + detail + ": clients connect to a broker's client listener (its `listener`), not to its peer listener",
                    null, code);
            case PEER_AUTHENTICATION_FAILED -> new BrokerErrorException("the broker refused an unauthenticated peer connection"
                    + detail + ": only brokers of the cluster may use its peer listener", null, code);
            case SASL_AUTHENTICATION_FAILED -> new io.brook.client.AuthenticationException("authentication failed" + detail
                    + ": check sasl.username and sasl.password (an unknown user and a wrong password are not told apart)", null, code);
            case ILLEGAL_SASL_STATE -> new io.brook.client.AuthenticationException("the broker requires authentication first"
                    + detail + ": set sasl.mechanism, sasl.username and sasl.password", null, code);
            case UNSUPPORTED_SASL_MECHANISM -> new io.brook.client.AuthenticationException("the broker does not enable this SASL"
                    + " mechanism" + detail + "; use one it lists", null, code);
            case AUTHORIZATION_FAILED -> new io.brook.client.AuthorizationException("not authorized" + on(where) + detail
                    + ": an administrator grants it with `brook acl add`", null, code);
            case RESOURCE_NOT_FOUND -> new io.brook.client.ResourceNotFoundException("not found" + detail, null, code);
            case INVALID_REPLICA_ASSIGNMENT -> new InvalidConfigException("invalid replica assignment" + on(where) + detail, null, code);
            case UNRECOGNIZED -> new BrokerErrorException("the broker answered with an error code this client does not know"
                    + detail + ": upgrade the client", null, code);
        };
    }

    /** For an error code number in a frame header, which may be one this client does not know. */
    public static BrookException frameError(short code, String brokerMessage) {
        ErrorCode c = ErrorCode.forNumber(code);
        if (c == null || c == ErrorCode.NONE) {
            return new BrokerErrorException("the broker answered with unknown error code " + code
                    + (brokerMessage == null || brokerMessage.isEmpty() ? "" : " (broker: " + brokerMessage + ")")
                    + ": upgrade the client", null, ErrorCode.UNRECOGNIZED);
        }
        return toException(c, brokerMessage, null, -1, -1);
    }

    /** The message users see when a topic does not exist. */
    public static UnknownTopicOrPartitionException unknownTopic(String topic, int partition, String detail) {
        String msg = topic == null
                ? "the topic or partition does not exist" + detail
                : partition < 0
                        ? "topic '" + topic + "' does not exist" + detail + ": create it with `brook topic create " + topic
                                + "` or enable auto.create.topics on the broker"
                        : "partition " + topic + "-" + partition + " does not exist" + detail
                                + ": check the topic's partition count with `brook topic describe " + topic + "`";
        return new UnknownTopicOrPartitionException(msg, null, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    }

    private static String on(String where) {
        return where.isEmpty() ? "" : " for " + where;
    }
}
