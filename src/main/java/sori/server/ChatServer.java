package sori.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sori.chat.Hub;
import sori.line.LineInitializer;
import sori.net.Listeners;
import sori.net.TlsContexts;
import sori.store.RingHistory;

/**
 * The composition root of {@code sori server}: one event-loop group, one Hub, and the listeners on
 * it. Owns everything it starts and stops it in order: goodbyes first, then listeners, then loops.
 */
public final class ChatServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatServer.class);
    /** How long shutdown waits for goodbyes to reach clients before closing what is left. */
    private static final long GOODBYE_MILLIS = 2000;

    private final ServerConfig config;
    private final Hub hub;
    private final TlsContexts tls;
    private final EventLoopGroup group;
    private final ChannelGroup clients = new DefaultChannelGroup("sori-clients", GlobalEventExecutor.INSTANCE);
    private Channel chatListener;
    private volatile boolean closed;

    /** @throws sori.UserFacingException when TLS is on and its files cannot be used */
    public ChatServer(ServerConfig config) {
        this.config = config;
        // Before the event loops: a bad certificate file must not leave threads behind.
        this.tls = config.tls().enabled() ? TlsContexts.load(config.tls()) : null;
        this.hub = new Hub(config.chat(), RingHistory.factory(config.chat().historySize()), System::currentTimeMillis);
        this.group = config.transport().newGroup(config.threads(), new DefaultThreadFactory("sori-io", true));
    }

    /** Binds every listener; throws {@link sori.UserFacingException} when a port cannot be had. */
    public ChatServer start() {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(config.transport().serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark((int) (config.outboundLimit() / 2), (int) config.outboundLimit()))
                .childHandler(new LineInitializer(hub, config.idleFlushMillis(), config.outboundLimit(), tls));
        b.childHandler(Listeners.tracking(clients, b.config().childHandler()));
        chatListener = Listeners.bind(b, config.host(), config.port(), "chat");
        return this;
    }

    public Hub hub() {
        return hub;
    }

    public InetSocketAddress chatAddress() {
        return (InetSocketAddress) chatListener.localAddress();
    }

    /** The certificate every listener uses (reload it on SIGHUP), or null when TLS is off. */
    public TlsContexts tls() {
        return tls;
    }

    public ServerConfig config() {
        return config;
    }

    /**
     * Says goodbye to every client, waits briefly for the words to leave, then closes listeners and
     * loops. Safe to call twice.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (chatListener != null) {
            chatListener.close().syncUninterruptibly();
        }
        hub.shutdown();
        // Goodbyes close their connections once written; give slow readers a moment, then close the rest.
        clients.newCloseFuture().awaitUninterruptibly(GOODBYE_MILLIS);
        clients.close().awaitUninterruptibly(1000);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3000);
        log.info("stopped");
    }
}
