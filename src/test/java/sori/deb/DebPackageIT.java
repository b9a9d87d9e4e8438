package sori.deb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import sori.testing.Await;
import sori.testing.LineClient;
import sori.testing.Needs;

/**
 * The Debian package as an operator meets it ({@code ./mvnw -Pdeb verify}, as root where dpkg is; CI
 * does): it installs, {@code sori --version} runs on the bundled runtime, the unit's ExecStart starts the
 * server with the packaged config and a client chats, {@code systemd-analyze verify} accepts the unit,
 * and {@code dpkg -r} then {@code dpkg -P} leave nothing behind. A machine that already has a sori package
 * installed is left alone.
 */
class DebPackageIT {

    private static final Path UNIT = Path.of("/lib/systemd/system/sori.service");
    private static final Pattern STARTED = Pattern.compile("chat on \\S+:(\\d+) ");

    /** Runs {@code command} to its end (bounded) and returns its exit code; output goes to {@code out}. */
    private static int run(StringBuilder out, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        out.append("$ ").append(String.join(" ", command)).append('\n').append(said);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
        return p.exitValue();
    }

    @Test
    void shouldInstallRunChatAndRemoveCleanly() throws Exception {
        Path deb = Path.of(System.getProperty("sori.deb", "target/sori_0.1.0_amd64.deb"));
        boolean root = "root".equals(System.getProperty("user.name"));
        Needs.tool(Boolean.getBoolean("sori.deb.built") && Files.exists(deb), "the Debian package", "./mvnw -Pdeb verify");
        Needs.tool(root && Needs.onPath("dpkg"), "root and dpkg for the package test", "sudo ./mvnw -Pdeb verify");
        StringBuilder log = new StringBuilder();
        Needs.tool(run(log, "dpkg-query", "-W", "-f=${Status}", "sori") != 0 || !log.toString().contains("installed"),
                "a machine without the sori package installed", "dpkg -r sori, then run again");

        try {
            assertThat(run(log, "dpkg", "-i", deb.toString())).as(log::toString).isZero();
            assertThat(run(log, "/usr/bin/sori", "--version")).as(log::toString).isZero();
            assertThat(log).contains("sori 0.1.0");

            String execStart = Files.readAllLines(UNIT).stream().filter(l -> l.startsWith("ExecStart="))
                    .findFirst().orElseThrow().substring("ExecStart=".length());
            assertThat(execStart).isEqualTo("/usr/bin/sori server --config /etc/sori/sori.toml");
            chatThrough(execStart);

            if (Needs.onPath("systemd-analyze")) {
                assertThat(run(log, "systemd-analyze", "verify", UNIT.toString())).as(log::toString).isZero();
            }
        } finally {
            int removed = run(log, "dpkg", "-r", "sori");
            int purged = run(log, "dpkg", "-P", "sori");
            assertThat(removed).as(log::toString).isZero();
            assertThat(purged).as(log::toString).isZero();
        }
        for (String gone : List.of("/usr/bin/sori", "/usr/share/sori", "/usr/lib/sori", UNIT.toString(), "/etc/sori",
                "/etc/systemd/system/multi-user.target.wants/sori.service")) {
            assertThat(Files.exists(Path.of(gone), java.nio.file.LinkOption.NOFOLLOW_LINKS)).as(gone + " removed")
                    .isFalse();
        }
    }

    /**
     * Starts the server as the unit would (packaged config), with free ports from the environment, which
     * overrides the file; a client names itself and talks; SIGTERM tells it the server restarts, exit 0.
     */
    private static void chatThrough(String execStart) throws Exception {
        List<String> command = new ArrayList<>(Arrays.asList(execStart.split(" ")));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("SORI_PORT", "0");
        pb.environment().put("SORI_WEB_PORT", "0");
        pb.environment().put("SORI_METRICS_PORT", "0");
        pb.environment().put("SORI_HOST", "127.0.0.1");
        Process server = pb.start();
        try {
            StringBuffer out = collect(server.getInputStream());
            StringBuffer err = collect(server.getErrorStream());
            Matcher[] m = new Matcher[1];
            Await.until("the start line (stderr: " + err + ")", () -> (m[0] = STARTED.matcher(out)).find(),
                    LineClient.WAIT);
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", Integer.parseInt(m[0].group(1)));
            try (LineClient mina = LineClient.named(at, "mina")) {
                mina.send("hello from the package");
                mina.expectLine("[mina] hello from the package");
                server.destroy(); // SIGTERM, as systemctl stop sends
                assertThat(mina.expectClosed()).contains("* The server is restarting. Reconnect in a moment.");
            }
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).as(err.toString()).isZero();
        } finally {
            server.destroyForcibly();
        }
    }

    private static StringBuffer collect(java.io.InputStream in) {
        StringBuffer b = new StringBuffer();
        Thread.ofVirtual().start(() -> {
            try {
                byte[] buf = new byte[4096];
                for (int n; (n = in.read(buf)) > 0; ) {
                    b.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        return b;
    }
}
