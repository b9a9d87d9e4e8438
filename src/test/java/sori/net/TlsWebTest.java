package sori.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import sori.testing.Tls;

/**
 * The sniffer under an HTTP and WebSocket pipeline, as the web listener will use it: https:// and
 * wss:// from the JDK's HttpClient, and http:// on the same port. The page and socket here are stand-ins.
 */
class TlsWebTest {

    @TempDir
    Path dir;

    private EventLoopGroup group;
    private Channel listener;

    /** Listens with the given engine: BoringSSL is what sori picks here, the JDK's where tcnative does not load. */
    void start(SslProvider engine) throws InterruptedException {
        TlsContexts tls = TlsContexts.load(TlsOptions.selfSigned(dir), engine);
        group = Transport.best().newGroup(1, new DefaultThreadFactory("test-tls-web", true));
        listener = new ServerBootstrap().group(group).channel(Transport.best().serverChannel())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // TLS or plain first; HTTP clients speak first, so no greeting wait.
                        ch.pipeline().addLast("sniff", tls.newSniffer(false));
                        ch.pipeline().addLast(new HttpServerCodec());
                        ch.pipeline().addLast(new HttpObjectAggregator(8192));
                        ch.pipeline().addLast(new WebSocketServerProtocolHandler("/ws"));
                        ch.pipeline().addLast(new Page());
                        ch.pipeline().addLast(new Echo());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    @AfterEach
    void stop() {
        if (listener == null) {
            return;
        }
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    private HttpClient client() throws Exception {
        return HttpClient.newBuilder().sslContext(Tls.trusting(dir.resolve("cert.pem")))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void shouldServeHttpsAndHttpOnTheSamePort(SslProvider engine) throws Exception {
        start(engine);
        HttpClient c = client();
        try {
            for (String scheme : new String[] {"https", "http"}) {
                HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port() + "/"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("page over " + scheme);
            }
        } finally {
            c.shutdownNow(); // close() would wait for pooled connections to end
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void shouldSpeakWebSocketOverTls(SslProvider engine) throws Exception {
        start(engine);
        HttpClient c = client();
        try {
            CompletableFuture<String> reply = new CompletableFuture<>();
            WebSocket ws = c.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create("wss://127.0.0.1:" + port() + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            reply.complete(data.toString());
                            w.request(1); // and the server's close frame after it
                            return null;
                        }
                    }).get(20, TimeUnit.SECONDS);
            ws.sendText("안녕 wss", true).get(20, TimeUnit.SECONDS);
            assertThat(reply.get(20, TimeUnit.SECONDS)).isEqualTo("echo 안녕 wss over TLS");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
        } finally {
            c.shutdownNow();
        }
    }

    /** GET anything but /ws: a page that says whether it came over TLS. */
    private static final class Page extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String scheme = ctx.pipeline().get(SslHandler.class) != null ? "https" : "http";
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer("page over " + scheme, StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Echoes text frames, saying whether they came over TLS. */
    private static final class Echo extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame f) {
            boolean tls = ctx.pipeline().get(SslHandler.class) != null;
            ctx.writeAndFlush(new TextWebSocketFrame("echo " + f.text() + (tls ? " over TLS" : " in plain text")));
        }
    }
}
