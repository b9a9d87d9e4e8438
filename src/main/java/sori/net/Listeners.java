package sori.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import java.net.InetSocketAddress;
import sori.UserFacingException;

/** Binding listeners the same way for every command: wildcard dual-stack by default, one clear error. */
public final class Listeners {

    private Listeners() {}

    /**
     * Binds {@code b} to {@code host} (null: every interface, IPv4 and IPv6) and {@code port}, and
     * waits. A port that cannot be had becomes one line for the user.
     */
    public static Channel bind(ServerBootstrap b, String host, int port, String what) {
        InetSocketAddress address = host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UserFacingException("cannot listen on " + host + ": unknown host");
        }
        ChannelFuture f = b.bind(address).awaitUninterruptibly();
        if (!f.isSuccess()) {
            // Worded as sori echo words it, and the wildcard shown as the start-up line shows it.
            String shown = host == null ? Addresses.format("::", port) : Addresses.format(host, port);
            throw new UserFacingException("cannot listen on " + shown + ": " + reason(f.cause()), f.cause());
        }
        return f.channel();
    }

    /** Wraps a child handler so that every accepted channel is also tracked in {@code group}. */
    public static ChannelHandler tracking(ChannelGroup group, ChannelHandler childHandler) {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                group.add(ch);
                ch.pipeline().addLast(childHandler);
            }
        };
    }

    /** {@code [::]:9999} for the wildcard, {@code 127.0.0.1:9999} otherwise. */
    public static String show(InetSocketAddress a) {
        return Addresses.format(a);
    }

    /**
     * Why a bind failed, in a few plain words ({@link SocketErrors#reason}), with a hint where the
     * words alone do not say what to do.
     */
    public static String reason(Throwable t) {
        String r = SocketErrors.reason(t);
        return switch (r) {
            case "permission denied" -> r + " (ports below 1024 need privileges)";
            case "cannot assign requested address" -> "this machine has no such address";
            default -> r;
        };
    }
}
