package sori.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.util.concurrent.TimeUnit;
import sori.net.Transport;

/** A test-only echo server: writes back whatever it reads, flushing once per read batch. Port 0. */
final class EchoStandIn implements AutoCloseable {
    private final EventLoopGroup group = Transport.NIO.newGroup(1, r -> new Thread(r, "echo-stand-in"));
    private final Channel server;

    EchoStandIn() throws InterruptedException {
        this(0, null);
    }

    /** With {@code tls}, the port speaks TLS. */
    EchoStandIn(int port, SslContext tls) throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channel(Transport.NIO.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ctx.write(msg);
                            }

                            @Override
                            public void channelReadComplete(ChannelHandlerContext ctx) {
                                ctx.flush();
                            }
                        });
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
    }

    int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
