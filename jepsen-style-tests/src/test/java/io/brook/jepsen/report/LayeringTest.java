package io.brook.jepsen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The layering of history, checker and report, read from the sources' imports: history depends on the
 * JDK only, checker on history, report on history and checker; none of them on the client, the
 * workloads or anything else of Brook. (Source imports, since this module has no ArchUnit; a fully
 * qualified reference would slip through, which review catches.)
 */
class LayeringTest {

    private static final Path SOURCES = Path.of("src/main/java/io/brook/jepsen");

    @ParameterizedTest
    @CsvSource({"history, ''", "checker, history", "report, history checker"})
    void a_package_imports_only_the_brook_packages_below_it(String pkg, String allowed) throws IOException {
        // given
        List<String> allowedPrefixes = Stream.concat(Stream.of(pkg), Stream.of(allowed.split(" ")))
                .filter(s -> !s.isBlank()).map(s -> "io.brook.jepsen." + s + ".").toList();
        // when
        List<String> imports;
        try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
            imports = files.filter(f -> f.toString().endsWith(".java")).flatMap(LayeringTest::lines)
                    .filter(l -> l.startsWith("import io.brook.") || l.startsWith("import static io.brook."))
                    .map(l -> l.replaceFirst("import (static )?", "")).toList();
        }
        // then
        assertThat(imports).allSatisfy(i -> assertThat(allowedPrefixes).anySatisfy(p -> assertThat(i).startsWith(p)));
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::trim);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
