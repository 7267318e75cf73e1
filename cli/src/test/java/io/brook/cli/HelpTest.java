package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.config.ConfigDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
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

    @TestFactory
    Stream<DynamicTest> the_summary_of_every_command_is_a_whole_sentence() {
        // the first description line is what the parent's command list shows: it must not stop mid-sentence
        return commandPaths().stream().filter(p -> !p.isEmpty() && !p.get(p.size() - 1).equals("help"))
                .map(path -> DynamicTest.dynamicTest(("brook " + String.join(" ", path)).trim(), () -> {
                    String[] description = find(path).getCommandSpec().usageMessage().description();
                    assertThat(description).as("description of %s", path).isNotEmpty();
                    assertThat(description[0]).as("summary of %s", path).endsWith(".");
                }));
    }

    @Test
    void a_short_option_means_the_same_long_option_in_every_command() {
        // -n is "how many" wherever it appears (records, messages, nodes), so it may name different long options
        Map<String, Set<String>> longNames = new TreeMap<>();
        for (List<String> path : commandPaths()) {
            for (OptionSpec o : find(path).getCommandSpec().options()) {
                for (String name : o.names()) {
                    if (name.length() == 2 && !name.equals("-n")) {
                        longNames.computeIfAbsent(name, k -> new TreeSet<>()).add(o.longestName());
                    }
                }
            }
        }
        assertThat(longNames).allSatisfy((shortName, names) -> assertThat(names).as(shortName).hasSize(1));
        assertThat(longNames).containsEntry("-p", Set.of("--partitions")).containsEntry("-s", Set.of("--set"));
    }

    @Test
    void server_help_lists_every_config_key_with_its_default() {
        // when
        Cli.Result r = Cli.run("server", "--help");

        // then
        for (ConfigDef.Key key : BrokerConfig.DEF.keys().values()) {
            String shown = key.defaultValue().isEmpty() ? "(empty)" : key.defaultValue();
            assertThat(r.out()).as("server --help lists %s", key.name()).containsPattern("\\n  " + java.util.regex.Pattern.quote(key.name())
                    + " +" + java.util.regex.Pattern.quote(shown) + "\\n");
        }
    }
}
