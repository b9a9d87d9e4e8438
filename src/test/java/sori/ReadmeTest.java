package sori;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import sori.server.ChatServer;
import sori.testing.ConsoleTest;
import sori.testing.LineClient;
import sori.testing.TestServers;

/**
 * The README's examples, run: its chat transcript is replayed against a real server line by line, its
 * one-line failures are provoked, and its tables list every flag --help shows. The README is read here,
 * so the two cannot drift apart.
 */
class ReadmeTest extends ConsoleTest {

    private static final String PROMPT = "Enter your name: ";

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String readme() throws Exception {
        return Files.readString(Path.of("README.md"));
    }

    /** The lines of the first code block that contains {@code marker}, from the line after it. */
    private static List<String> blockAfter(String marker) throws Exception {
        List<String> out = new ArrayList<>();
        boolean inBlock = false;
        boolean found = false;
        for (String line : readme().split("\n", -1)) {
            if (line.startsWith("```")) {
                if (found) {
                    return out;
                }
                inBlock = !inBlock;
                continue;
            }
            if (inBlock && found) {
                out.add(line);
            } else if (inBlock && line.startsWith(marker)) {
                found = true;
            }
        }
        throw new AssertionError("no code block with " + marker + " in README.md");
    }

    /** Output lines start as sori's do; anything else in a transcript is what the user typed. */
    private static boolean isOutput(String line) {
        return line.startsWith("* ") || line.startsWith("[") || line.startsWith("(history ") || line.startsWith("#");
    }

    /** The replay's clock time is when it happened: any time matches. */
    private static String untimed(String line) {
        return line.replaceFirst("^\\(history \\d\\d:\\d\\d\\)", "(history HH:MM)");
    }

    @Test
    void shouldPrintTheChatTranscriptLineForLine() throws Exception {
        List<String> transcript = blockAfter("$ nc localhost 9999");
        assertThat(transcript).as("README transcript").hasSizeGreaterThan(5);
        server = TestServers.chat();
        try (LineClient jun = LineClient.named(server.chatAddress(), "jun");
                LineClient me = new LineClient(server.chatAddress())) {
            for (String line : transcript) {
                if (line.startsWith(PROMPT)) {
                    assertThat(me.next()).isEqualTo(PROMPT);
                    me.send(line.substring(PROMPT.length()));
                } else if (line.startsWith("[jun] ")) {
                    jun.send(line.substring("[jun] ".length())); // the other terminal speaks
                    assertThat(me.next()).isEqualTo(line);
                } else if (isOutput(line)) {
                    assertThat(untimed(me.next())).as("README: " + line).isEqualTo(untimed(line));
                } else {
                    me.send(line);
                }
            }
            assertThat(me.expectClosed()).as("nothing after the README's last line").isEmpty();
        }
    }

    @Test
    void shouldStartWithTheBannerTheReadmeShows() throws Exception {
        String shown = blockAfter("$ ./sori server").get(0);
        server = TestServers.chat(); // on a free port, web too
        assertThat(server.webAddress()).isNotNull();
        String banner = sori.cli.ServerCommand.banner(server);
        String pattern = "sori \\S+ — chat on \\[::\\]:\\d+ \\(nc localhost \\d+\\), web on http://localhost:\\d+, "
                + "IRC on \\[::\\]:\\d+, \\S+ transport, history in .+";
        assertThat(shown).matches(pattern);
        assertThat(banner.replace("chat on 127.0.0.1:", "chat on [::]:")).matches(pattern);
    }

    @Test
    void shouldFailOnATakenPortWithTheReadmesLine() throws Exception {
        String readme = readme();
        assertThat(readme).contains("`sori: cannot listen on [::]:9999: address already in use`");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new java.net.InetSocketAddress("::", 0));
            String port = "" + taken.getLocalPort();
            assertThat(run("echo", "--port", port)).isEqualTo(1);
            assertThat(run("server", "--port", port, "--web-port", "0", "--irc-port", "0")).isEqualTo(1);
            assertThat(err.toString().strip().split("\n")).containsExactly(
                    "sori: cannot listen on [::]:" + port + ": address already in use",
                    "sori: cannot listen on [::]:" + port + ": address already in use");
        }
    }

    @Test
    void shouldListEveryFlagOfServerAndBenchInItsTables() throws Exception {
        String readme = readme();
        CommandLine root = Main.commandLine();
        Set<String> missing = new HashSet<>();
        for (CommandLine cl : List.of(root.getSubcommands().get("server"),
                root.getSubcommands().get("bench").getSubcommands().get("fanout"),
                root.getSubcommands().get("bench").getSubcommands().get("echo"),
                root.getSubcommands().get("bench").getSubcommands().get("idle"),
                root.getSubcommands().get("bench").getSubcommands().get("login"))) {
            for (OptionSpec o : cl.getCommandSpec().options()) {
                if (o.hidden() || o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                if (!readme.contains("`" + o.longestName())) {
                    missing.add(cl.getCommandSpec().qualifiedName() + " " + o.longestName());
                }
            }
        }
        assertThat(missing).isEmpty();
    }
}
