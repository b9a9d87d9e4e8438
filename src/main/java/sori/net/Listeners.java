package sori.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Locale;
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
            throw new UserFacingException("cannot listen for " + what + " on " + show(address) + ": "
                    + reason(f.cause()), f.cause());
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
        String host = a.getAddress() == null ? a.getHostString()
                : a.getAddress().isAnyLocalAddress() ? "[::]" : a.getAddress().getHostAddress();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return host + ":" + a.getPort();
    }

    /** A bind or connect failure in a few plain words ("address already in use"). */
    public static String reason(Throwable t) {
        String m = t == null ? null : t.getMessage();
        if (m == null) {
            return t == null ? "unknown error" : t.getClass().getSimpleName();
        }
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("address already in use") || t instanceof BindException && lower.contains("in use")) {
            return "address already in use";
        }
        if (lower.contains("permission denied")) {
            return "permission denied (ports below 1024 need privileges)";
        }
        if (lower.contains("cannot assign requested address")) {
            return "this machine has no such address";
        }
        int colon = m.lastIndexOf(": ");
        return colon >= 0 ? m.substring(colon + 2).toLowerCase(Locale.ROOT) : m;
    }
}
