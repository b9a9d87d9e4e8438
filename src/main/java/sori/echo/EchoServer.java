package sori.echo;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import sori.UserFacingException;
import sori.net.Addresses;
import sori.net.Listeners;
import sori.net.TlsContexts;

/**
 * The echo server: binds one listener (TCP or UDP) on an event loop group it is given and does not
 * own. {@link #start()} binds, {@link #terminated()} completes when it has stopped, by itself
 * ({@code --once}, {@code --exit-when-empty}) or by {@link #close()}.
 */
public final class EchoServer implements AutoCloseable {
    private static final String ANY_IPV6 = "::";
    private static final String ANY_IPV4 = "0.0.0.0";
    private static final int MAX_DATAGRAM = 65_535;

    private final EchoConfig config;
    private final EventLoopGroup group;
    private final Clients clients;
    private final TlsContexts tls;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile Channel listener;

    /**
     * {@code group} must come from {@code config.transport()}; the caller shuts it down.
     *
     * @throws UserFacingException when TLS is on and its files cannot be used
     */
    public EchoServer(EchoConfig config, EventLoopGroup group) {
        this.config = config;
        this.tls = config.tls().enabled() ? TlsContexts.load(config.tls()) : null;
        this.group = group;
        this.clients = new Clients(group.next(), config, this::stopListening, this::stop);
    }

    /**
     * Binds and starts echoing.
     *
     * @return the address bound (its port is the real one when 0 was asked)
     * @throws UserFacingException when the address cannot be bound, e.g. the port is taken
     */
    public InetSocketAddress start() {
        if (listener != null || stopping.get()) {
            throw new IllegalStateException("an echo server starts once");
        }
        if (config.host() != null) {
            return bind(config.host());
        }
        try {
            return bind(ANY_IPV6); // dual-stack: IPv4 clients arrive as well
        } catch (UserFacingException e) {
            if (e.getMessage().endsWith("address already in use")) {
                throw e; // IPv4 would be taken too; say so for the address the user expects
            }
            return bind(ANY_IPV4); // no IPv6 on this machine
        }
    }

    /** Completes when the listener and every client are closed. */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /** TCP clients connected now (always 0 for UDP). */
    public int connectedCount() {
        return clients.count();
    }

    /** The certificate in use (reload it on SIGHUP), or null when TLS is off. */
    public TlsContexts tls() {
        return tls;
    }

    public EchoConfig config() {
        return config;
    }

    /** Stops listening, closes every client and waits (a few seconds at most) until that is done. */
    @Override
    public void close() {
        stop();
        try {
            terminated.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // closing channels on a group that is shutting down may never finish; don't hang the exit
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // terminated never fails
        }
    }

    private InetSocketAddress bind(String host) {
        InetSocketAddress want = new InetSocketAddress(host, config.port());
        String shown = Addresses.format(host, config.port());
        if (want.isUnresolved()) {
            throw new UserFacingException("cannot listen on " + shown + ": unknown host");
        }
        ChannelFuture reg = bootstrap().register().syncUninterruptibly();
        Channel ch = reg.channel();
        listener = ch; // known before bind completes, so --once can close it when its client arrives
        ChannelFuture bound = ch.bind(want).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            listener = null;
            ch.close().awaitUninterruptibly();
            throw new UserFacingException(
                    "cannot listen on " + shown + ": " + Listeners.reason(bound.cause()), bound.cause());
        }
        if (config.udp()) {
            ch.closeFuture().addListener(f -> stop()); // UDP: the one channel is the whole server
        }
        if (stopping.get()) {
            ch.close(); // stopped while binding
        }
        return (InetSocketAddress) ch.localAddress();
    }

    @SuppressWarnings("deprecation") // RCVBUF_ALLOCATOR: every transport still honours it; its successor not yet
    private AbstractBootstrap<?, ?> bootstrap() {
        if (config.udp()) {
            return new Bootstrap()
                    .group(group)
                    .channel(config.transport().datagramChannel())
                    // Netty reads 2048 bytes a datagram by default; an echo must return the largest whole.
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                    .handler(new UdpEchoHandler(config.once(), this::stop));
        }
        return new ServerBootstrap()
                .group(group)
                .channel(config.transport().serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true) // restart at once, despite old connections in TIME_WAIT
                .childOption(ChannelOption.TCP_NODELAY, true) // an echo is small and wanted now
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true) // a client's EOF: echo the rest, then close
                .childHandler(new EchoInitializer(clients, config, tls));
    }

    private void stopListening() {
        Channel l = listener;
        if (l != null) {
            l.close();
        }
    }

    private void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        Channel l = listener;
        CompletableFuture<Void> listenerClosed = new CompletableFuture<>();
        if (l == null) {
            listenerClosed.complete(null);
        } else {
            l.close().addListener(f -> listenerClosed.complete(null));
        }
        CompletableFuture<Void> clientsClosed = new CompletableFuture<>();
        clients.closeAll().addListener(f -> clientsClosed.complete(null));
        CompletableFuture.allOf(listenerClosed, clientsClosed).whenComplete((v, e) -> terminated.complete(null));
    }
}
