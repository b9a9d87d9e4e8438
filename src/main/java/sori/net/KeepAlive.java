package sori.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.uring.IoUringChannelOption;
import jdk.net.ExtendedSocketOptions;

/**
 * TCP keepalive with short timers on accepted connections, so a peer that vanished (pulled cable,
 * sleeping laptop, NAT that forgot us) is found and closed within {@link #DEAD_AFTER_SECONDS} without a
 * byte shown to a quiet reader. The kernel probes after {@link #IDLE_SECONDS} of silence, every
 * {@link #INTERVAL_SECONDS}, and gives up after {@link #COUNT} unanswered probes; where the transport
 * allows it (epoll, io_uring), {@code TCP_USER_TIMEOUT} also bounds unacknowledged output, which
 * keepalive alone does not cover (the kernel retransmits for about 15 minutes otherwise). NIO gets the
 * three timers through the JDK's extended socket options on Linux and macOS, and the OS's default
 * timers (two hours) elsewhere.
 */
public final class KeepAlive {

    /** Silence before the first probe. */
    public static final int IDLE_SECONDS = 45;
    /** Time between probes. */
    public static final int INTERVAL_SECONDS = 10;
    /** Unanswered probes before the connection is dropped. */
    public static final int COUNT = 6;
    /** A dead peer is dropped at most this long after it last answered: 105 s, within two minutes. */
    public static final int DEAD_AFTER_SECONDS = IDLE_SECONDS + INTERVAL_SECONDS * COUNT;

    private KeepAlive() {}

    /** Sets keepalive and its timers on every connection {@code b} accepts with {@code transport}. */
    public static ServerBootstrap apply(ServerBootstrap b, Transport transport) {
        b.childOption(ChannelOption.SO_KEEPALIVE, true);
        switch (transport) {
            case EPOLL -> b.childOption(EpollChannelOption.TCP_KEEPIDLE, IDLE_SECONDS)
                    .childOption(EpollChannelOption.TCP_KEEPINTVL, INTERVAL_SECONDS)
                    .childOption(EpollChannelOption.TCP_KEEPCNT, COUNT)
                    .childOption(EpollChannelOption.TCP_USER_TIMEOUT, DEAD_AFTER_SECONDS * 1000);
            case IO_URING -> b.childOption(IoUringChannelOption.TCP_KEEPIDLE, IDLE_SECONDS)
                    .childOption(IoUringChannelOption.TCP_KEEPINTVL, INTERVAL_SECONDS)
                    .childOption(IoUringChannelOption.TCP_KEEPCNT, COUNT)
                    .childOption(IoUringChannelOption.TCP_USER_TIMEOUT, DEAD_AFTER_SECONDS * 1000);
            case NIO -> {
                if (nioTimers()) {
                    b.childOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), IDLE_SECONDS)
                            .childOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), INTERVAL_SECONDS)
                            .childOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), COUNT);
                }
            }
        }
        return b;
    }

    private static boolean nioTimers() {
        try (java.nio.channels.SocketChannel probe = java.nio.channels.SocketChannel.open()) {
            return probe.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE);
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
