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
 * The I/O transport: native io_uring by default on Linux, epoll where io_uring does not load (an old
 * kernel, or a sandbox that forbids it), NIO where neither does. io_uring is the default because it
 * hands a whole loop turn's writes to the kernel in one system call: in the one-message-in-flight
 * fan-out (bench/scenarios.md, F2W1) it delivered 1.4-1.7 times what epoll did on the same machine.
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

    /** The best transport that loads here: io_uring, else epoll, else NIO. */
    public static Transport best() {
        return isAvailable(IO_URING) ? IO_URING : isAvailable(EPOLL) ? EPOLL : NIO;
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

    /**
     * Event loops for a server when the user did not say: one for every two cores, at least one. A
     * fan-out is mostly the kernel's work (two thirds of a loop's time on this path is the sends
     * themselves), and that work runs on the same cores; one loop can also put every message that
     * came in during its turn into one write per member, where loops on both cores of a small machine
     * each woke for every message and wrote three times as often (bench/scenarios.md, "Where the time
     * goes"). Netty's own default, two per core, is four times this.
     */
    public static int defaultLoops() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /** {@code asked} loops, or {@link #defaultLoops()} for 0. */
    public static int loops(int asked) {
        if (asked < 0) {
            throw new IllegalArgumentException("event loops must be 0 (automatic) or more, not " + asked);
        }
        return asked == 0 ? defaultLoops() : asked;
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
