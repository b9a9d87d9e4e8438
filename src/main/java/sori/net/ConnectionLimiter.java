package sori.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Counts open connections over every listener of a server, in all and per source address, and turns
 * away those past a limit with one line before anything else sees them. One per server; each listener
 * gets a {@link #handler} that writes the refusal in its own wire format. An IPv6 client is counted by
 * its /64, the block one host usually gets; loopback clients are exempt from the per-address limit
 * unless {@link Limits#limitLoopback()}, so local tools and tests are never refused.
 */
public final class ConnectionLimiter {

    // Volatile: SIGHUP may change them while connections arrive (see update).
    private volatile int maxClients;
    private volatile int maxPerAddress;
    private volatile boolean limitLoopback;
    private final LimitCounters counters;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    public ConnectionLimiter(Limits limits, LimitCounters counters) {
        this.counters = counters;
        update(limits);
    }

    /** New connection limits, from the next connection on; connections already open stay. */
    void update(Limits limits) {
        this.maxClients = limits.maxClients();
        this.maxPerAddress = limits.maxPerAddress();
        this.limitLoopback = limits.limitLoopback();
    }

    /** Open connections admitted now. */
    public int open() {
        return total.get();
    }

    /** Open connections from {@code address} (its /64 for IPv6), as counted. */
    public int open(InetAddress address) {
        AtomicInteger n = perAddress.get(key(address));
        return n == null ? 0 : n.get();
    }

    /**
     * The first handler of a listener's pipeline. {@code refusal} makes the bytes sent to a client that
     * is turned away (one line; an HTTP response on a web port) from the limit and its value.
     */
    public ChannelHandler handler(Function<Tripped, ByteBuf> refusal) {
        return new Gate(refusal);
    }

    /** Null when admitted (and counted until close), else the limit that refuses. */
    Tripped admit(SocketAddress remote) {
        if (total.incrementAndGet() > maxClients && maxClients > 0) {
            total.decrementAndGet();
            return new Tripped(Limit.MAX_CLIENTS, maxClients);
        }
        InetAddress address = remote instanceof InetSocketAddress isa ? isa.getAddress() : null;
        if (address == null || maxPerAddress == 0 || address.isLoopbackAddress() && !limitLoopback) {
            return null;
        }
        // Checked and counted under the map's lock for this address, so a racing release cannot lose a count.
        boolean[] over = new boolean[1];
        perAddress.compute(key(address), (k, c) -> {
            AtomicInteger n = c == null ? new AtomicInteger() : c;
            if (n.get() >= maxPerAddress) {
                over[0] = true;
            } else {
                n.incrementAndGet();
            }
            return n;
        });
        if (over[0]) {
            total.decrementAndGet();
            return new Tripped(Limit.MAX_PER_ADDRESS, maxPerAddress);
        }
        return null;
    }

    /** Undoes an {@link #admit} that returned null. */
    void release(SocketAddress remote) {
        total.decrementAndGet();
        InetAddress address = remote instanceof InetSocketAddress isa ? isa.getAddress() : null;
        if (address == null || maxPerAddress == 0 || address.isLoopbackAddress() && !limitLoopback) {
            return;
        }
        perAddress.computeIfPresent(key(address), (k, c) -> c.decrementAndGet() == 0 ? null : c);
    }

    /**
     * Counts the connection off once it closes. Made here, not in the {@link Gate}: a listener made there
     * would keep the gate and its refusal maker alive for as long as the connection is open.
     */
    private void releaseOnClose(Channel channel, SocketAddress remote) {
        channel.closeFuture().addListener(f -> release(remote));
    }

    /** The address as counted: IPv4 as is (also when IPv4-mapped), IPv6 masked to its /64. */
    static InetAddress key(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        try {
            if (isIpv4Mapped(b)) {
                // ::ffff:a.b.c.d is one IPv4 client; masked to /64 it would be every IPv4 client at once.
                return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
            }
            for (int i = 8; i < b.length; i++) {
                b[i] = 0;
            }
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 16 bytes
        }
    }

    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    @ChannelHandler.Sharable
    private final class Gate extends ChannelInboundHandlerAdapter {

        private final Function<Tripped, ByteBuf> refusal;

        Gate(Function<Tripped, ByteBuf> refusal) {
            this.refusal = refusal;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            SocketAddress remote = ctx.channel().remoteAddress();
            Tripped refused = admit(remote);
            if (refused == null) {
                releaseOnClose(ctx.channel(), remote);
                ctx.pipeline().remove(this);
                ctx.fireChannelActive();
                return;
            }
            counters.trip(ctx.channel(), refused.limit(), refused.value());
            ctx.channel().config().setAutoRead(false);
            // Written from here, past every handler after this one: the rest of the pipeline never hears of it.
            ctx.writeAndFlush(refusal.apply(refused)).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg); // only reached by a refused connection
        }
    }
}
