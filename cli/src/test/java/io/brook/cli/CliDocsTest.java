package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.config.BrokerConfig;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;

/** {@code docs/cli.md} keeps up with the code: every command, option, broker config key and exit code is in it. */
class CliDocsTest {

    private static String doc;

    @BeforeAll
    static void readDoc() throws IOException {
        // surefire runs in the module directory
        doc = Files.readString(Path.of("..", "docs", "cli.md"));
    }

    @Test
    void every_command_and_option_is_documented() {
        for (List<String> path : HelpTest.commandPaths()) {
            String command = ("brook " + String.join(" ", path)).trim();
            assertThat(doc).as("docs/cli.md mentions %s", command).contains(command);
            for (OptionSpec o : HelpTest.find(path).getCommandSpec().options()) {
                assertThat(doc).as("docs/cli.md mentions %s of %s", o.longestName(), command).contains(o.longestName());
            }
        }
    }

    @Test
    void every_broker_config_key_and_its_environment_variable_is_documented() {
        for (String key : BrokerConfig.DEF.keys().keySet()) {
            assertThat(doc).as("docs/cli.md documents broker key %s", key).contains("`" + key + "`")
                    .contains("`" + BrokerConfig.envName(key) + "`");
        }
    }

    @Test
    void every_exit_code_is_documented() throws IllegalAccessException {
        for (Field f : ExitCodes.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                assertThat(doc).as("docs/cli.md documents exit code %s", f.getName()).containsPattern("\\| *" + f.getInt(null) + " *\\|");
            }
        }
    }

    @Test
    void readme_starts_the_docker_engine_before_it_builds_the_image_or_runs_compose() throws IOException {
        // given README's Docker section
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("### In containers: Docker Compose"),
                readme.indexOf("## Checking that nothing is lost"));

        // then the engine is started before the image is built, and the image before compose runs it
        int engine = section.indexOf("start-dockerd.sh");
        int build = section.indexOf("docker/build-image.sh");
        int up = section.indexOf("docker-compose -f docker/docker-compose.yml up");
        assertThat(engine).isNotNegative().isLessThan(build);
        assertThat(build).isLessThan(up);
    }
}
