package sori.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import sori.net.Transport;

/**
 * A test-only stand-in for {@code sori server}: the prompt without a newline, a name (unique, ignoring case),
 * {@code * Welcome}, then every line goes to every welcomed client as {@code [name] text}. Port 0. A second
 * stand-in made {@linkplain #ChatStandIn(ChatStandIn) beside} one is another port of the same room, as the nodes
 * of a cluster are.
 */
final class ChatStandIn implements AutoCloseable {
    private final EventLoopGroup group = Transport.NIO.newGroup(2, r -> new Thread(r, "chat-stand-in"));
    private final ChannelGroup members;
    private final Set<String> names;
    private final Channel server;
    /** Clients welcomed on this port, and lines they sent here. */
    private final AtomicInteger welcomed = new AtomicInteger();
    private final AtomicLong linesIn = new AtomicLong();

    private final boolean joinNotices;
    private volatile Fault fault = Fault.NONE;

    /** Misbehaviour on purpose, to show the generator notices it. */
    enum Fault {
        NONE,
        /** Every 10th line of each sender reaches no one. */
        DROP_EVERY_TENTH,
        /** Each sender's lines go out in swapped pairs: 2, 1, 4, 3 ... */
        SWAP_PAIRS
    }

    void fault(Fault f) {
        fault = f;
    }

    ChatStandIn() throws InterruptedException {
        this(0, true, null);
    }

    /**
     * Without join notices, N joins cost N lines instead of N²/2: for large idle runs by hand. With
     * {@code tls}, the port speaks TLS.
     */
    ChatStandIn(int port, boolean joinNotices, SslContext tls) throws InterruptedException {
        this(port, joinNotices, tls, new DefaultChannelGroup(GlobalEventExecutor.INSTANCE),
                ConcurrentHashMap.newKeySet());
    }

    /** Another port of {@code room}'s room: the same members and names, its own clients counted. */
    ChatStandIn(ChatStandIn room) throws InterruptedException {
        this(0, room.joinNotices, null, room.members, room.names);
    }

    private ChatStandIn(int port, boolean joinNotices, SslContext tls, ChannelGroup members, Set<String> names)
            throws InterruptedException {
        this.joinNotices = joinNotices;
        this.members = members;
        this.names = names;
        server = new ServerBootstrap()
                .group(group)
                .channel(Transport.NIO.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new LineBasedFrameDecoder(8192), new Session());
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
    }

    int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    int members() {
        return members.size();
    }

    /** Clients welcomed on this port since it started. */
    int welcomed() {
        return welcomed.get();
    }

    /** Lines clients on this port sent, after their names. */
    long linesIn() {
        return linesIn.get();
    }

    private final class Session extends SimpleChannelInboundHandler<ByteBuf> {
        private String name;
        private byte[] prefix;
        private long lines;
        private ByteBuf held;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(text("Enter your name: ")); // under TLS, sent once the handshake is done
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            if (name == null) {
                String wanted = msg.toString(StandardCharsets.UTF_8).trim();
                if (!wanted.matches("[A-Za-z0-9_.-]{1,32}") || !names.add(wanted.toLowerCase())) {
                    ctx.writeAndFlush(text("error: name taken or invalid\nEnter your name: "));
                    return;
                }
                name = wanted;
                prefix = ("[" + name + "] ").getBytes(StandardCharsets.UTF_8);
                ctx.writeAndFlush(text("* Welcome, " + name + "!\n"));
                if (joinNotices) {
                    members.writeAndFlush(text("* " + name + " joined.\n"));
                }
                members.add(ctx.channel());
                welcomed.incrementAndGet();
                return;
            }
            linesIn.incrementAndGet();
            ByteBuf line = ctx.alloc().buffer(prefix.length + msg.readableBytes() + 1);
            line.writeBytes(prefix).writeBytes(msg).writeByte('\n');
            lines++;
            switch (fault) {
                case DROP_EVERY_TENTH -> {
                    if (lines % 10 == 0) {
                        line.release();
                    } else {
                        members.writeAndFlush(line);
                    }
                }
                case SWAP_PAIRS -> {
                    if (held == null) {
                        held = line;
                    } else {
                        members.writeAndFlush(line);
                        members.writeAndFlush(held);
                        held = null;
                    }
                }
                default -> members.writeAndFlush(line);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (held != null) {
                held.release();
                held = null;
            }
            if (name != null) {
                names.remove(name.toLowerCase());
            }
        }
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
