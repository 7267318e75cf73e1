package io.brook.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** API ids are part of the wire format; {@link ApiKey} maps them both ways and knows its versions. */
class ApiKeyTest {

    @Test
    void ids_are_the_published_wire_ids() {
        // given: the table in docs/protocol.md; changing an id breaks every deployed client
        Map<ApiKey, Integer> published = new LinkedHashMap<>();
        published.put(ApiKey.API_VERSIONS, 0);
        published.put(ApiKey.METADATA, 1);
        published.put(ApiKey.PRODUCE, 2);
        published.put(ApiKey.FETCH, 3);
        published.put(ApiKey.LIST_OFFSETS, 4);
        published.put(ApiKey.CREATE_TOPICS, 5);
        published.put(ApiKey.DELETE_TOPICS, 6);
        published.put(ApiKey.DESCRIBE_TOPICS, 7);
        published.put(ApiKey.ALTER_TOPIC, 8);
        published.put(ApiKey.INIT_PRODUCER_ID, 9);
        published.put(ApiKey.FIND_COORDINATOR, 10);
        published.put(ApiKey.GROUP_HEARTBEAT, 11);
        published.put(ApiKey.OFFSET_COMMIT, 12);
        published.put(ApiKey.OFFSET_FETCH, 13);
        published.put(ApiKey.LIST_GROUPS, 14);
        published.put(ApiKey.DESCRIBE_GROUPS, 15);
        published.put(ApiKey.DELETE_GROUPS, 16);
        published.put(ApiKey.SASL_HANDSHAKE, 23);
        published.put(ApiKey.SASL_AUTHENTICATE, 24);
        published.put(ApiKey.DESCRIBE_USERS, 25);
        published.put(ApiKey.ALTER_USERS, 26);
        published.put(ApiKey.DESCRIBE_ACLS, 27);
        published.put(ApiKey.CREATE_ACLS, 28);
        published.put(ApiKey.DELETE_ACLS, 29);
        published.put(ApiKey.REBALANCE_LEADERS, 30);
        published.put(ApiKey.ALTER_PARTITION_REASSIGNMENTS, 31);
        published.put(ApiKey.LIST_PARTITION_REASSIGNMENTS, 32);
        published.put(ApiKey.CONTROL, 20);
        published.put(ApiKey.RAFT, 21);
        published.put(ApiKey.PEER_AUTH, 22);

        // when
        Map<ApiKey, Integer> actual = new LinkedHashMap<>();
        for (ApiKey k : ApiKey.values()) {
            actual.put(k, (int) k.id());
        }

        // then
        assertThat(actual).isEqualTo(published);
    }

    @ParameterizedTest
    @EnumSource(ApiKey.class)
    void for_id_returns_the_api_with_that_id(ApiKey key) {
        // when
        ApiKey found = ApiKey.forId(key.id());

        // then
        assertThat(found).isSameAs(key);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 17, 19, 100, Short.MAX_VALUE, Short.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void for_id_of_an_unknown_id_is_null(int id) {
        // when
        ApiKey found = ApiKey.forId(id);

        // then
        assertThat(found).isNull();
    }

    @Test
    void ids_are_unique() {
        // when
        long distinct = Arrays.stream(ApiKey.values()).mapToInt(ApiKey::id).distinct().count();

        // then
        assertThat(distinct).isEqualTo(ApiKey.values().length);
    }

    @ParameterizedTest
    @EnumSource(ApiKey.class)
    void supports_exactly_the_versions_from_min_to_max(ApiKey key) {
        // then
        assertThat(key.minVersion()).isGreaterThanOrEqualTo((short) 0).isLessThanOrEqualTo(key.maxVersion());
        for (int v = key.minVersion(); v <= key.maxVersion(); v++) {
            assertThat(key.supports(v)).as("version %d", v).isTrue();
        }
        assertThat(key.supports(key.minVersion() - 1)).isFalse();
        assertThat(key.supports(key.maxVersion() + 1)).isFalse();
        assertThat(key.supports(Short.MIN_VALUE)).isFalse();
        assertThat(key.supports(Short.MAX_VALUE)).isFalse();
    }

    @Test
    void every_api_is_at_version_0_in_this_release() {
        // then: the first release of the protocol; docs/protocol.md lists the same ranges
        for (ApiKey k : ApiKey.values()) {
            assertThat(new int[] {k.minVersion(), k.maxVersion()}).as(k.name()).containsExactly(0, 0);
        }
    }
}
