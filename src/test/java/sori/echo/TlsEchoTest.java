package sori.echo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.UserFacingException;
import sori.client.Client;
import sori.client.ClientConfig;
import sori.client.Target;
import sori.net.ClientTls;
import sori.net.TlsOptions;
import sori.net.Transport;
import sori.testing.Await;
import sori.testing.LineClient;
import sori.testing.Needs;
import sori.testing.Tls;

/** {@code sori echo} with TLS: sori's own client, the JDK's and openssl's, and plain text on the same port. */
class TlsEchoTest {
    private static EventLoopGroup group;

    @TempDir
    Path dir;

    private EchoServer echo;

    @BeforeAll
    static void startLoops() {
        group = Transport.best().newGroup(2, new DefaultThreadFactory("test-tls-echo", true));
    }

    @AfterAll
    static void stopLoops() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void stop() {
        if (echo != null) {
            echo.close();
        }
    }

    private int start(TlsOptions tls) {
        echo = new EchoServer(EchoConfig.tcp(0).withHost("127.0.0.1").withTls(tls), group);
        return echo.start().getPort();
    }

    private Path cert() {
        return dir.resolve("cert.pem");
    }

    /** Runs sori's client to its end with {@code input} on stdin; what it printed. */
    private static String runClient(ClientConfig config) throws Exception {
        Client client = new Client(config, group);
        try {
            CompletableFuture.runAsync(client::run, r -> Thread.ofPlatform().daemon().start(r)).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        return ((ByteArrayOutputStream) config.out()).toString(UTF_8);
    }

    private static ClientConfig tlsClient(int port, Path ca, boolean insecure, String input) {
        return new ClientConfig(new Target("127.0.0.1", port), Transport.best(), ClientTls.context(ca, insecure),
                new ByteArrayInputStream(input.getBytes(UTF_8)), new ByteArrayOutputStream(),
                ClientConfig.DEFAULT_CONNECT_TIMEOUT);
    }

    @Test
    void shouldEchoOverTlsToSorisClientCheckingTheCertificate() throws Exception {
        int port = start(TlsOptions.selfSigned(dir));
        String big = "x".repeat(100_000) + "\n";
        assertThat(runClient(tlsClient(port, cert(), false, "안녕 over TLS\n" + big + "end\n")))
                .isEqualTo("안녕 over TLS\n" + big + "end\n");
    }

    @Test
    void shouldSayInOneLineWhenTheCertificateIsNotTrusted() throws Exception {
        int port = start(TlsOptions.selfSigned(dir));
        assertThatThrownBy(() -> runClient(tlsClient(port, null, false, "hi\n")))
                .isInstanceOf(UserFacingException.class)
                .hasMessageStartingWith("TLS handshake with 127.0.0.1:" + port + " failed: the certificate is not trusted");
        // --insecure trusts it anyway.
        assertThat(runClient(tlsClient(port, null, true, "hi\nend\n"))).isEqualTo("hi\nend\n");
    }

    @Test
    void shouldEchoToTheJdksSslSocketAndToPlainTextOnTheSamePort() throws Exception {
        int port = start(TlsOptions.selfSigned(dir));
        try (SSLSocket s = Tls.connect(port, cert())) {
            s.getOutputStream().write("jdk\n".getBytes(UTF_8));
            assertThat(new String(s.getInputStream().readNBytes(4), UTF_8)).isEqualTo("jdk\n");
        }
        try (Socket plain = EchoTestSupport.connect(new java.net.InetSocketAddress("127.0.0.1", port))) {
            plain.getOutputStream().write("plain\nend\n".getBytes(UTF_8));
            assertThat(new String(EchoTestSupport.readToEof(plain), UTF_8)).isEqualTo("plain\nend\n");
        }
    }

    @Test
    void shouldEchoToOpensslSClient() throws Exception {
        Needs.tool(Tls.hasOpenssl(), "openssl", "apt-get install openssl");
        int port = start(TlsOptions.selfSigned(dir));
        Process p = Tls.sClient(port, "-CAfile", cert().toString(), "-verify_return_error");
        try {
            StringBuffer out = Tls.collect(p.getInputStream());
            Tls.send(p, "from openssl");
            Await.until("the echo", () -> out.toString().contains("from openssl\n"), LineClient.WAIT);
            Tls.send(p, "end");
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("openssl ends when echo closes").isTrue();
        } finally {
            p.destroy();
        }
    }

    @Test
    void shouldRefuseTls11() throws Exception {
        Needs.tool(Tls.hasOpenssl(), "openssl", "apt-get install openssl");
        int port = start(TlsOptions.selfSigned(dir));
        // SECLEVEL=0 lets this openssl offer TLS 1.1 at all; sori must answer with a protocol_version alert.
        Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-tls1_1",
                "-cipher", "DEFAULT:@SECLEVEL=0").redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        StringBuffer out = Tls.collect(p.getInputStream());
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        Await.until("openssl's output", () -> out.toString().contains("no peer certificate"), LineClient.WAIT);
        assertThat(out.toString()).contains("alert protocol version");
    }

    @Test
    void shouldRefusePlainTextWhenTlsOnly() throws Exception {
        int port = start(TlsOptions.selfSigned(dir).withTlsOnly(true));
        try (Socket plain = EchoTestSupport.connect(new java.net.InetSocketAddress("127.0.0.1", port))) {
            plain.getOutputStream().write("plain\n".getBytes(UTF_8));
            assertThat(new String(EchoTestSupport.readToEof(plain), UTF_8))
                    .isEqualTo("error: this port speaks TLS only; connect with TLS (sori client --tls HOST:PORT)\n");
        }
        assertThat(runClient(tlsClient(port, cert(), false, "ok\nend\n"))).isEqualTo("ok\nend\n");
    }
}
