package sori.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import sori.UserFacingException;
import sori.net.SocketErrors;
import sori.net.TlsErrors;

/**
 * One interactive session: connects, then sends {@code in} while printing to {@code out}, until the
 * server closes. Runs on an event loop group it is given and does not own.
 */
public final class Client {
    private final ClientConfig config;
    private final EventLoopGroup group;

    /** {@code group} must come from {@code config.transport()}; the caller shuts it down. */
    public Client(ClientConfig config, EventLoopGroup group) {
        this.config = config;
        this.group = group;
    }

    /**
     * Runs the session and returns when the server has closed the connection.
     *
     * @throws UserFacingException when the host is unknown, refuses, fails the TLS handshake, or the
     *     connection breaks
     */
    public void run() {
        Target target = config.target();
        WritableGate gate = new WritableGate();
        Channel ch = connect(target, gate);
        // Taken now: once the channel is closed and deregistered, its pipeline is emptied.
        ClientHandler handler = ch.pipeline().get(ClientHandler.class);
        SslHandler tls = ch.pipeline().get(SslHandler.class);
        if (tls != null) {
            // Nothing is sent before the server has proved who it is (SslHandler bounds the wait).
            Future<Channel> handshake = tls.handshakeFuture().awaitUninterruptibly();
            if (!handshake.isSuccess()) {
                ch.close();
                String reason = TlsErrors.reason(handshake.cause());
                if (reason.endsWith("not trusted")) {
                    reason += " (trust it with --ca FILE, or skip checks with --insecure)";
                }
                throw new UserFacingException("TLS handshake with " + target + " failed: " + reason, handshake.cause());
            }
        }
        Thread pump = new Thread(new StdinPump(config.in(), ch, gate), "sori-client-stdin");
        pump.setDaemon(true); // a read of an open stdin must not keep the process alive after the server left
        pump.start();
        ch.closeFuture().awaitUninterruptibly();
        Throwable failure = handler.failure();
        if (failure != null) {
            throw new UserFacingException(
                    "connection to " + target + " lost: " + SocketErrors.reason(failure), failure);
        }
    }

    /** Tries each address of the host in turn: "localhost" may be ::1 and 127.0.0.1, and only one may listen. */
    private Channel connect(Target target, WritableGate gate) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(target.host());
        } catch (UnknownHostException e) {
            throw new UserFacingException("unknown host " + target.host(), e);
        }
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(config.transport().socketChannel())
                .option(ChannelOption.TCP_NODELAY, true) // typed lines are small and wanted now
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true) // our EOF closes only our side
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .handler(new ClientInitializer(config.ssl(), target, config.out(), gate));
        Throwable last = null;
        for (InetAddress a : addresses) {
            ChannelFuture f = b.connect(new InetSocketAddress(a, target.port())).awaitUninterruptibly();
            if (f.isSuccess()) {
                return f.channel();
            }
            last = f.cause();
        }
        throw new UserFacingException("cannot connect to " + target + ": " + SocketErrors.reason(last), last);
    }
}
