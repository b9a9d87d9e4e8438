package sori.echo;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sori.net.Addresses;

/**
 * The TCP clients of one echo server: counts and logs each arrival and departure, and decides when
 * the server should stop ({@code --once}, {@code --exit-when-empty}). Safe from any event loop.
 */
final class Clients {
    private static final Logger log = LoggerFactory.getLogger(EchoServer.class);

    private final ChannelGroup all;
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicBoolean firstTaken = new AtomicBoolean();
    private final boolean once;
    private final boolean exitWhenEmpty;
    private final Runnable stopListening;
    private final Runnable stop;

    Clients(EventExecutor executor, EchoConfig config, Runnable stopListening, Runnable stop) {
        this.all = new DefaultChannelGroup("echo-clients", executor);
        this.once = config.once();
        this.exitWhenEmpty = config.exitWhenEmpty();
        this.stopListening = stopListening;
        this.stop = stop;
    }

    /** Counts a new client in; false when it must be turned away ({@code --once} serves only the first). */
    boolean joined(Channel ch) {
        boolean first = firstTaken.compareAndSet(false, true);
        if (once && !first) {
            return false;
        }
        all.add(ch);
        int n = count.incrementAndGet();
        log.info("client {} connected ({} connected)", name(ch), n);
        if (once) {
            stopListening.run(); // like the seed: accept one client, then no more
        }
        return true;
    }

    /** Counts a client out; called exactly once for each client that {@link #joined} accepted. */
    void left(Channel ch) {
        int n = count.decrementAndGet();
        log.info("client {} disconnected ({} connected)", name(ch), n);
        if (once || (exitWhenEmpty && n == 0)) {
            stop.run();
        }
    }

    int count() {
        return count.get();
    }

    ChannelGroupFuture closeAll() {
        return all.close();
    }

    private static String name(Channel ch) {
        return ch.remoteAddress() instanceof InetSocketAddress a ? Addresses.format(a) : String.valueOf(ch.remoteAddress());
    }
}
