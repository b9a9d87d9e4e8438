package sori.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLSocket;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;
import sori.net.ClientTls;
import sori.net.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.net.TlsOptions;
import sori.testing.Await;
import sori.testing.LineClient;
import sori.testing.TestServers;
import sori.testing.Needs;
import sori.testing.Tls;

/** The plain-text chat port with TLS on: TLS and plain clients side by side, and the hostile cases. */
class TlsChatTest {

    @TempDir
    Path dir;

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ChatServer start(TlsOptions tls) {
        server = TestServers.chat(c -> c.withTls(tls));
        return server;
    }

    private Path cert() {
        return dir.resolve("cert.pem");
    }

    private int port() {
        return server.chatAddress().getPort();
    }

    private LineClient tlsClient(String... protocols) throws IOException {
        return new LineClient(Tls.connect(port(), cert(), protocols));
    }

    @Test
    void shouldPromptOverTlsAfterTheHandshakeAndChatWithPlainClientsOnTheSamePort() throws Exception {
        start(TlsOptions.selfSigned(dir));
        try (SSLSocket s = Tls.connect(port(), cert());
                LineClient mina = new LineClient(s)) {
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(mina.next()).isEqualTo("Enter your name: ");
            mina.send("mina");
            mina.expect(l -> l.startsWith("* Welcome, mina!"));
            // A plain client that says nothing is greeted after the short wait for a TLS hello.
            try (LineClient jun = new LineClient(server.chatAddress())) {
                assertThat(jun.next()).isEqualTo("Enter your name: ");
                jun.send("jun");
                mina.expectLine("* jun joined lobby.");
                jun.send("hi from plain text");
                mina.expectLine("[jun] hi from plain text");
                mina.send("hi from TLS");
                jun.expectLine("[mina] hi from TLS");
            }
        }
    }

    @Test
    void shouldServePlainClientsThatSpeakAtOnceAndTls12Clients() throws Exception {
        start(TlsOptions.selfSigned(dir));
        try (LineClient eager = new LineClient(server.chatAddress())) {
            eager.send("eager"); // the name before the prompt: the first bytes say plain text
            eager.expect(l -> l.contains("* Welcome, eager!")); // after the prompt, on its line
            try (SSLSocket s = Tls.connect(port(), cert(), "TLSv1.2"); LineClient old = new LineClient(s)) {
                assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.2");
                old.expect(l -> l.endsWith(": "));
                old.send("old");
                eager.expectLine("* old joined lobby.");
            }
        }
    }

    @Test
    void shouldChatWithOpensslSClient() throws Exception {
        Needs.tool(Tls.hasOpenssl(), "openssl", "apt-get install openssl");
        start(TlsOptions.selfSigned(dir));
        Process p = Tls.sClient(port(), "-CAfile", cert().toString(), "-verify_return_error");
        try {
            StringBuffer out = Tls.collect(p.getInputStream());
            Await.until("the prompt over openssl", () -> out.toString().contains("Enter your name: "), LineClient.WAIT);
            Tls.send(p, "ossl");
            Await.until("the welcome", () -> out.toString().contains("* Welcome, ossl!"), LineClient.WAIT);
            try (LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
                jun.send("hello openssl");
                Await.until("the message", () -> out.toString().contains("[jun] hello openssl"), LineClient.WAIT);
                Tls.send(p, "hello jun");
                jun.expectLine("[ossl] hello jun");
            }
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    @Test
    void shouldRefusePlainTextWithOneLineWhenTlsOnly() throws Exception {
        start(TlsOptions.selfSigned(dir).withTlsOnly(true));
        try (LineClient plain = new LineClient(server.chatAddress())) {
            plain.send("mina");
            List<String> said = plain.expectClosed();
            assertThat(said).containsExactly("error: this port speaks TLS only; connect with TLS (sori client --tls HOST:PORT)");
        }
        try (LineClient ok = tlsClient()) {
            assertThat(ok.next()).isEqualTo("Enter your name: ");
        }
    }

    @Test
    void shouldDropStalledHandshakesAndGarbageWithoutDisturbingOthers() throws Exception {
        start(TlsOptions.selfSigned(dir));
        try (LineClient mina = LineClient.named(server.chatAddress(), "mina");
                LineClient tlsJun = tlsClient();
                Socket halfHeader = raw("16 03");
                Socket halfHello = raw("16 03 01 02 00 01 00 01 fc 03 03");
                Socket notHello = raw("16 03 01 41 41 41 41 41 41 41");
                Socket junkHello = raw("16 03 01 00 10 " + "01 00 00 0c ".repeat(4))) {
            tlsJun.expect(l -> l.endsWith(": "));
            tlsJun.send("jun");
            mina.expectLine("* jun joined lobby.");
            // Garbage where a ClientHello should be: dropped at once.
            assertThat(readToEof(notHello)).isEmpty();
            assertThat(readToEof(junkHello)).isNotNull(); // a TLS alert, maybe, then the close
            // Everyone else goes on meanwhile.
            mina.send("still here");
            tlsJun.expectLine("[mina] still here");
            // Stalled handshakes: dropped by the handshake timeout (10 s); the read bound is 20 s.
            assertThat(readToEof(halfHeader)).isEmpty();
            readToEof(halfHello);
            tlsJun.send("and here");
            mina.expectLine("[jun] and here");
        }
    }

    @Test
    void shouldReloadCertificatesWithoutDroppingConnectedUsers() throws Exception {
        Path other = dir.resolve("other");
        TlsOptions second = TlsOptions.selfSigned(other);
        sori.net.TlsContexts.load(second); // makes a second certificate in dir/other
        start(TlsOptions.selfSigned(dir));
        String before = server.tls().fingerprint();
        try (SSLSocket s = Tls.connect(port(), cert()); LineClient mina = new LineClient(s)) {
            assertThat(Tls.peerFingerprint(s)).isEqualTo(before);
            mina.expect(l -> l.endsWith(": "));
            mina.send("mina");
            mina.expect(l -> l.startsWith("* Welcome, mina!"));

            Files.copy(other.resolve("key.pem"), dir.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(other.resolve("cert.pem"), dir.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING);
            String after = server.tls().reload();
            assertThat(after).isNotEqualTo(before).isEqualTo(server.tls().fingerprint());

            try (SSLSocket s2 = Tls.connect(port(), cert()); LineClient jun = new LineClient(s2)) {
                assertThat(Tls.peerFingerprint(s2)).isEqualTo(after);
                jun.expect(l -> l.endsWith(": "));
                jun.send("jun");
                mina.expectLine("* jun joined lobby.");
                mina.send("after the reload");
                jun.expectLine("[mina] after the reload");
            }
            // A broken file on reload keeps the certificate in use.
            Files.writeString(dir.resolve("cert.pem"), "not a certificate");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.tls().reload())
                    .hasMessageContaining("cert.pem");
            assertThat(server.tls().fingerprint()).isEqualTo(after);
            mina.send("still talking");
            mina.expectLine("[mina] still talking");
        }
    }

    @Test
    void shouldCloseASessionThatSendsABrokenRecordAndLetTheOthersTalk() throws Exception {
        start(TlsOptions.selfSigned(dir));
        EventLoopGroup group = Transport.best().newGroup(1, new DefaultThreadFactory("test-tls-junk", true));
        try (LineClient mina = LineClient.named(server.chatAddress(), "mina")) {
            StringBuffer heard = new StringBuffer();
            SslContext ctx = ClientTls.context(cert(), false);
            Channel jun = new Bootstrap().group(group).channel(Transport.best().socketChannel())
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(ctx.newHandler(ch.alloc(), "127.0.0.1", port()));
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext c, Object msg) {
                                    heard.append(((ByteBuf) msg).toString(StandardCharsets.UTF_8));
                                    ((ByteBuf) msg).release();
                                }

                                @Override
                                public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
                                    c.close(); // the server's bad_record_mac alert, expected here
                                }
                            });
                        }
                    }).connect("127.0.0.1", port()).sync().channel();
            Await.until("the prompt", () -> heard.toString().endsWith(": "), LineClient.WAIT);
            jun.writeAndFlush(Unpooled.copiedBuffer("jun\n", StandardCharsets.UTF_8));
            mina.expectLine("* jun joined lobby.");
            // An application-data record of junk, written beneath TLS: the server cannot decrypt it.
            jun.pipeline().firstContext().writeAndFlush(Unpooled.wrappedBuffer(
                    HexFormat.of().parseHex("1703030010" + "00".repeat(16))));
            assertThat(jun.closeFuture().await(20, TimeUnit.SECONDS)).as("closed by the server").isTrue();
            mina.expect(l -> l.startsWith("* jun left"));
            mina.send("fine");
            mina.expectLine("[mina] fine");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** A plain socket that has sent {@code hex} and nothing more. */
    private Socket raw(String hex) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port()), 10_000);
        s.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
        s.getOutputStream().write(HexFormat.of().parseHex(hex.replace(" ", "")));
        s.getOutputStream().flush();
        return s;
    }

    /** What the server sent before closing; a read that outlasts the socket's 20 s timeout fails the test. */
    private static byte[] readToEof(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            return in.readAllBytes();
        } catch (java.net.SocketException e) {
            return "reset".getBytes(StandardCharsets.US_ASCII); // a reset is a close too
        }
    }
}
