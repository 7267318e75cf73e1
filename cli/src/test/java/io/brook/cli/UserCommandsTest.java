package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code brook user ...} against a real broker. The broker runs with {@code client.authentication=none},
 * as it does while the first users are created, and serves SASL to clients that ask for it: so the
 * created user can log in with {@code --user}, and a wrong password is refused.
 */
class UserCommandsTest {

    private static CliBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = new CliBroker(Map.of());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static Cli.Result brook(String... args) {
        return Cli.against(broker.bootstrap(), args);
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content + "\n");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> listed(String user) {
        Cli.Result r = brook("user", "list", "-o", "json");
        assertThat(r.exitCode()).as("%s", r).isZero();
        for (Object u : MiniJson.array(r.out())) {
            Map<String, Object> m = (Map<String, Object>) u;
            if (m.get("user").equals(user)) {
                return m;
            }
        }
        return null;
    }

    @Test
    void create_list_log_in_and_delete_round_trip() throws Exception {
        // given
        Path password = file("carol.pw", "carol's passphrase");
        Path wrong = file("wrong.pw", "not carol's");

        // when
        Cli.Result created = brook("user", "create", "carol", "--mechanism", "SCRAM-SHA-512", "--iterations", "5000",
                "--new-password-file", password.toString());

        // then
        assertThat(created.exitCode()).as("%s", created).isZero();
        assertThat(created.out()).contains("Set the SCRAM-SHA-512 credential of user carol (5000 iterations).");
        assertThat(listed("carol")).isEqualTo(Map.of("user", "carol", "credentials", Map.of("SCRAM-SHA-512", 5000L)));
        Cli.Result table = brook("user", "list");
        assertThat(table.outLines()).anySatisfy(l -> assertThat(l.split(" +")).containsExactly("carol", "SCRAM-SHA-512", "5000"));

        // and carol can log in with her password, not with another
        Cli.Result in = brook("topic", "list", "--user", "carol", "--sasl-mechanism", "SCRAM-SHA-512", "--password-file", password.toString());
        assertThat(in.exitCode()).as("%s", in).isZero();
        Cli.Result refused = brook("topic", "list", "--user", "carol", "--sasl-mechanism", "SCRAM-SHA-512", "--password-file",
                wrong.toString());
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.errLines()).singleElement().asString().startsWith("error: authentication failed");

        // when deleted
        Cli.Result deleted = brook("user", "delete", "carol");
        assertThat(deleted.exitCode()).as("%s", deleted).isZero();
        assertThat(deleted.out()).contains("Deleted user carol.");
        assertThat(listed("carol")).isNull();
        Cli.Result again = brook("user", "delete", "carol");
        assertThat(again.exitCode()).as("%s", again).isEqualTo(ExitCodes.FAILED);
        assertThat(again.err()).contains("does not exist");
    }

    @Test
    void deleting_one_mechanism_keeps_the_other() throws Exception {
        Path password = file("dan.pw", "dan-pw");
        for (String mechanism : List.of("SCRAM-SHA-256", "SCRAM-SHA-512")) {
            assertThat(brook("user", "create", "dan", "--mechanism", mechanism, "--new-password-file", password.toString()).exitCode())
                    .isZero();
        }
        Cli.Result r = brook("user", "delete", "dan", "--mechanism", "SCRAM-SHA-256");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).contains("Deleted the SCRAM-SHA-256 credential of user dan.");
        assertThat(listed("dan")).isEqualTo(Map.of("user", "dan", "credentials", Map.of("SCRAM-SHA-512", 4096L)));
    }

    @Test
    void bad_iterations_names_and_mechanisms_exit_2_before_anything_is_sent() throws Exception {
        Path password = file("e.pw", "pw");
        Cli.Result few = brook("user", "create", "erin", "--iterations", "10", "--new-password-file", password.toString());
        Cli.Result name = brook("user", "create", " erin", "--new-password-file", password.toString());
        Cli.Result mechanism = brook("user", "create", "erin", "--mechanism", "PLAIN", "--new-password-file", password.toString());
        assertThat(few.exitCode()).as("%s", few).isEqualTo(ExitCodes.USAGE);
        assertThat(few.err()).contains("4096");
        assertThat(name.exitCode()).as("%s", name).isEqualTo(ExitCodes.USAGE);
        assertThat(name.err()).contains("white space");
        assertThat(mechanism.exitCode()).as("%s", mechanism).isEqualTo(ExitCodes.USAGE);
        assertThat(mechanism.err()).contains("PLAIN");
        assertThat(listed("erin")).isNull();
    }

    @Test
    void create_without_a_password_source_or_terminal_exits_2() {
        Assumptions.assumeTrue(System.getenv(UserCreateCommand.PASSWORD_ENV) == null && System.console() == null);
        Cli.Result r = brook("user", "create", "frank");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("BROOK_NEW_PASSWORD").contains("--new-password-file");
    }
}
