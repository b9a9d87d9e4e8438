package sori.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sori.UserFacingException;
import sori.chat.Hub;
import sori.irc.IrcInitializer;
import sori.line.LineInitializer;
import sori.net.Guards;
import sori.net.KeepAlive;
import sori.net.LimitCounters;
import sori.net.Limits;
import sori.net.Listeners;
import sori.net.TlsContexts;
import sori.net.Transport;
import sori.store.Durability;
import sori.store.Store;
import sori.store.Stores;
import sori.web.WebInitializer;

/**
 * The composition root of {@code sori server}: one event-loop group, one Hub, and the listeners on
 * it. Owns everything it starts and stops it in order: goodbyes first, then listeners, then loops.
 */
public final class ChatServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatServer.class);
    /** How long {@link #close} lets goodbyes take before closing what is left (--drain-timeout's default). */
    public static final Duration DRAIN = Duration.ofSeconds(5);

    private final ServerConfig config;
    private final ClusterMode cluster; // null for one process
    private final Hub hub;
    private final TlsContexts tls;
    private final Store store;
    private final EventLoopGroup group;
    private final Guards guards;
    private final ChannelGroup clients = new DefaultChannelGroup("sori-clients", GlobalEventExecutor.INSTANCE);
    private Channel chatListener;
    private Channel webListener;
    private Channel ircListener;
    private WebInitializer web;
    private volatile boolean closed;
    private volatile boolean started;

    /**
     * @throws sori.UserFacingException when TLS is on and its files cannot be used, the store cannot be opened, or
     *                                  in cluster mode the store is not PostgreSQL or Redis does not answer
     */
    public ChatServer(ServerConfig config) {
        this.config = config;
        // First: a cluster node on a store of its own is refused before any file or connection is opened.
        ClusterMode.check(config);
        // Before the event loops: a bad certificate file must not leave threads behind.
        this.tls = config.tls().enabled() ? TlsContexts.load(config.tls()) : null;
        // Also before the loops: an unusable store (locked, corrupt, unreachable) is one line and exit 1.
        this.store = Stores.open(config.store());
        ClusterMode c = null;
        try {
            // Cluster mode: Redis must answer and this node's lease be taken before the Hub exists, so no user
            // ever reaches a node that is not part of the cluster.
            c = config.cluster() == null ? null : ClusterMode.open(config.cluster(), config.port());
            boolean afterCommit = config.store().durability() == Durability.SYNC;
            if (c != null && afterCommit) {
                log.warn("--durability sync is not kept in cluster mode yet: a line is shown once Redis ordered it");
            }
            this.hub = new Hub(config.chat(), store, store.accounts(), store.moderation(), store.sessionTokens(),
                    afterCommit, System::currentTimeMillis, c == null ? null : c.order());
            if (c != null) {
                c.attach(hub);
            }
        } catch (RuntimeException e) {
            if (c != null) {
                c.close();
            }
            store.close();
            throw e;
        }
        this.cluster = c;
        this.group = config.transport().newGroup(Transport.loops(config.threads()), new DefaultThreadFactory("sori-io", true));
        this.guards = new Guards(config.limits());
    }

    /** Binds every listener; throws {@link sori.UserFacingException} when a port cannot be had. */
    public ChatServer start() {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(config.transport().serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // A plain-text client that ends its input (a pipe into nc) still gets every reply,
                // then its goodbye: end of input counts as /quit, not as a dropped connection.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                // One read-size guesser for every connection, as configured per channel by default (16 reads a
                // turn, the socket default): each channel otherwise gets its own copy of it, 32 B it never changes.
                .childOption(ChannelOption.RECVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator().maxMessagesPerRead(16))
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark((int) (config.outboundLimit() / 2), (int) config.outboundLimit()))
                .childHandler(new LineInitializer(hub, config.idleFlushMillis(), config.outboundLimit(), guards, tls));
        // Dead peers are found by the kernel's keepalive probes, silently.
        KeepAlive.apply(b, config.transport());
        b.childHandler(Listeners.tracking(clients, b.config().childHandler()));
        try {
            chatListener = Listeners.bind(b, config.host(), config.port(), "chat");
            if (config.web().enabled()) {
                // Same loops, same Hub; the web initializer tracks upgraded sockets in the same group.
                this.web = new WebInitializer(hub, config.web(), config.outboundLimit(), clients, guards, tls);
                ServerBootstrap web = b.clone().childOption(ChannelOption.ALLOW_HALF_CLOSURE, false).childHandler(this.web);
                try {
                    webListener = Listeners.bind(web, config.host(), config.web().port(), "web");
                } catch (UserFacingException e) {
                    // Port 8080 is often taken; say how to move or skip the web rather than only that it failed.
                    throw new UserFacingException(e.getMessage() + " (--web-port N moves it, --web-port 0 turns it off)",
                            e.getCause());
                }
            }
            if (config.irc().enabled()) {
                // Same loops, same Hub: IRC clients talk with everyone on the other ports.
                ServerBootstrap irc = b.clone().childOption(ChannelOption.ALLOW_HALF_CLOSURE, false)
                        .childHandler(Listeners.tracking(clients,
                                new IrcInitializer(hub, config.irc(), config.outboundLimit(), guards, tls)));
                try {
                    ircListener = Listeners.bind(irc, config.host(), config.irc().port(), "irc");
                } catch (UserFacingException e) {
                    throw new UserFacingException(e.getMessage() + " (--irc-port N moves it, --irc-port 0 turns it off)",
                            e.getCause());
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        started = true;
        return this;
    }

    public Hub hub() {
        return hub;
    }

    /** How often each limit tripped (flood, connections, name deadline, dead peers). */
    public LimitCounters limitCounters() {
        return guards.counters();
    }

    /** Open connections as the connection limiter counts them. */
    public int openConnections() {
        return guards.connections().open();
    }

    public InetSocketAddress chatAddress() {
        return (InetSocketAddress) chatListener.localAddress();
    }

    /** Where the web page and WebSocket listen, or null when the web is off. */
    public InetSocketAddress webAddress() {
        return webListener == null ? null : (InetSocketAddress) webListener.localAddress();
    }

    /** Where IRC listens, or null when IRC is off. */
    public InetSocketAddress ircAddress() {
        return ircListener == null ? null : (InetSocketAddress) ircListener.localAddress();
    }

    /** The certificate every listener uses (reload it on SIGHUP), or null when TLS is off. */
    public TlsContexts tls() {
        return tls;
    }

    /** Where rooms and history are kept. */
    public Store store() {
        return store;
    }

    public ServerConfig config() {
        return config;
    }

    /** In cluster mode, this node's id ({@code NAME@START}); null for one process. */
    public String clusterNode() {
        return cluster == null ? null : cluster.nodeId();
    }

    /** In cluster mode, the Redis this node orders rooms through; null for one process. */
    public sori.cluster.RedisUrl clusterRedis() {
        return cluster == null ? null : cluster.redisUrl();
    }

    /** New limits from now on (SIGHUP): new connections get them; open ones keep theirs. */
    public void updateLimits(Limits limits) {
        guards.update(limits);
    }

    /** Other origins whose pages may open the WebSocket, from now on (SIGHUP); nothing when the web is off. */
    public void updateAllowedOrigins(List<String> origins) {
        if (web != null) {
            web.allowedOrigins(origins);
        }
    }

    /** {@link #drain} with the default time. Safe to call twice. */
    @Override
    public void close() {
        drain(DRAIN);
    }

    /**
     * Stops accepting, tells every client the server is restarting (a WebSocket gets close 1012), waits
     * for the goodbyes to leave, then closes what is left and the loops, all within {@code timeout}.
     * Safe to call twice.
     */
    public void drain(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        // The last part of the budget is for closing the stragglers and the loops.
        long reserve = Math.min(1000, timeout.toMillis() / 4);
        if (chatListener != null) {
            chatListener.close().syncUninterruptibly();
        }
        if (webListener != null) {
            webListener.close().syncUninterruptibly();
        }
        if (ircListener != null) {
            ircListener.close().syncUninterruptibly();
        }
        hub.shutdown();
        // Goodbyes close their connections once written; give slow readers a moment, then close the rest.
        clients.newCloseFuture().awaitUninterruptibly(Math.max(0, millisLeft(deadline) - reserve));
        clients.close().awaitUninterruptibly(Math.max(1, millisLeft(deadline) - reserve / 2));
        group.shutdownGracefully(0, Math.max(1, millisLeft(deadline)), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(Math.max(1, millisLeft(deadline)));
        // Then the cluster: the users' leaves went to Redis as their connections closed; its lease goes after them,
        // so the other nodes reap at once whatever this one still held, and the connection closes last.
        if (cluster != null) {
            cluster.close();
        }
        // Last: every event and moderation change accepted before the goodbye is written before the process exits.
        hub.close();
        store.close();
        if (started) {
            log.info("stopped"); // a server that never started says nothing: its one error line is enough
        }
    }

    private static long millisLeft(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }
}
