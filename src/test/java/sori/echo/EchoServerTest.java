package sori.echo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sori.echo.EchoTestSupport.await;
import static sori.echo.EchoTestSupport.connect;
import static sori.echo.EchoTestSupport.readExactly;
import static sori.echo.EchoTestSupport.readToEof;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sori.UserFacingException;
import sori.net.Transport;

class EchoServerTest {
    private static EventLoopGroup group;
    private EchoServer server;

    @BeforeAll
    static void startLoops() {
        group = Transport.best().newGroup(2, new DefaultThreadFactory("test-echo", true));
    }

    @AfterAll
    static void stopLoops() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    private InetSocketAddress start(EchoConfig config) {
        server = new EchoServer(config, group);
        InetSocketAddress bound = server.start();
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), bound.getPort());
    }

    private InetSocketAddress startLocal() {
        return start(EchoConfig.tcp(0).withHost("127.0.0.1"));
    }

    @Test
    void shouldEchoBytesIncludingKorean() throws Exception {
        InetSocketAddress a = startLocal();
        byte[] msg = "hello 안녕하세요\n".getBytes(UTF_8);
        try (Socket s = connect(a)) {
            s.getOutputStream().write(msg);
            assertThat(readExactly(s, msg.length)).isEqualTo(msg);
        }
    }

    @Test
    void shouldListenOnIpv4AndIpv6ByDefault() throws Exception {
        server = new EchoServer(EchoConfig.tcp(0), group);
        InetSocketAddress bound = server.start();
        List<InetAddress> targets = new ArrayList<>(List.of(InetAddress.getByName("127.0.0.1")));
        if (bound.getAddress() instanceof Inet6Address) {
            targets.add(InetAddress.getByName("::1")); // only when this machine has IPv6 at all
        }
        for (InetAddress ip : targets) {
            try (Socket s = connect(new InetSocketAddress(ip, bound.getPort()))) {
                s.getOutputStream().write("ping\n".getBytes(UTF_8));
                assertThat(readExactly(s, 5)).as("via " + ip).isEqualTo("ping\n".getBytes(UTF_8));
            }
        }
    }

    @Test
    void shouldAcceptBracketedIpv6Host() throws Exception {
        server = new EchoServer(EchoConfig.tcp(0).withHost("[::1]"), group);
        InetSocketAddress bound;
        try {
            bound = server.start();
        } catch (UserFacingException e) {
            Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
            return;
        }
        assertThat(server.config().host()).isEqualTo("::1");
        try (Socket s = connect(bound)) {
            s.getOutputStream().write("v6\n".getBytes(UTF_8));
            assertThat(readExactly(s, 3)).isEqualTo("v6\n".getBytes(UTF_8));
        }
    }

    @Test
    void shouldServeFiftyClientsAtOnceAndCountThem() throws Exception {
        InetSocketAddress a = startLocal();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                sockets.add(connect(a));
            }
            for (int i = 0; i < 50; i++) {
                sockets.get(i).getOutputStream().write(("client " + i + "\n").getBytes(UTF_8));
            }
            for (int i = 0; i < 50; i++) {
                byte[] want = ("client " + i + "\n").getBytes(UTF_8);
                assertThat(readExactly(sockets.get(i), want.length)).isEqualTo(want);
            }
            // Each client has had its echo, so the server has counted each one in.
            assertThat(server.connectedCount()).isEqualTo(50);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        await("all 50 clients counted out", () -> server.connectedCount() == 0);
    }

    @Test
    void shouldDisconnectAfterEchoingEndLine() throws Exception {
        InetSocketAddress a = startLocal();
        try (Socket s = connect(a)) {
            s.getOutputStream().write("one\r\nend\r\n".getBytes(UTF_8));
            assertThat(new String(readToEof(s), UTF_8)).isEqualTo("one\r\nend\r\n");
        }
    }

    @Test
    void shouldDropWhatFollowsTheEndLine() throws Exception {
        InetSocketAddress a = startLocal();
        try (Socket s = connect(a)) {
            s.getOutputStream().write("end\nnot echoed\n".getBytes(UTF_8));
            assertThat(new String(readToEof(s), UTF_8)).isEqualTo("end\n");
        }
    }

    @Test
    void shouldDisconnectAfterBareEndAndAPause() throws Exception {
        InetSocketAddress a = startLocal();
        try (Socket s = connect(a)) {
            s.getOutputStream().write("hi\n".getBytes(UTF_8));
            assertThat(readExactly(s, 3)).isEqualTo("hi\n".getBytes(UTF_8));
            s.getOutputStream().write("end".getBytes(UTF_8)); // as the seed's client sends it: no newline
            assertThat(new String(readToEof(s), UTF_8)).isEqualTo("end");
        }
    }

    @Test
    void shouldKeepClientThatSaysEndInsideALine() throws Exception {
        InetSocketAddress a = startLocal();
        try (Socket s = connect(a)) {
            s.getOutputStream().write("the end\nending\n".getBytes(UTF_8));
            assertThat(readExactly(s, 15)).isEqualTo("the end\nending\n".getBytes(UTF_8));
            s.getOutputStream().write("still here\n".getBytes(UTF_8));
            assertThat(readExactly(s, 11)).isEqualTo("still here\n".getBytes(UTF_8));
        }
    }

    @Test
    void shouldEchoRestAndCloseWhenClientHalfCloses() throws Exception {
        InetSocketAddress a = startLocal();
        try (Socket s = connect(a)) {
            s.getOutputStream().write("last words".getBytes(UTF_8));
            s.shutdownOutput();
            assertThat(new String(readToEof(s), UTF_8)).isEqualTo("last words");
        }
        await("client counted out", () -> server.connectedCount() == 0);
    }

    @Test
    void shouldEchoTenMegabytesWithoutNewlineCompletely() throws Exception {
        InetSocketAddress a = startLocal();
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x'); // no newline anywhere: the end detector must not keep any of it
        int chunks = 160; // 10 MiB
        try (Socket s = connect(a)) {
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    for (int i = 0; i < chunks; i++) {
                        out.write(chunk);
                    }
                    s.shutdownOutput();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, task -> Thread.ofPlatform().daemon().start(task)); // own thread: the common pool may be busy
            long total = 0;
            boolean allX = true;
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = s.getInputStream().read(buf)) >= 0; ) {
                total += n;
                for (int i = 0; i < n && allX; i++) {
                    allX = buf[i] == 'x';
                }
            }
            sent.get(30, TimeUnit.SECONDS);
            assertThat(total).isEqualTo((long) chunks * chunk.length);
            assertThat(allX).isTrue();
        }
    }

    @Test
    void shouldCountOutClientThatResetsConnectionOnce() throws Exception {
        InetSocketAddress a = startLocal();
        try (Socket s = connect(a)) {
            s.getOutputStream().write("x".getBytes(UTF_8));
            assertThat(readExactly(s, 1)).isEqualTo("x".getBytes(UTF_8));
            assertThat(server.connectedCount()).isEqualTo(1);
            s.setSoLinger(true, 0); // close sends RST instead of FIN
        }
        await("reset client counted out", () -> server.connectedCount() == 0);
        try (Socket s = connect(a)) {
            s.getOutputStream().write("y".getBytes(UTF_8));
            assertThat(readExactly(s, 1)).isEqualTo("y".getBytes(UTF_8));
            assertThat(server.connectedCount()).isEqualTo(1); // not 0: the reset was counted out only once
        }
    }

    @Test
    void shouldEchoFirstLineOnlyAndStopWithOnce() throws Exception {
        InetSocketAddress a = start(EchoConfig.tcp(0).withHost("127.0.0.1").withOnce(true));
        try (Socket s = connect(a)) {
            s.getOutputStream().write("hello\nworld\n".getBytes(UTF_8));
            assertThat(new String(readToEof(s), UTF_8)).isEqualTo("hello\n");
        }
        server.terminated().get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> connect(a).close()).isInstanceOf(IOException.class);
    }

    @Test
    void shouldEchoBareMessageAndStopWithOnceAfterAPause() throws Exception {
        InetSocketAddress a = start(EchoConfig.tcp(0).withHost("127.0.0.1").withOnce(true));
        try (Socket s = connect(a)) {
            s.getOutputStream().write("안녕".getBytes(UTF_8));
            assertThat(new String(readToEof(s), UTF_8)).isEqualTo("안녕");
        }
        server.terminated().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldStopWhenLastClientLeavesWithExitWhenEmpty() throws Exception {
        InetSocketAddress a = start(EchoConfig.tcp(0).withHost("127.0.0.1").withExitWhenEmpty(true));
        try (Socket first = connect(a); Socket second = connect(a)) {
            for (Socket s : List.of(first, second)) {
                s.getOutputStream().write("hi\n".getBytes(UTF_8));
                assertThat(readExactly(s, 3)).isEqualTo("hi\n".getBytes(UTF_8));
            }
            first.getOutputStream().write("end\n".getBytes(UTF_8));
            readToEof(first);
            await("first client counted out", () -> server.connectedCount() == 1);
            assertThat(server.terminated()).isNotDone();
        }
        server.terminated().get(10, TimeUnit.SECONDS);
        assertThat(server.connectedCount()).isZero();
    }

    @Test
    void shouldStopAndCloseClientsOnClose() throws Exception {
        InetSocketAddress a = startLocal();
        try (Socket s = connect(a)) {
            s.getOutputStream().write("x".getBytes(UTF_8));
            assertThat(readExactly(s, 1)).hasSize(1);
            server.close();
            assertThat(server.terminated()).isDone();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void shouldSayAddressInUseWhenPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            EchoServer s = new EchoServer(EchoConfig.tcp(port).withHost("127.0.0.1"), group);
            assertThatThrownBy(s::start)
                    .isInstanceOf(UserFacingException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + port + ": address already in use");
        }
    }
}
