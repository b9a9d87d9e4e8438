package sori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import sori.Main;
import sori.testing.ConsoleTest;

/** Every command's --help reads the same way, and a word that is no command gets one line. */
class HelpTest extends ConsoleTest {

    /** A line's last word that ends in ':' or '/' and looks like part of an address: it was wrapped. */
    private static final Pattern BROKEN_ADDRESS = Pattern.compile("\\S*[/\\[.:]\\S*[:/]$");

    private static List<CommandLine> everyCommand() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(), all);
        return all;
    }

    private static void collect(CommandLine cl, List<CommandLine> all) {
        if (cl.getCommandSpec().helpCommand()) {
            return;
        }
        all.add(cl);
        cl.getSubcommands().values().stream().filter(s -> s.getParent() == cl).forEach(s -> collect(s, all));
    }

    @Test
    void shouldDescribeEveryCommandBeforeItsUsage() {
        for (CommandLine cl : everyCommand()) {
            String help = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
            String name = cl.getCommandSpec().qualifiedName();
            assertThat(help).as(name).doesNotStartWith("Usage:").contains("\n\nUsage: " + name);
        }
    }

    @Test
    void shouldNamePlaceholdersInCapitalsNotFieldNames() {
        for (CommandLine cl : everyCommand()) {
            String help = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertThat(help).as(cl.getCommandSpec().qualifiedName()).doesNotContainPattern("<[a-zA-Z]+>");
        }
    }

    @Test
    void shouldNeverWrapInTheMiddleOfAnAddress() {
        for (CommandLine cl : everyCommand()) {
            for (String line : cl.getUsageMessage(CommandLine.Help.Ansi.OFF).split("\n")) {
                if (line.startsWith(" ")) {
                    assertThat(BROKEN_ADDRESS.matcher(line.strip()).find())
                            .as(cl.getCommandSpec().qualifiedName() + ": " + line).isFalse();
                }
            }
        }
    }

    @Test
    void shouldAnswerAnUnknownCommandWithOneLineListingTheRealOnes() throws Exception {
        assertThat(run("bogus")).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("sori: unknown command 'bogus' (try: server, echo, client, bench")
                .doesNotContain("help").doesNotContain("\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldListTheScenariosForAnUnknownOneUnderBench() throws Exception {
        assertThat(run("bench", "bogus")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("sori: unknown command 'bogus' (try: fanout, echo, idle, login, verify)");
    }

    @Test
    void shouldStillShowTheUsageForAnUnknownOption() throws Exception {
        assertThat(run("server", "--bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'").contains("Usage: sori server");
    }
}
