package sori.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import javax.net.ssl.SSLException;
import sori.UserFacingException;
import sori.net.Transport;

/**
 * The generator's client side: one event loop group, one bootstrap, and a connector that opens many
 * connections with a bounded number (and optionally rate) of attempts in flight, so the server's accept
 * backlog is never overrun. Each connection is TLS if asked, then the WebSocket stages with
 * {@code --proto ws} ({@link WsBridge}) or IRC with {@code --proto irc} ({@link IrcBridge}), then its
 * {@link LineClientHandler}. Closing it closes every connection.
 */
final class LineClient implements AutoCloseable {

    /**
     * What connecting produced: the welcomed clients, in order, and what went wrong with the others ({@code
     * firstErrorAt}: the server address the first failure was with, null when none failed).
     */
    record Connected<H>(List<H> clients, int failed, Throwable firstError, InetSocketAddress firstErrorAt,
            double seconds) {}

    private final BenchConfig cfg;
    private final Transport transport;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    /** The server addresses, one per port; connection {@code i} goes to {@code remotes[i % size]}. */
    private final List<InetSocketAddress> remotes;
    private final SslContext ssl;
    /** The WebSocket handshake's settings with {@code --proto ws}, one per remote (its origin names the port). */
    private final List<WebSocketClientProtocolConfig> ws;
    /** True with {@code --proto irc}: an {@link IrcBridge} goes in front of each handler. */
    private final boolean irc;

    LineClient(BenchConfig cfg, boolean bindsSourceAddress) {
        this(cfg, List.of(cfg.port()), bindsSourceAddress);
    }

    /**
     * A client for {@code ports} of {@code cfg}'s host (the first is {@code cfg.port()}): {@link #connect} spreads
     * its connections over them round-robin, as over the nodes of a cluster.
     */
    LineClient(BenchConfig cfg, List<Integer> ports, boolean bindsSourceAddress) {
        this.cfg = cfg;
        this.transport = chooseTransport(cfg.transport());
        List<InetSocketAddress> addresses = new ArrayList<>(ports.size());
        for (int port : ports) {
            InetSocketAddress a = new InetSocketAddress(cfg.host(), port);
            if (a.isUnresolved()) {
                throw new UserFacingException("unknown host '" + cfg.host() + "'");
            }
            addresses.add(a);
        }
        this.remotes = List.copyOf(addresses);
        this.ssl = cfg.tls() ? clientTls() : null;
        this.ws = cfg.proto() == Proto.WS ? ports.stream().map(p -> WsBridge.config(cfg, p)).toList() : null;
        this.irc = cfg.proto() == Proto.IRC;
        this.group = transport.newGroup(cfg.threads(), new DefaultThreadFactory("bench", true));
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                // Flat out, a member reads tens of kilobytes at a time and joins each read to a partial
                // message left from the one before. The adaptive allocator serves such joins above its
                // pooled sizes with a fresh, zeroed direct buffer each time (about a seventh of the
                // generator's CPU in F2); the pooled one reuses them from its arenas.
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        cfg.connectTimeout().toMillis()));
        if (bindsSourceAddress && transport == Transport.EPOLL) {
            // Pick the source port at connect time, by the whole 4-tuple, not at bind time by address alone.
            b.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
        this.bootstrap = b;
    }

    /** One client context for every connection; OpenSSL (BoringSSL) when it loads, as it is cheaper. */
    private static SslContext clientTls() {
        try {
            return SslContextBuilder.forClient()
                    .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE) // measuring, not protecting
                    .build();
        } catch (SSLException e) {
            throw new UserFacingException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    static Transport chooseTransport(String name) {
        Transport t;
        try {
            t = Transport.choose(name);
        } catch (IllegalArgumentException e) {
            throw new UserFacingException(e.getMessage());
        }
        String asked = name.replace('-', '_');
        if (!asked.equals("auto") && !asked.equals(t.toString())) {
            System.err.println("sori bench: transport " + name + " is not available here, using " + t);
        }
        return t;
    }

    Transport transport() {
        return transport;
    }

    /** The first server address (the only one unless several ports were given). */
    InetSocketAddress remote() {
        return remotes.getFirst();
    }

    /**
     * Opens {@code count} connections, connection {@code i} to the {@code i % ports}-th server address, and waits
     * until each is welcomed or has failed. With
     * {@code stopOnFailure} the first failure stops further attempts; without it, attempts stop only when
     * nothing has succeeded yet (the server is not there at all).
     */
    <H extends LineClientHandler> Connected<H> connect(int count, IntFunction<H> factory,
            IntFunction<InetSocketAddress> source, boolean stopOnFailure, Progress progress) {
        long started = System.nanoTime();
        int concurrency = Math.min(cfg.connectConcurrency(), count);
        Semaphore permits = new Semaphore(concurrency);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        AtomicReference<InetSocketAddress> firstErrorAt = new AtomicReference<>();
        List<H> handlers = new ArrayList<>(count);
        long timeoutNanos = cfg.connectTimeout().toNanos();
        long pace = cfg.connectRate() == 0 ? 0 : 1_000_000_000L / cfg.connectRate();
        long next = System.nanoTime();
        long nextNote = next + 1_000_000_000L;
        for (int i = 0; i < count; i++) {
            if (failed.get() > 0 && (stopOnFailure || ok.get() == 0)) {
                break;
            }
            acquire(permits, 1, timeoutNanos * 2);
            if (pace > 0) {
                LockSupport.parkNanos(next - System.nanoTime());
                next += pace;
            }
            if (System.nanoTime() > nextNote) {
                nextNote += 1_000_000_000L;
                progress.note("[connect] " + ok.get() + " of " + count + " registered");
            }
            H h = factory.apply(i);
            handlers.add(h);
            int at = i % remotes.size();
            InetSocketAddress remote = remotes.get(at);
            Bootstrap b = bootstrap.clone().handler(ssl == null && ws == null && !irc ? h : pipeline(h, at));
            ChannelFuture f = source == null ? b.connect(remote) : b.connect(remote, source.apply(i));
            f.addListener((ChannelFuture cf) -> {
                if (!cf.isSuccess()) {
                    failed.incrementAndGet();
                    if (firstError.compareAndSet(null, cf.cause())) {
                        firstErrorAt.set(remote);
                    }
                    permits.release();
                    return;
                }
                ScheduledFuture<?> timer = cf.channel().eventLoop().schedule(
                        () -> h.failRegistration(noWelcome()),
                        timeoutNanos, TimeUnit.NANOSECONDS);
                h.registration().whenComplete((v, e) -> {
                    timer.cancel(false);
                    if (e == null) {
                        ok.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        if (firstError.compareAndSet(null, e)) {
                            firstErrorAt.set(remote);
                        }
                        cf.channel().close();
                    }
                    permits.release();
                });
            });
        }
        acquire(permits, concurrency, timeoutNanos * 2);
        List<H> welcomed = new ArrayList<>(ok.get());
        for (H h : handlers) {
            if (h.registration().isDone() && !h.registration().isCompletedExceptionally()) {
                welcomed.add(h);
            }
        }
        return new Connected<>(Collections.unmodifiableList(welcomed), failed.get(), firstError.get(),
                firstErrorAt.get(), (System.nanoTime() - started) / 1e9);
    }

    private String noWelcome() {
        String within = " within " + Durations.format(cfg.connectTimeout());
        if (ws != null) {
            return "no welcome event" + within + " (is this sori's web port?)";
        }
        if (irc) {
            return "no end of names (366) for " + IrcBridge.CHANNEL + within + " (is this an IRC port?)";
        }
        return "no '* Welcome'" + within + " (is this a sori chat server?)";
    }

    /**
     * Opens one connection with {@code handler} as its last stage (after TLS, when asked); plain lines only.
     * For scenarios that open connections one after another rather than all at once.
     */
    ChannelFuture open(ChannelHandler handler) {
        Bootstrap b = bootstrap.clone().handler(ssl == null ? handler : new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc(), cfg.host(), cfg.port()));
                ch.pipeline().addLast("client", handler);
            }
        });
        return b.connect(remotes.getFirst());
    }

    /** The event loops, for scheduling work beside the connections. */
    EventLoopGroup group() {
        return group;
    }

    /**
     * TLS first, then the WebSocket stages for {@code --proto ws}, then the line handler (which counts a plain
     * echo connection as ready after the TLS handshake).
     */
    private ChannelInitializer<Channel> pipeline(LineClientHandler h, int at) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (ssl != null) {
                    ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc(), cfg.host(), remotes.get(at).getPort()));
                }
                if (ws != null) {
                    WsBridge.addTo(ch.pipeline(), ws.get(at), h);
                } else if (irc) {
                    IrcBridge.addTo(ch.pipeline(), h);
                }
                ch.pipeline().addLast("client", h);
            }
        };
    }

    private static void acquire(Semaphore s, int n, long timeoutNanos) {
        try {
            if (!s.tryAcquire(n, timeoutNanos, TimeUnit.NANOSECONDS)) {
                throw new UserFacingException("connecting stalled: no progress for "
                        + Durations.format(java.time.Duration.ofNanos(timeoutNanos)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserFacingException("interrupted while connecting");
        }
    }

    /** One line saying why a connection failed, for the user. */
    String describe(Throwable e) {
        return describe(e, remotes.getFirst());
    }

    /** One line saying why a connection to {@code at} (one of this client's addresses, or null) failed. */
    String describe(Throwable e, InetSocketAddress at) {
        int index = Math.max(0, remotes.indexOf(at));
        String where = cfg.host() + ":" + remotes.get(index).getPort();
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof ConnectException)) {
            t = t.getCause();
        }
        if (t instanceof SSLException) {
            return "TLS with " + where + " failed: " + t.getMessage() + " (is it a TLS port?)";
        }
        if (t instanceof WebSocketHandshakeException) {
            return "WebSocket upgrade at " + ws.get(index).webSocketUri() + " failed: " + t.getMessage()
                    + " (with --proto ws, --port is the server's web port)";
        }
        if (t instanceof ConnectTimeoutException) {
            return "cannot connect to " + where + ": timed out";
        }
        if (t instanceof ConnectException) {
            String m = String.valueOf(t.getMessage());
            if (m.toLowerCase(java.util.Locale.ROOT).contains("refused")) {
                return "cannot connect to " + where + ": connection refused (is the server running?)";
            }
            return "cannot connect to " + where + ": " + m;
        }
        return "connection to " + where + " failed: " + (t.getMessage() == null ? t.toString() : t.getMessage());
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
