package io.brook.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README shows {@link OrdersTopicTest} as it is here, so that the example users copy compiles and passes. */
class ReadmeTest {

    @Test
    void readme_shows_the_junit_5_example_unchanged() throws IOException {
        // surefire runs in the module directory
        String readme = Files.readString(Path.of("..", "README.md"));
        String example = Files.readString(Path.of("src", "test", "java", "io", "brook", "testcontainers", "OrdersTopicTest.java"));
        String withoutPackage = example.substring(example.indexOf("import "));

        assertThat(readme).contains("```java\n" + withoutPackage + "```\n");
    }
}
