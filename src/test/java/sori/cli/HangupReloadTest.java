package sori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.net.TlsContexts;
import sori.net.TlsOptions;
import sori.testing.Await;
import sori.testing.Hangup;
import sori.testing.LineClient;
import sori.testing.Tls;

/** {@code sori server --tls self-signed} in its own process, reloading its certificate on a real SIGHUP. */
class HangupReloadTest {

    @TempDir
    Path dir;

    @Test
    void shouldReloadOnSighupWhileUsersStayConnected() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/kill")) || Files.isExecutable(Path.of("/usr/bin/kill")),
                "no kill command to send SIGHUP with");
        Path data = dir.resolve("data");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process server = new ProcessBuilder(Hangup.caught(List.of(java, "-cp", System.getProperty("java.class.path"),
                "sori.Main", "server", "--host", "127.0.0.1", "--port", "0", "--web-port", "0", "--irc-port", "0",
                "--tls", "self-signed", "--data-dir", data.toString())))
                .start();
        try {
            StringBuffer out = Tls.collect(server.getInputStream());
            StringBuffer err = Tls.collect(server.getErrorStream());
            Pattern started = Pattern.compile("chat on 127\\.0\\.0\\.1:(\\d+) .*fingerprint: (\\S+)", Pattern.DOTALL);
            Matcher[] m = new Matcher[1];
            Await.until("the start lines", () -> (m[0] = started.matcher(out)).find(), LineClient.WAIT);
            int port = Integer.parseInt(m[0].group(1));
            String before = m[0].group(2);

            try (SSLSocket s = Tls.connect(port, data.resolve("cert.pem")); LineClient mina = new LineClient(s)) {
                assertThat(Tls.peerFingerprint(s)).isEqualTo(before);
                mina.expect(l -> l.endsWith(": "));
                mina.send("mina");
                mina.expect(l -> l.startsWith("* Welcome, mina!"));

                String after = TlsContexts.load(TlsOptions.selfSigned(dir.resolve("next"))).fingerprint();
                Files.copy(dir.resolve("next/key.pem"), data.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING);
                Files.copy(dir.resolve("next/cert.pem"), data.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING);
                Process kill = new ProcessBuilder(List.of("kill", "-HUP", String.valueOf(server.pid()))).inheritIO().start();
                assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).isTrue();
                Await.until("the reload line", () -> err.toString().contains("SIGHUP: TLS certificate reloaded"),
                        LineClient.WAIT);

                mina.send("still here");
                mina.expectLine("[mina] still here");
                try (SSLSocket s2 = Tls.connect(port, data.resolve("cert.pem")); LineClient jun = new LineClient(s2)) {
                    assertThat(Tls.peerFingerprint(s2)).isEqualTo(after).isNotEqualTo(before);
                    jun.expect(l -> l.endsWith(": "));
                    jun.send("jun");
                    mina.expectLine("* jun joined lobby.");
                }
            }
            server.destroy(); // SIGTERM: an orderly stop, exit 0
            assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).as(err.toString()).isZero();
        } finally {
            server.destroyForcibly();
        }
    }
    /**
     * Under nohup the server inherits SIGHUP ignored, and the JVM then leaves it ignored: reloads cannot
     * work, and the server says so when it starts instead of letting a later {@code kill -HUP} do nothing.
     */
    @Test
    void shouldSayAtStartThatSighupIsIgnoredUnderNohup() throws Exception {
        Assumptions.assumeTrue(Hangup.envSetsSignals(),
                "no env --ignore-signal (GNU coreutils 8.31 or later) to start a process with SIGHUP ignored");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process server = new ProcessBuilder(Hangup.ignored(List.of(java, "-cp", System.getProperty("java.class.path"),
                "sori.Main", "server", "--host", "127.0.0.1", "--port", "0", "--web-port", "0", "--irc-port", "0",
                "--metrics-port", "0", "--data-dir", dir.resolve("data").toString())))
                .start();
        try {
            StringBuffer out = Tls.collect(server.getInputStream());
            StringBuffer err = Tls.collect(server.getErrorStream());
            Await.until("the start line", () -> out.toString().contains("chat on 127.0.0.1:"), LineClient.WAIT);
            Await.until("the warning", () -> err.toString().contains("SIGHUP is ignored in this process"),
                    LineClient.WAIT);
            assertThat(err.toString()).contains("kill -HUP will not reload");
            server.destroy();
            assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            server.destroyForcibly();
        }
    }
}
