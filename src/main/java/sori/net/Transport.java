package sori.net;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * The I/O transport: native epoll by default on Linux, io_uring on request, NIO where neither loads.
 * Every command builds its event loops and channels through one of these, so the choice is made once.
 */
public enum Transport {
    EPOLL("epoll", EpollIoHandler::newFactory, EpollServerSocketChannel.class, EpollSocketChannel.class,
            EpollDatagramChannel.class),
    IO_URING("io_uring", IoUringIoHandler::newFactory, IoUringServerSocketChannel.class, IoUringSocketChannel.class,
            IoUringDatagramChannel.class),
    NIO("nio", NioIoHandler::newFactory, NioServerSocketChannel.class, NioSocketChannel.class,
            NioDatagramChannel.class);

    private final String label;
    private final Supplier<IoHandlerFactory> handlers;
    private final Class<? extends ServerChannel> serverChannel;
    private final Class<? extends SocketChannel> socketChannel;
    private final Class<? extends DatagramChannel> datagramChannel;

    Transport(String label, Supplier<IoHandlerFactory> handlers, Class<? extends ServerChannel> serverChannel,
            Class<? extends SocketChannel> socketChannel, Class<? extends DatagramChannel> datagramChannel) {
        this.label = label;
        this.handlers = handlers;
        this.serverChannel = serverChannel;
        this.socketChannel = socketChannel;
        this.datagramChannel = datagramChannel;
    }

    /** The best transport that loads here: epoll, else NIO. io_uring is only used when asked for. */
    public static Transport best() {
        return isAvailable(EPOLL) ? EPOLL : NIO;
    }

    /**
     * Parses a user's choice: {@code auto}, {@code epoll}, {@code io_uring} or {@code nio}. An
     * unavailable native transport falls back to {@link #best()}; {@link #fallbackReason} says why.
     */
    public static Transport choose(String name) {
        String n = name == null ? "auto" : name.toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (n) {
            case "auto" -> best();
            case "epoll" -> isAvailable(EPOLL) ? EPOLL : best();
            case "io_uring", "iouring", "uring" -> isAvailable(IO_URING) ? IO_URING : best();
            case "nio" -> NIO;
            default -> throw new IllegalArgumentException(
                    "unknown transport '" + name + "' (expected auto, epoll, io_uring or nio)");
        };
    }

    public static boolean isAvailable(Transport t) {
        try {
            return switch (t) {
                case EPOLL -> Epoll.isAvailable();
                case IO_URING -> IoUring.isAvailable();
                case NIO -> true;
            };
        } catch (Throwable e) {
            return false; // a native library that fails to link is just "not available"
        }
    }

    /** Why a native transport is not in use, or null when it is available. */
    public static String fallbackReason(Transport t) {
        Throwable cause = switch (t) {
            case EPOLL -> Epoll.unavailabilityCause();
            case IO_URING -> IoUring.unavailabilityCause();
            case NIO -> null;
        };
        return cause == null ? null : String.valueOf(cause.getMessage());
    }

    public EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
        return new MultiThreadIoEventLoopGroup(threads, threadFactory, handlers.get());
    }

    public Class<? extends ServerChannel> serverChannel() {
        return serverChannel;
    }

    public Class<? extends SocketChannel> socketChannel() {
        return socketChannel;
    }

    public Class<? extends DatagramChannel> datagramChannel() {
        return datagramChannel;
    }

    /** True for channels of this transport (used by code that tunes native socket options). */
    public boolean owns(Channel ch) {
        return socketChannel.isInstance(ch) || serverChannel.isInstance(ch);
    }

    @Override
    public String toString() {
        return label;
    }
}
