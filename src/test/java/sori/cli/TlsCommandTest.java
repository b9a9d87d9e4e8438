package sori.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import sori.Main;
import sori.testing.ConsoleTest;
import org.junit.jupiter.api.io.TempDir;
import sori.testing.Await;
import sori.testing.LineClient;
import sori.testing.Tls;

/** The TLS flags of {@code sori server}, {@code sori echo} and {@code sori client} as users type them. */
class TlsCommandTest extends ConsoleTest {

    @TempDir
    Path dir;

    @Test
    void shouldListTheTlsFlagsOnceForServerAndEcho() throws Exception {
        for (String command : new String[] {"server", "echo"}) {
            assertThat(run(command, "--help")).isZero();
            assertThat(out.toString(UTF_8)).contains("--tls-cert=FILE", "--tls-key=FILE", "--tls=self-signed",
                    "--tls-only", "--data-dir=DIR");
            out.reset();
        }
        assertThat(run("client", "--help")).isZero();
        assertThat(out.toString(UTF_8)).contains("--tls", "--ca=FILE", "--insecure");
    }

    @Test
    void shouldExitTwoOnFlagsThatDoNotGoTogether() throws Exception {
        assertThat(run("server", "--tls-only")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("--tls-only needs a certificate");
        assertThat(run("server", "--tls", "bogus")).isEqualTo(2);
        assertThat(run("echo", "--tls-cert", "a.pem")).isEqualTo(2);
        assertThat(run("echo", "--udp", "--tls", "self-signed", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(run("echo", "--tls", "self-signed", "--tls-cert", "a", "--tls-key", "b")).isEqualTo(2);
        assertThat(run("client", "--insecure", "localhost")).isEqualTo(2);
        assertThat(run("client", "--tls", "--insecure", "--ca", "x.pem", "localhost")).isEqualTo(2);
    }

    @Test
    void shouldSayInOneLineThatACertificateFileIsMissing() throws Exception {
        Path cert = dir.resolve("missing.crt");
        assertThat(run("server", "--port", "0", "--tls-cert", cert.toString(), "--tls-key", "missing.key"))
                .isEqualTo(1);
        assertThat(err.toString(UTF_8)).endsWith("sori: cannot read certificate " + cert + ": no such file"
                + System.lineSeparator());
    }

    @Test
    void shouldPrintTheFingerprintAndServeTlsFromEcho() throws Exception {
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> Main.run("echo", "--host", "127.0.0.1", "--port", "0", "--once",
                        "--tls", "self-signed", "--data-dir", dir.toString()),
                task -> Thread.ofPlatform().daemon().start(task));
        Pattern started = Pattern.compile("sori echo on 127\\.0\\.0\\.1:(\\d+) .*TLS certificate SHA-256 fingerprint: "
                + "((?:[0-9A-F]{2}:){31}[0-9A-F]{2})", Pattern.DOTALL);
        Matcher[] m = new Matcher[1];
        Await.until("the start lines", () -> (m[0] = started.matcher(err.toString(UTF_8))).find(), LineClient.WAIT);
        int port = Integer.parseInt(m[0].group(1));
        try (SSLSocket s = Tls.connect(port, dir.resolve("cert.pem"))) {
            assertThat(Tls.peerFingerprint(s)).isEqualTo(m[0].group(2));
            s.getOutputStream().write("once\n".getBytes(UTF_8));
            assertThat(s.getInputStream().readNBytes(5)).isEqualTo("once\n".getBytes(UTF_8));
        }
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void shouldSayInOneLineThatTheHandshakeFailed() throws Exception {
        CompletableFuture<Integer> echo = CompletableFuture.supplyAsync(
                () -> Main.run("echo", "--host", "127.0.0.1", "--port", "0", "--once",
                        "--tls", "self-signed", "--data-dir", dir.toString()),
                task -> Thread.ofPlatform().daemon().start(task));
        Pattern started = Pattern.compile("sori echo on 127\\.0\\.0\\.1:(\\d+)");
        Matcher[] m = new Matcher[1];
        Await.until("the start line", () -> (m[0] = started.matcher(err.toString(UTF_8))).find(), LineClient.WAIT);
        String target = "127.0.0.1:" + m[0].group(1);
        err.reset();
        assertThat(run("client", "--tls", target)).isEqualTo(1);
        assertThat(err.toString(UTF_8)).endsWith("sori: TLS handshake with " + target
                + " failed: the certificate is not trusted (trust it with --ca FILE, or skip checks with --insecure)"
                + System.lineSeparator());
        // A failed handshake never counted as --once's client: a plain one still can, and ends the echo.
        try (java.net.Socket plain = new java.net.Socket("127.0.0.1", Integer.parseInt(m[0].group(1)))) {
            plain.getOutputStream().write("bye\n".getBytes(UTF_8));
            assertThat(plain.getInputStream().readAllBytes()).isEqualTo("bye\n".getBytes(UTF_8));
        }
        assertThat(echo.get(20, TimeUnit.SECONDS)).isZero();
    }
}
