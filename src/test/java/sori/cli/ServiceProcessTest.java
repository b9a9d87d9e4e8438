package sori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.testing.Await;
import sori.testing.Hangup;
import sori.testing.LineClient;
import sori.testing.Needs;
import sori.testing.Tls;

/** {@code sori server} in its own process, run as a service: JSON logs, SIGHUP reloading the config file. */
class ServiceProcessTest {

    private static final Pattern STARTED = Pattern.compile("chat on 127\\.0\\.0\\.1:(\\d+) ");

    @TempDir
    Path dir;

    private static Process start(List<String> args, String... env) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "sori.Main"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(Hangup.caught(command));
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        return pb.start();
    }

    private static int port(StringBuffer out) {
        Matcher[] m = new Matcher[1];
        Await.until("the start line", () -> (m[0] = STARTED.matcher(out)).find(), LineClient.WAIT);
        return Integer.parseInt(m[0].group(1));
    }

    private static void stop(Process p, StringBuffer err) throws Exception {
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err.toString()).isZero();
    }

    @Test
    void shouldLogOneJsonObjectPerLineWithTheUserAsAField() throws Exception {
        Process p = start(List.of("server", "--host", "127.0.0.1", "--port", "0", "--web-port", "0", "--irc-port", "0", "--log-format",
                "json"), "SORI_LOG_LEVEL", "DEBUG");
        try {
            StringBuffer out = Tls.collect(p.getInputStream());
            StringBuffer err = Tls.collect(p.getErrorStream());
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", port(out));
            try (LineClient mina = LineClient.named(at, "mina")) {
                mina.send("/quit");
                mina.expectClosed();
            }
            Await.until("mina's leave logged", () -> err.toString().contains("mina left"), LineClient.WAIT);
            stop(p, err);
            List<String> lines = err.toString().lines().filter(l -> !l.isBlank() && !l.startsWith("WARNING: ")).toList();
            assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}")
                    .contains("\"level\"", "\"loggerName\"", "\"timestamp\"", "\"formattedMessage\""));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("mina joined from", "\"user\"", "\"mina\"",
                    "\"remote\""));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void shouldApplyLimitsOnSighupAndNameKeysThatNeedARestart() throws Exception {
        Needs.tool(Needs.onPath("kill"), "kill", "apt-get install procps");
        Path toml = dir.resolve("sori.toml");
        Files.writeString(toml, "flood-rate = 2\nmax-clients = 100\n");
        Process p = start(List.of("server", "--config", toml.toString(), "--host", "127.0.0.1", "--port", "0",
                "--web-port", "0", "--irc-port", "0"));
        try {
            StringBuffer out = Tls.collect(p.getInputStream());
            StringBuffer err = Tls.collect(p.getErrorStream());
            port(out);
            Files.writeString(toml, "flood-rate = 5\nmax-clients = 2\nhistory = 50\nallowed-origin = [\"https://a.example\"]\n");
            hangup(p);
            Await.until("the reload lines", () -> err.toString().contains("SIGHUP: applied")
                    && err.toString().contains("need a restart"), LineClient.WAIT);
            assertThat(err.toString()).contains("flood-rate 2 -> 5", "max-clients 100 -> 2", "allowed-origin [] -> [https://a.example]")
                    .contains("need a restart: history");

            // max-clients is live: a third connection is refused with the limit's line.
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", port(out));
            try (LineClient a = LineClient.named(at, "a"); LineClient b = LineClient.named(at, "b");
                    LineClient c = new LineClient(at)) {
                assertThat(c.expectClosed()).anySatisfy(l -> assertThat(l).contains("too many connections"));
                a.send("still here");
                b.expectLine("[a] still here");
            }

            Files.writeString(toml, "flood-rate = \"fast\"\n");
            hangup(p);
            Await.until("the refusal", () -> err.toString().contains("configuration not reloaded"), LineClient.WAIT);
            stop(p, err);
        } finally {
            p.destroyForcibly();
        }
    }

    private static void hangup(Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", String.valueOf(p.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).isTrue();
    }
}
