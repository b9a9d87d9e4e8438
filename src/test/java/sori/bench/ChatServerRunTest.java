package sori.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sori.UserFacingException;
import sori.chat.ChatConfig;
import sori.chat.Hub;
import sori.net.Guards;
import sori.net.Limits;
import sori.net.Transport;
import sori.server.ChatServer;
import sori.server.ServerConfig;
import sori.store.MemoryEventStore;
import sori.testing.TestServers;
import sori.web.WebConfig;
import sori.web.WebInitializer;

/** The generator against the real chat server, in this JVM: both protocols, and wss. */
class ChatServerRunTest {
    private static ChatServer server;

    @BeforeAll
    static void start() {
        // Flood control off, as bench/run-all does: these senders say 100 lines a second each.
        server = TestServers.chat(TestServers::noFlood);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static BenchConfig ws() {
        return RunTestSupport.config(server.webAddress().getPort()).withProto(Proto.WS);
    }

    private static void assertEveryMessageReachedEveryClient(BenchResult r, int clients) {
        assertThat(r.number("sent")).isPositive();
        assertThat(r.number("delivered")).isEqualTo(r.number("sent") * clients);
        assertThat(r.number("losses")).isZero();
        assertThat(r.number("duplicates")).isZero();
        assertThat(r.number("reorders")).isZero();
        assertThat(r.number("disconnects")).isZero();
    }

    @Test
    void shouldDeliverEveryWebSocketMessageToEveryClient() {
        BenchResult r = new FanoutRun(FanoutConfig.of(ws(), 20, 2, 64, 100)).run();

        assertEveryMessageReachedEveryClient(r, 20);
        assertThat(r.params()).containsEntry("proto", "ws");
        assertThat(r.latency().getTotalCount()).isEqualTo(r.number("delivered"));
    }

    @Test
    void shouldDeliverEveryLineToEveryClientOfTheRealServer() {
        BenchConfig line = RunTestSupport.config(server.chatAddress().getPort());

        BenchResult r = new FanoutRun(FanoutConfig.of(line, 20, 2, 64, 100)).run();

        assertEveryMessageReachedEveryClient(r, 20);
        assertThat(r.params()).containsEntry("proto", "line");
    }

    private static BenchConfig irc() {
        return RunTestSupport.config(server.ircAddress().getPort()).withProto(Proto.IRC);
    }

    @Test
    void shouldDeliverEveryIrcMessageToEveryClient() {
        BenchResult r = new FanoutRun(FanoutConfig.of(irc(), 20, 2, 64, 100)).run();

        assertEveryMessageReachedEveryClient(r, 20);
        assertThat(r.params()).containsEntry("proto", "irc");
        assertThat(r.latency().getTotalCount()).isEqualTo(r.number("delivered"));
    }

    @Test
    void shouldDeliverFlatOutIrcMessagesToEveryClientAndSayWhatTheServerSpentOnEach() {
        // The server runs in this JVM: its process is ours.
        FanoutConfig cfg = new FanoutConfig(irc(), 10, 2, 100, 0, 16, Duration.ofSeconds(5),
                ProcessHandle.current().pid());

        BenchResult r = new FanoutRun(cfg).run();

        assertEveryMessageReachedEveryClient(r, 10);
        assertThat(r.results()).containsKeys("serverCpuSeconds", "serverCpuNanosPerDelivery");
        assertThat(r.number("serverCpuNanosPerDelivery")).isPositive();
    }

    @Test
    void shouldHoldIdleIrcConnections() {
        BenchConfig c = irc().withTimes(Duration.ofMillis(300), Duration.ZERO);
        IdleConfig cfg = new IdleConfig(c, 30, 1, ProcessHandle.current().pid(), Marker.newRunId(), 0, 30, false);

        BenchResult r = new IdleRun(cfg, System.out).run();

        assertThat(r.number("stayedUp")).isEqualTo(30);
        assertThat(r.params()).containsEntry("proto", "irc");
    }

    @Test
    void shouldRefuseIrcLinesLongerThanIrcAllows() {
        assertThatThrownBy(() -> FanoutConfig.of(irc(), 2, 1, IrcBridge.MAX_SIZE + 1, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--proto irc");
    }

    @Test
    void shouldDeliverFlatOutWebSocketMessagesToEveryClient() {
        FanoutConfig cfg = new FanoutConfig(ws(), 10, 2, 100, 0, 16, Duration.ofSeconds(5));

        assertEveryMessageReachedEveryClient(new FanoutRun(cfg).run(), 10);
    }

    @Test
    void shouldHoldIdleWebSocketConnections() {
        BenchConfig c = ws().withTimes(Duration.ofMillis(300), Duration.ZERO);
        IdleConfig cfg = new IdleConfig(c, 30, 1, ProcessHandle.current().pid(), Marker.newRunId(), 0, 30, false);

        BenchResult r = new IdleRun(cfg, System.out).run();

        assertThat(r.number("registered")).isEqualTo(30);
        assertThat(r.number("stayedUp")).isEqualTo(30);
        assertThat(r.number("failed")).isZero();
        assertThat(r.params()).containsEntry("proto", "ws");
    }

    @Test
    void shouldSayTheUpgradeFailedWhenPointedAtTheLinePort() {
        BenchConfig c = ws();
        BenchConfig atLinePort = new BenchConfig(c.host(), server.chatAddress().getPort(), c.duration(), c.warmup(),
                c.threads(), c.transport(), false, null, false, 10, 0, Duration.ofSeconds(5), false, Proto.WS);

        assertThatThrownBy(() -> new FanoutRun(FanoutConfig.of(atLinePort, 2, 1, 64, 10)).run())
                .isInstanceOf(UserFacingException.class)
                .hasMessageContaining("WebSocket upgrade")
                .hasMessageContaining("web port");
    }

    @Test
    void shouldRunOverWssWhenTheWebPortSpeaksTls() throws Exception {
        try (TlsWeb web = new TlsWeb()) {
            BenchConfig c = RunTestSupport.config(web.port()).withProto(Proto.WS).withTls(true);

            BenchResult r = new FanoutRun(FanoutConfig.of(c, 10, 2, 64, 50)).run();

            assertEveryMessageReachedEveryClient(r, 10);
            assertThat(r.params()).containsEntry("tls", true);
        }
    }

    /** The server's own web pipeline behind TLS, on its own Hub: what {@code sori server} will serve as wss. */
    private static final class TlsWeb implements AutoCloseable {
        private final EventLoopGroup group = Transport.NIO.newGroup(1, r -> new Thread(r, "tls-web"));
        private final Hub hub = new Hub(ChatConfig.defaults(), new MemoryEventStore(100), System::currentTimeMillis);
        private final Channel listener;

        TlsWeb() throws Exception {
            WebInitializer web = new WebInitializer(hub, WebConfig.defaults(0), ServerConfig.OUTBOUND_LIMIT,
                    new DefaultChannelGroup(GlobalEventExecutor.INSTANCE),
                    new Guards(Limits.defaults().withFlood(0, 0)), null);
            var tls = TestTls.server();
            listener = new ServerBootstrap()
                    .group(group)
                    .channel(Transport.NIO.serverChannel())
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()), web);
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
        }

        int port() {
            return ((InetSocketAddress) listener.localAddress()).getPort();
        }

        @Override
        public void close() {
            listener.close().syncUninterruptibly();
            hub.shutdown();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
