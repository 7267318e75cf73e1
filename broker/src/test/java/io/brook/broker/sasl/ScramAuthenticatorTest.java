package io.brook.broker.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.config.ConfigException;
import io.brook.protocol.security.scram.ScramMechanism;
import org.junit.jupiter.api.Test;

class ScramAuthenticatorTest {

    @Test
    void enabled_mechanisms_are_read_in_order_without_blanks_or_repeats() {
        assertThat(ScramAuthenticator.parseMechanisms(" SCRAM-SHA-512, ,SCRAM-SHA-256,SCRAM-SHA-512"))
                .containsExactly(ScramMechanism.SCRAM_SHA_512, ScramMechanism.SCRAM_SHA_256);
    }

    @Test
    void an_unknown_mechanism_or_an_empty_list_is_a_config_error_naming_the_key() {
        assertThatThrownBy(() -> ScramAuthenticator.parseMechanisms("SCRAM-SHA-256,PLAIN")).isInstanceOf(ConfigException.class)
                .hasMessageContaining(BrokerConfig.SASL_ENABLED_MECHANISMS).hasMessageContaining("'PLAIN'");
        assertThatThrownBy(() -> ScramAuthenticator.parseMechanisms(" , ")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("names no mechanism");
    }
}
