package sori.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import sori.net.TlsContexts;
import sori.net.TlsOptions;
import sori.net.Transport;

/**
 * Handshake rate and bulk throughput of sori's server TLS context, BoringSSL against the JDK engine,
 * on loopback in one JVM (so client and server share the cores). The client is BoringSSL in both
 * runs, so the difference is the server's engine. Full handshakes only: no session resumption.
 *
 * <pre>
 * ./mvnw -B -q -DskipTests package && ./mvnw -B -q test-compile
 * java -cp target/sori.jar:target/test-classes sori.bench.TlsBench [SECONDS] [KEY]   # KEY: ec (default) or rsa
 * </pre>
 */
public final class TlsBench {

    private static final int IN_FLIGHT = 16;
    private static final int CHUNK = 64 * 1024;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String key = args.length > 1 ? args[1] : "ec";
        Path dir = Files.createTempDirectory("sori-tls-bench");
        TlsOptions options = key.equals("rsa") ? rsa(dir) : TlsOptions.selfSigned(dir);
        SslContext client = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
                .protocols(TlsContexts.PROTOCOLS).trustManager(InsecureTrustManagerFactory.INSTANCE)
                .endpointIdentificationAlgorithm(null).build();
        EventLoopGroup server = Transport.best().newGroup(1, new DefaultThreadFactory("bench-server", true));
        EventLoopGroup clients = Transport.best().newGroup(1, new DefaultThreadFactory("bench-client", true));
        System.out.printf("key %s, %d s per run, %s transport, %d cores, Java %s%n", key, seconds, Transport.best(),
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        try {
            for (SslProvider engine : new SslProvider[] {SslProvider.OPENSSL, SslProvider.JDK}) {
                TlsContexts tls = TlsContexts.load(options, engine);
                Server s = new Server(server, tls.context());
                int port = s.port();
                handshakes(clients, client, port, 2); // warm-up
                double rate = handshakes(clients, client, port, seconds);
                bulk(clients, client, s, port, 2);
                double mbps = bulk(clients, client, s, port, seconds);
                System.out.printf("server engine %-9s  %,8.0f handshakes/s  %,8.0f MB/s bulk (one connection, %d KiB writes)%n",
                        tls.engine(), rate, mbps, CHUNK / 1024);
                s.close();
            }
        } finally {
            server.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** An RSA-2048 certificate from openssl (sori's own self-signed one is EC P-256). */
    private static TlsOptions rsa(Path dir) throws Exception {
        Path k = dir.resolve("rsa.key");
        Path c = dir.resolve("rsa.crt");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", k.toString(),
                "-out", c.toString(), "-days", "2", "-subj", "/CN=localhost").inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("openssl failed");
        }
        return TlsOptions.pem(c, k);
    }

    /** Handshakes per second with {@link #IN_FLIGHT} connections at a time, each closed once its handshake is done. */
    private static double handshakes(EventLoopGroup group, SslContext client, int port, int seconds) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch finished = new CountDownLatch(IN_FLIGHT);
        Bootstrap b = new Bootstrap().group(group).channel(Transport.best().socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(client.newHandler(ch.alloc()));
                    }
                });
        long start = System.nanoTime();
        for (int i = 0; i < IN_FLIGHT; i++) {
            loop(b, port, done, end, finished);
        }
        finished.await();
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static void loop(Bootstrap b, int port, AtomicLong done, long end, CountDownLatch finished) {
        if (System.nanoTime() > end) {
            finished.countDown();
            return;
        }
        b.connect("127.0.0.1", port).addListener(f -> {
            if (!f.isSuccess()) {
                f.cause().printStackTrace();
                finished.countDown();
                return;
            }
            Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
            ch.pipeline().get(SslHandler.class).handshakeFuture().addListener(h -> {
                if (h.isSuccess()) {
                    done.incrementAndGet();
                }
                ch.close().addListener(c -> loop(b, port, done, end, finished));
            });
        });
    }

    /** MB/s the server decrypts from one connection whose client writes as fast as it may. */
    private static double bulk(EventLoopGroup group, SslContext client, Server s, int port, int seconds) throws Exception {
        Channel ch = new Bootstrap().group(group).channel(Transport.best().socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel c) {
                        c.pipeline().addLast(client.newHandler(c.alloc()));
                        c.pipeline().addLast(new Writer());
                    }
                }).connect("127.0.0.1", port).sync().channel();
        ch.pipeline().get(SslHandler.class).handshakeFuture().sync();
        long before = s.received.get();
        long start = System.nanoTime();
        ch.eventLoop().execute(() -> ch.pipeline().get(Writer.class).pump(ch));
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        double mb = (s.received.get() - before) / 1e6;
        double elapsed = (System.nanoTime() - start) / 1e9;
        ch.close().sync();
        return mb / elapsed;
    }

    /** Writes 64 KiB chunks while the channel is writable, again whenever it becomes so. */
    private static final class Writer extends ChannelInboundHandlerAdapter {
        private final byte[] chunk = new byte[CHUNK];

        void pump(Channel ch) {
            while (ch.isActive() && ch.isWritable()) {
                ByteBuf b = ch.alloc().directBuffer(CHUNK).writeBytes(chunk);
                ch.write(b);
            }
            ch.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump(ctx.channel());
        }
    }

    /** TLS then a byte counter. */
    private static final class Server {
        final AtomicLong received = new AtomicLong();
        final Channel listener;

        Server(EventLoopGroup group, SslContext ctx) throws InterruptedException {
            listener = new ServerBootstrap().group(group).channel(Transport.best().serverChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(ctx.newHandler(ch.alloc()));
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext c, Object msg) {
                                    ByteBuf b = (ByteBuf) msg;
                                    received.addAndGet(b.readableBytes());
                                    b.release();
                                }

                                @Override
                                public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
                                    c.close(); // clients closing mid-handshake are expected here
                                }
                            });
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
        }

        int port() {
            return ((java.net.InetSocketAddress) listener.localAddress()).getPort();
        }

        void close() {
            listener.close().syncUninterruptibly();
        }
    }
}
