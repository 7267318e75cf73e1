package io.brook.protocol.security.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.testsupport.tls.TestPki;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The principal name of a certificate: its CN, else its whole subject. */
class PrincipalsTest {

    @TempDir
    Path dir;

    private TestPki pki;

    @BeforeEach
    void makeCa() {
        pki = TestPki.create(dir, "brook-test-ca");
    }

    @Test
    void theCommonNameNamesThePrincipal() {
        assertThat(Principals.fromCertificate(pki.issue("alice", List.of(), List.of()).certificate()))
                .isEqualTo("alice");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            CN=alice,OU=team,CN=group,O=Acme | alice
            CN=Smith\\, Alice,O=Acme         | 'Smith, Alice'
            OU=ops,O=Acme                    | OU=ops,O=Acme
            """)
    void theMostSpecificCommonNameElseTheWholeSubjectNamesThePrincipal(String subject, String principal) {
        TestPki.Issued issued = pki.issueWithSubject(subject, List.of(), List.of());

        assertThat(Principals.fromCertificate(issued.certificate())).isEqualTo(principal);
    }

    @Test
    void anEmptySubjectNamesNoPrincipal() {
        TestPki.Issued issued = pki.issueWithSubject("", List.of("127.0.0.1"), List.of());

        assertThatThrownBy(() -> Principals.fromCertificate(issued.certificate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty subject");
    }
}
