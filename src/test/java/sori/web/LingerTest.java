package sori.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sori.net.Transport;

/** The lingering close on a real socket: a client still sending after our last words is read, never reset. */
class LingerTest {

    private final EventLoopGroup group = Transport.best().newGroup(1, new DefaultThreadFactory("linger-test", true));

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A server that starts closing on the first bytes it reads, {@code closes} times over, and drops all input. */
    private InetSocketAddress server(int closes, CompletableFuture<Channel> accepted) {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(Transport.best().serverChannel())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted.complete(ch);
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            private boolean closing;

                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ReferenceCountUtil.release(msg);
                                if (!closing) {
                                    closing = true;
                                    for (int i = 0; i < closes; i++) {
                                        Linger.close(ctx, ctx.newPromise(), Linger.MAX_MILLIS);
                                    }
                                }
                            }
                        });
                    }
                });
        return (InetSocketAddress) b.bind("127.0.0.1", 0).syncUninterruptibly().channel().localAddress();
    }

    private static void shouldReadWhatTheClientStillSends(InetSocketAddress address, CompletableFuture<Channel> accepted)
            throws Exception {
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write('x');
            out.flush();
            assertThat(in.read()).as("the server's half-close").isEqualTo(-1);

            byte[] chunk = new byte[4096];
            for (int i = 0; i < 32; i++) {
                out.write(chunk); // read and dropped: no reset, so no broken pipe
            }
            out.flush();
            assertThat(in.read()).as("still the end of the stream, not a reset").isEqualTo(-1);
            Channel ch = accepted.get(5, TimeUnit.SECONDS);
            assertThat(ch.isOpen()).as("lingering until the client closes").isTrue();
            s.shutdownOutput();
            assertThat(ch.closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void shouldHalfCloseAndReadOnUntilTheClientCloses() throws Exception {
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        shouldReadWhatTheClientStillSends(server(1, accepted), accepted);
    }

    @Test
    void shouldKeepLingeringWhenClosedAgainMeanwhile() throws Exception {
        // As when the close frame's own write listener closes too: the second close must not cut it short.
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        shouldReadWhatTheClientStillSends(server(2, accepted), accepted);
    }
}
