package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code --help} of every command and subcommand exits 0 and documents every option and parameter. */
class HelpTest {

    /** Every command of the tree, depth first, as the words that name it after {@code brook}. */
    static List<List<String>> commandPaths() {
        List<List<String>> out = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), out);
        return out;
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        for (CommandLine sub : cl.getSubcommands().values().stream().distinct().toList()) {
            List<String> next = new ArrayList<>(path);
            next.add(sub.getCommandName());
            collect(sub, next, out);
        }
    }

    static CommandLine find(List<String> path) {
        CommandLine cl = Main.commandLine();
        for (String name : path) {
            cl = cl.getSubcommands().get(name);
        }
        return cl;
    }

    @TestFactory
    Stream<DynamicTest> help_of_every_command_exits_0_and_lists_every_option() {
        assertThat(commandPaths()).as("commands").hasSizeGreaterThan(15);
        return commandPaths().stream().map(path -> DynamicTest.dynamicTest(("brook " + String.join(" ", path)).trim() + " --help", () -> {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Cli.Result r = Cli.run(args.toArray(new String[0]));
            assertThat(r.exitCode()).as("%s", r).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).contains("Usage: brook" + (path.isEmpty() ? "" : " " + String.join(" ", path)));
            CommandLine cl = find(path);
            for (OptionSpec o : cl.getCommandSpec().options()) {
                for (String name : o.names()) {
                    assertThat(r.out()).as("usage of %s mentions %s", path, name).contains(name);
                }
            }
            for (PositionalParamSpec p : cl.getCommandSpec().positionalParameters()) {
                assertThat(r.out()).as("usage of %s mentions %s", path, p.paramLabel()).contains(p.paramLabel());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> every_option_has_a_description() {
        return commandPaths().stream().map(path -> DynamicTest.dynamicTest(("brook " + String.join(" ", path)).trim(), () -> {
            for (OptionSpec o : find(path).getCommandSpec().options()) {
                assertThat(String.join(" ", o.description())).as("description of %s in %s", o.longestName(), path).isNotBlank();
            }
        }));
    }
}
