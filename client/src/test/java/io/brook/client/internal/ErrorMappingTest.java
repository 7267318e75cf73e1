package io.brook.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.client.BrokerErrorException;
import io.brook.client.BrokerUnavailableException;
import io.brook.client.BrookException;
import io.brook.client.CorruptRecordException;
import io.brook.client.InvalidConfigException;
import io.brook.client.InvalidTopicException;
import io.brook.client.LeaderNotAvailableException;
import io.brook.client.NotEnoughReplicasException;
import io.brook.client.NotLeaderException;
import io.brook.client.OffsetOutOfRangeException;
import io.brook.client.RecordTooLargeException;
import io.brook.client.RetriableBrokerErrorException;
import io.brook.client.RetriableException;
import io.brook.client.TimeoutException;
import io.brook.client.TopicExistsException;
import io.brook.client.TopicPartition;
import io.brook.client.UnknownTopicOrPartitionException;
import io.brook.client.UnsupportedVersionException;
import io.brook.protocol.Errors;
import io.brook.protocol.message.ErrorCode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ErrorMappingTest {

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = {"NONE", "UNRECOGNIZED"}, mode = EnumSource.Mode.EXCLUDE)
    void retriabilityFollowsTheProtocol(ErrorCode code) {
        BrookException e = ErrorMapping.toException(code, "detail", "t", 0, -1);

        assertThat(e.isRetriable()).isEqualTo(Errors.isRetriable(code));
        assertThat(e instanceof RetriableException).isEqualTo(Errors.isRetriable(code));
        assertThat(e.errorCode()).isEqualTo(code);
        assertThat(e.getMessage()).contains("detail");
    }

    @Test
    void eachCodeHasItsType() {
        Map<ErrorCode, Class<? extends BrookException>> expected = Map.ofEntries(
                Map.entry(ErrorCode.UNKNOWN_SERVER_ERROR, RetriableBrokerErrorException.class),
                Map.entry(ErrorCode.MALFORMED_REQUEST, BrokerErrorException.class),
                Map.entry(ErrorCode.UNSUPPORTED_API, UnsupportedVersionException.class),
                Map.entry(ErrorCode.UNSUPPORTED_VERSION, UnsupportedVersionException.class),
                Map.entry(ErrorCode.FRAME_TOO_LARGE, RecordTooLargeException.class),
                Map.entry(ErrorCode.CORRUPT_RECORD_BATCH, CorruptRecordException.class),
                Map.entry(ErrorCode.RECORD_BATCH_TOO_LARGE, RecordTooLargeException.class),
                Map.entry(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, UnknownTopicOrPartitionException.class),
                Map.entry(ErrorCode.INVALID_TOPIC_NAME, InvalidTopicException.class),
                Map.entry(ErrorCode.TOPIC_ALREADY_EXISTS, TopicExistsException.class),
                Map.entry(ErrorCode.INVALID_PARTITION_COUNT, InvalidConfigException.class),
                Map.entry(ErrorCode.INVALID_REPLICATION_FACTOR, InvalidConfigException.class),
                Map.entry(ErrorCode.INVALID_CONFIG, InvalidConfigException.class),
                Map.entry(ErrorCode.OFFSET_OUT_OF_RANGE, OffsetOutOfRangeException.class),
                Map.entry(ErrorCode.NOT_LEADER, NotLeaderException.class),
                Map.entry(ErrorCode.LEADER_NOT_AVAILABLE, LeaderNotAvailableException.class),
                Map.entry(ErrorCode.REQUEST_TIMED_OUT, TimeoutException.class),
                Map.entry(ErrorCode.NOT_ENOUGH_REPLICAS, NotEnoughReplicasException.class),
                Map.entry(ErrorCode.STORAGE_ERROR, BrokerErrorException.class),
                Map.entry(ErrorCode.BROKER_SHUTTING_DOWN, BrokerUnavailableException.class),
                Map.entry(ErrorCode.INVALID_REQUEST, BrokerErrorException.class),
                Map.entry(ErrorCode.CONTROLLER_NOT_AVAILABLE, RetriableBrokerErrorException.class),
                Map.entry(ErrorCode.TOPIC_DELETION_IN_PROGRESS, RetriableBrokerErrorException.class),
                Map.entry(ErrorCode.THROTTLED, RetriableBrokerErrorException.class),
                Map.entry(ErrorCode.BROKER_NOT_AVAILABLE, BrokerUnavailableException.class),
                Map.entry(ErrorCode.OUT_OF_ORDER_SEQUENCE, io.brook.client.OutOfOrderSequenceException.class),
                Map.entry(ErrorCode.INVALID_PRODUCER_EPOCH, io.brook.client.ProducerFencedException.class),
                Map.entry(ErrorCode.NOT_COORDINATOR, io.brook.client.CoordinatorNotAvailableException.class),
                Map.entry(ErrorCode.COORDINATOR_NOT_AVAILABLE, io.brook.client.CoordinatorNotAvailableException.class),
                Map.entry(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, io.brook.client.CoordinatorNotAvailableException.class),
                Map.entry(ErrorCode.UNKNOWN_MEMBER_ID, io.brook.client.FencedMemberException.class),
                Map.entry(ErrorCode.FENCED_MEMBER_EPOCH, io.brook.client.FencedMemberException.class),
                Map.entry(ErrorCode.STALE_MEMBER_EPOCH, io.brook.client.CommitFailedException.class),
                Map.entry(ErrorCode.GROUP_ID_NOT_FOUND, io.brook.client.GroupIdNotFoundException.class),
                Map.entry(ErrorCode.NON_EMPTY_GROUP, io.brook.client.GroupNotEmptyException.class),
                Map.entry(ErrorCode.INVALID_GROUP_ID, io.brook.client.InvalidGroupIdException.class),
                Map.entry(ErrorCode.WRONG_LISTENER, BrokerErrorException.class),
                Map.entry(ErrorCode.PEER_AUTHENTICATION_FAILED, BrokerErrorException.class),
                Map.entry(ErrorCode.SASL_AUTHENTICATION_FAILED, io.brook.client.AuthenticationException.class),
                Map.entry(ErrorCode.ILLEGAL_SASL_STATE, io.brook.client.AuthenticationException.class),
                Map.entry(ErrorCode.UNSUPPORTED_SASL_MECHANISM, io.brook.client.AuthenticationException.class),
                Map.entry(ErrorCode.AUTHORIZATION_FAILED, io.brook.client.AuthorizationException.class),
                Map.entry(ErrorCode.RESOURCE_NOT_FOUND, io.brook.client.ResourceNotFoundException.class),
                Map.entry(ErrorCode.INVALID_REPLICA_ASSIGNMENT, InvalidConfigException.class));
        for (ErrorCode code : ErrorCode.values()) {
            if (code == ErrorCode.NONE || code == ErrorCode.UNRECOGNIZED) {
                continue;
            }
            assertThat(expected).as("a type for %s", code).containsKey(code);
            assertThat(ErrorMapping.toException(code, "", "t", 0, -1)).as("%s", code).isExactlyInstanceOf(expected.get(code));
        }
    }

    @Test
    void unknownTopicSaysHowToCreateIt() {
        BrookException e = ErrorMapping.toException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "", "orders", -1, -1);

        assertThat(e).hasMessage("topic 'orders' does not exist: create it with `brook topic create orders` or enable"
                + " auto.create.topics on the broker");
    }

    @Test
    void notLeaderCarriesTheHint() {
        BrookException e = ErrorMapping.toException(ErrorCode.NOT_LEADER, "", "t", 3, 7);

        assertThat(e).isInstanceOf(NotLeaderException.class).hasMessageContaining("t-3").hasMessageContaining("broker 7");
        assertThat(((NotLeaderException) e).leaderHint()).isEqualTo(7);
    }

    @Test
    void outOfRangeNamesThePartition() {
        OffsetOutOfRangeException e = (OffsetOutOfRangeException) ErrorMapping.toException(ErrorCode.OFFSET_OUT_OF_RANGE,
                "", "t", 1, -1);

        assertThat(e.offsets()).containsOnlyKeys(new TopicPartition("t", 1));
    }

    @Test
    void frameErrorsWithUnknownCodesAreFatal() {
        BrookException e = ErrorMapping.frameError((short) 999, "what");

        assertThat(e).isInstanceOf(BrokerErrorException.class).hasMessageContaining("999").hasMessageContaining("upgrade");
        assertThat(e.isRetriable()).isFalse();
        assertThat(ErrorMapping.frameError((short) ErrorCode.UNSUPPORTED_VERSION.getNumber(), "v9"))
                .isInstanceOf(UnsupportedVersionException.class);
    }
}
