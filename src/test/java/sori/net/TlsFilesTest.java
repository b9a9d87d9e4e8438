package sori.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.UserFacingException;
import sori.echo.EchoConfig;
import sori.echo.EchoServer;
import sori.testing.Needs;
import sori.testing.Tls;

/** Certificates and keys as users bring them (made by openssl), the self-signed one, and the options' rules. */
class TlsFilesTest {

    @TempDir
    Path dir;

    private Path file(String name) {
        return dir.resolve(name);
    }

    /** A self-signed certificate for 127.0.0.1 over the key in {@code key}, made by openssl. */
    private Path certFor(String key) throws Exception {
        Tls.openssl("req", "-new", "-x509", "-key", file(key).toString(), "-out", file(key + ".crt").toString(),
                "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        return file(key + ".crt");
    }

    @Test
    void shouldMakeTheSelfSignedCertificateOnceAndKeepTheKeyPrivate() throws Exception {
        TlsContexts first = TlsContexts.load(TlsOptions.selfSigned(dir.resolve("data")));
        TlsContexts again = TlsContexts.load(TlsOptions.selfSigned(dir.resolve("data")));
        assertThat(again.fingerprint()).isEqualTo(first.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        Path key = dir.resolve("data/key.pem");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        if (Tls.hasOpenssl()) {
            String shown = Tls.openssl("x509", "-in", dir.resolve("data/cert.pem").toString(), "-noout",
                    "-fingerprint", "-sha256");
            assertThat(shown.strip()).endsWith("=" + first.fingerprint());
        }
    }

    @Test
    void shouldReadKeysInEveryFormOpensslWrites() throws Exception {
        Needs.tool(Tls.hasOpenssl(), "openssl", "apt-get install openssl");
        Tls.openssl("genrsa", "-traditional", "-out", file("pkcs1.key").toString(), "2048");
        Tls.openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", file("sec1.key").toString());
        Tls.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", file("pkcs8.key").toString());
        assertThat(Files.readString(file("pkcs1.key"))).contains("BEGIN RSA PRIVATE KEY");
        assertThat(Files.readString(file("sec1.key"))).contains("BEGIN EC PARAMETERS", "BEGIN EC PRIVATE KEY");
        assertThat(Files.readString(file("pkcs8.key"))).contains("BEGIN PRIVATE KEY");
        for (String key : new String[] {"pkcs1.key", "sec1.key", "pkcs8.key"}) {
            TlsContexts t = TlsContexts.load(TlsOptions.pem(certFor(key), file(key)));
            assertThat(t.fingerprint()).as(key).hasSize(95);
        }
    }

    @Test
    void shouldHandshakeWithAnRsaCertificateFromFiles() throws Exception {
        Needs.tool(Tls.hasOpenssl(), "openssl", "apt-get install openssl");
        Tls.openssl("genrsa", "-traditional", "-out", file("rsa.key").toString(), "2048");
        Path cert = certFor("rsa.key");
        EventLoopGroup group = Transport.best().newGroup(1, new DefaultThreadFactory("test-tls-files", true));
        try (EchoServer echo = new EchoServer(EchoConfig.tcp(0).withHost("127.0.0.1")
                .withTls(TlsOptions.pem(cert, file("rsa.key"))), group)) {
            int port = echo.start().getPort();
            try (SSLSocket s = Tls.connect(port, cert)) {
                s.getOutputStream().write("rsa\n".getBytes(StandardCharsets.UTF_8));
                assertThat(s.getInputStream().readNBytes(4)).isEqualTo("rsa\n".getBytes(StandardCharsets.UTF_8));
                assertThat(s.getSession().getCipherSuite()).startsWith("TLS_");
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void shouldSayInOneLineWhatIsWrongWithTheFiles() throws Exception {
        assertThatThrownBy(() -> TlsContexts.load(TlsOptions.pem(file("none.crt"), file("none.key"))))
                .isInstanceOf(UserFacingException.class)
                .hasMessage("cannot read certificate " + file("none.crt") + ": no such file");
        TlsContexts.load(TlsOptions.selfSigned(dir.resolve("a")));
        TlsContexts.load(TlsOptions.selfSigned(dir.resolve("b")));
        assertThatThrownBy(() -> TlsContexts.load(TlsOptions.pem(dir.resolve("a/cert.pem"), dir.resolve("b/key.pem"))))
                .isInstanceOf(UserFacingException.class)
                .hasMessageContaining("does not belong to certificate");
        Files.writeString(file("empty.key"), "hello\n");
        assertThatThrownBy(() -> TlsContexts.load(TlsOptions.pem(dir.resolve("a/cert.pem"), file("empty.key"))))
                .isInstanceOf(UserFacingException.class)
                .hasMessage("no private key in " + file("empty.key"));
        if (Tls.hasOpenssl()) {
            Tls.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256",
                    "-pass", "pass:secret", "-out", file("locked.key").toString());
            assertThatThrownBy(() -> TlsContexts.load(TlsOptions.pem(dir.resolve("a/cert.pem"), file("locked.key"))))
                    .isInstanceOf(UserFacingException.class)
                    .hasMessageContaining("is encrypted");
            Tls.openssl("genpkey", "-algorithm", "ed25519", "-out", file("ed.key").toString());
            assertThatThrownBy(() -> TlsContexts.load(TlsOptions.pem(dir.resolve("a/cert.pem"), file("ed.key"))))
                    .isInstanceOf(UserFacingException.class)
                    .hasMessageContaining("sori takes RSA or EC keys");
        }
    }

    @Test
    void shouldRefuseOptionsThatDoNotGoTogether() {
        Path p = dir.resolve("x");
        assertThatThrownBy(() -> new TlsOptions(p, null, false, p, false, TlsOptions.HANDSHAKE_TIMEOUT))
                .hasMessageContaining("go together");
        assertThatThrownBy(() -> new TlsOptions(p, p, true, p, false, TlsOptions.HANDSHAKE_TIMEOUT))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> TlsOptions.off().withTlsOnly(true)).hasMessageContaining("--tls-only needs");
        assertThat(TlsOptions.off().enabled()).isFalse();
        assertThat(TlsOptions.selfSigned(p).enabled()).isTrue();
    }
}
