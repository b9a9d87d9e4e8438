package sori.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import sori.testing.LineClient;

/** {@code sori server} as its own process: started by command, stopped by SIGTERM like Ctrl-C. */
class ServerProcessTest {

    private static final Pattern BANNER = Pattern.compile("chat on \\S+:(\\d+) ");

    @Test
    void shouldTellEveryClientAndExitZeroOnSigterm(@org.junit.jupiter.api.io.TempDir File dir) throws Exception {
        File log = new File(dir, "server.log");
        Process p = start(ProcessBuilder.Redirect.to(log), "server", "--port", "0", "--web-port", "0", "--irc-port", "0",
                "--host", "127.0.0.1", "--store", "memory");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            int port = readPort(out);
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);
            try (LineClient a = LineClient.named(at, "a"); LineClient b = LineClient.named(at, "b")) {
                a.expectLine("* b joined lobby.");
                p.destroy(); // SIGTERM
                assertThat(a.expectClosed()).contains("* The server is restarting. Reconnect in a moment.");
                assertThat(b.expectClosed()).contains("* The server is restarting. Reconnect in a moment.");
            }
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("server exited").isTrue();
            assertThat(p.exitValue()).isZero();
            // The log says what the clients heard, and writes addresses one way, as the banner does.
            // Who leaves first is the order the Hub walks its users in: either may.
            assertThat(java.nio.file.Files.readString(log.toPath()))
                    .containsPattern("[ab] left \\(shutdown\\) \\(1 user\\)").containsPattern("[ab] left \\(shutdown\\) \\(0 users\\)")
                    .containsPattern("a joined from 127\\.0\\.0\\.1:\\d+ ").doesNotContainPattern("(^|[\\s(])/127\\.0\\.0\\.1") // Netty's "/127.0.0.1:PORT", not a URL
                    .doesNotContain("(disconnected)");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void shouldExitOneWithOneLineWhenThePortIsTaken() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress())) {
            Process p = start("server", "--host", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()),
                    "--web-port", "0", "--irc-port", "0", "--store", "memory");
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(err.strip()).isEqualTo("sori: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": address already in use");
        }
    }

    @Test
    void shouldExitTwoWithUsageOnAWrongFlag() throws Exception {
        // Far from every real flag: one close to a real one (--no-such-flag, near --node-name) gets picocli's
        // "Possible solutions" in place of the usage.
        Process p = start("server", "--bogus");
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err).contains("Unknown option: '--bogus'").contains("Usage: sori server");
    }

    static Process start(String... args) throws IOException {
        return start(ProcessBuilder.Redirect.PIPE, args);
    }

    static Process start(ProcessBuilder.Redirect stderr, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        if (Runtime.version().feature() >= 24) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("sori.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(new File(".")).redirectError(stderr);
        // Joins and leaves are logged at debug (a busy server does not spend its time on churn): the log
        // checks below read them.
        pb.environment().put("SORI_LOG_LEVEL", "DEBUG");
        return pb.start();
    }

    private static int readPort(BufferedReader out) throws IOException {
        String line = out.readLine();
        assertThat(line).as("banner").isNotNull();
        Matcher m = BANNER.matcher(line);
        assertThat(m.find()).as("banner: " + line).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
