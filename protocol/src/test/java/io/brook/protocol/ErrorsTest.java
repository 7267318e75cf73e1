package io.brook.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.message.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which error codes clients retry, and after a metadata refresh. */
class ErrorsTest {

    private static final Set<ErrorCode> RETRIABLE = EnumSet.of(
            ErrorCode.UNKNOWN_SERVER_ERROR, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.NOT_LEADER,
            ErrorCode.LEADER_NOT_AVAILABLE, ErrorCode.REQUEST_TIMED_OUT, ErrorCode.NOT_ENOUGH_REPLICAS,
            ErrorCode.BROKER_SHUTTING_DOWN, ErrorCode.CONTROLLER_NOT_AVAILABLE, ErrorCode.TOPIC_DELETION_IN_PROGRESS,
            ErrorCode.THROTTLED, ErrorCode.BROKER_NOT_AVAILABLE, ErrorCode.NOT_COORDINATOR, ErrorCode.COORDINATOR_NOT_AVAILABLE,
            ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);

    private static List<ErrorCode> knownCodes() {
        List<ErrorCode> codes = new ArrayList<>();
        for (ErrorCode c : ErrorCode.values()) {
            if (c != ErrorCode.UNRECOGNIZED) {
                codes.add(c);
            }
        }
        return codes;
    }

    @Test
    void retriable_codes_are_exactly_the_transient_ones() {
        // when
        Set<ErrorCode> retriable = EnumSet.noneOf(ErrorCode.class);
        for (ErrorCode c : knownCodes()) {
            if (Errors.isRetriable(c)) {
                retriable.add(c);
            }
        }

        // then
        assertThat(retriable).isEqualTo(RETRIABLE);
    }

    @Test
    void retriable_codes_are_the_ones_common_proto_documents_as_retriable() throws IOException {
        // given: the comment above each code in common.proto says "Retriable" for exactly these
        String proto = Files.readString(Path.of("src/main/proto/brook/v1/common.proto"));
        int start = proto.indexOf("enum ErrorCode {");
        String enumBody = proto.substring(start, proto.indexOf("\n}", start));
        Set<ErrorCode> documented = EnumSet.noneOf(ErrorCode.class);
        StringBuilder comment = new StringBuilder();
        Matcher value = Pattern.compile("^\\s*([A-Z_]+)\\s*=\\s*\\d+;").matcher("");
        for (String line : enumBody.split("\n")) {
            if (line.trim().startsWith("//")) {
                comment.append(line).append(' ');
            } else if (value.reset(line).find()) {
                if (comment.toString().contains("Retriable")) {
                    documented.add(ErrorCode.valueOf(value.group(1)));
                }
                comment.setLength(0);
            }
        }

        // then
        assertThat(documented).isEqualTo(RETRIABLE);
    }

    @Test
    void none_and_unrecognized_codes_are_not_retriable() {
        // then: a code from a newer broker that this client does not know fails fast
        assertThat(Errors.isRetriable(ErrorCode.NONE)).isFalse();
        assertThat(Errors.isRetriable(ErrorCode.UNRECOGNIZED)).isFalse();
        assertThat(Errors.needsMetadataRefresh(ErrorCode.UNRECOGNIZED)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = "UNRECOGNIZED", mode = EnumSource.Mode.EXCLUDE)
    void a_code_that_needs_a_metadata_refresh_is_retriable(ErrorCode code) {
        // then
        if (Errors.needsMetadataRefresh(code)) {
            assertThat(Errors.isRetriable(code)).isTrue();
        }
    }

    @Test
    void metadata_refresh_follows_codes_that_mean_leadership_moved() {
        // when
        Set<ErrorCode> refresh = EnumSet.noneOf(ErrorCode.class);
        for (ErrorCode c : knownCodes()) {
            if (Errors.needsMetadataRefresh(c)) {
                refresh.add(c);
            }
        }

        // then
        assertThat(refresh).containsExactlyInAnyOrder(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.NOT_LEADER,
                ErrorCode.LEADER_NOT_AVAILABLE, ErrorCode.BROKER_SHUTTING_DOWN, ErrorCode.BROKER_NOT_AVAILABLE);
    }
}
