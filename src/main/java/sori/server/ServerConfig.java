package sori.server;

import sori.chat.ChatConfig;
import sori.irc.IrcConfig;
import sori.net.Limits;
import sori.net.TlsOptions;
import sori.net.Transport;
import sori.store.StoreOptions;
import sori.web.WebConfig;

/**
 * Everything {@code sori server} is started with, validated once. Defaults are the constants below.
 *
 * @param host            address to listen on; null means every interface, IPv4 and IPv6
 * @param port            plain-text chat port; 0 picks a free one
 * @param chat            the Hub's settings (language, rooms, history, line limit)
 * @param idleFlushMillis pause after which a partial line counts as a line; 0 never
 * @param outboundLimit   bytes a session may have waiting before it is cut off as a slow reader
 * @param transport       epoll, io_uring or NIO
 * @param threads         event loop threads; 0 means {@link Transport#defaultLoops()}
 * @param web             the web page and WebSocket listener (port 8080 by default)
 * @param limits          what one client may cost the others: flood control, connections, name deadline
 * @param tls             TLS on every listener, or {@link TlsOptions#off()}
 * @param store           where rooms and history are kept, and how durably
 * @param irc             the IRC listener (port 6667 by default), its server and network names
 * @param cluster         cluster mode ({@code --cluster}): the Redis, node name and lease; null for one process
 */
public record ServerConfig(String host, int port, ChatConfig chat, long idleFlushMillis, long outboundLimit,
        Transport transport, int threads, WebConfig web, Limits limits, TlsOptions tls, StoreOptions store,
        IrcConfig irc, ClusterOptions cluster) {

    /** The seed's port. */
    public static final int PORT = 9999;
    /** A bare message followed by this much silence counts as a line (the seed's clients send no newline). */
    public static final long IDLE_FLUSH_MILLIS = 100;
    /** Per-session output queue, like Redis's client-output-buffer-limit for pub/sub clients. */
    public static final long OUTBOUND_LIMIT = 1024 * 1024;

    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, not " + port);
        }
        if (chat == null || transport == null || limits == null) {
            throw new IllegalArgumentException("chat settings, transport and limits must be given");
        }
        if (idleFlushMillis < 0 || idleFlushMillis > 60_000) {
            throw new IllegalArgumentException("idle flush must be 0-60000 ms, not " + idleFlushMillis);
        }
        if (outboundLimit < 4096) {
            throw new IllegalArgumentException("outbound limit must be at least 4096 bytes, not " + outboundLimit);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 or more, not " + threads);
        }
        if (web == null) {
            throw new IllegalArgumentException("web settings must be given");
        }
        if (tls == null) {
            throw new IllegalArgumentException("TLS options must be given (TlsOptions.off() for none)");
        }
        if (irc == null) {
            throw new IllegalArgumentException("IRC settings must be given");
        }
        if (store == null) {
            throw new IllegalArgumentException("store options must be given (StoreOptions.memory(n) for none)");
        }
    }

    /** One process, not a cluster node. */
    public ServerConfig(String host, int port, ChatConfig chat, long idleFlushMillis, long outboundLimit,
            Transport transport, int threads, WebConfig web, Limits limits, TlsOptions tls, StoreOptions store,
            IrcConfig irc) {
        this(host, port, chat, idleFlushMillis, outboundLimit, transport, threads, web, limits, tls, store, irc, null);
    }

    /**
     * Defaults everywhere, on {@code port}, with history in memory (the command line's default is SQLite);
     * port 0 (a test's) also picks free web and IRC ports instead of 8080 and 6667.
     */
    public static ServerConfig defaults(int port) {
        return new ServerConfig(null, port, ChatConfig.defaults(), IDLE_FLUSH_MILLIS, OUTBOUND_LIMIT,
                Transport.best(), 0, WebConfig.defaults(port == 0 ? 0 : WebConfig.PORT), Limits.defaults(),
                TlsOptions.off(), StoreOptions.memory(ChatConfig.HISTORY_SIZE),
                IrcConfig.defaults(port == 0 ? 0 : IrcConfig.PORT));
    }

    public ServerConfig withChat(ChatConfig c) {
        return new ServerConfig(host, port, c, idleFlushMillis, outboundLimit, transport, threads, web, limits, tls, store, irc, cluster);
    }

    public ServerConfig withOutboundLimit(long limit) {
        return new ServerConfig(host, port, chat, idleFlushMillis, limit, transport, threads, web, limits, tls, store, irc, cluster);
    }

    public ServerConfig withWeb(WebConfig w) {
        return new ServerConfig(host, port, chat, idleFlushMillis, outboundLimit, transport, threads, w, limits, tls, store, irc, cluster);
    }

    public ServerConfig withLimits(Limits l) {
        return new ServerConfig(host, port, chat, idleFlushMillis, outboundLimit, transport, threads, web, l, tls, store, irc, cluster);
    }

    public ServerConfig withStore(StoreOptions st) {
        return new ServerConfig(host, port, chat, idleFlushMillis, outboundLimit, transport, threads, web, limits, tls, st, irc, cluster);
    }

    public ServerConfig withIrc(IrcConfig i) {
        return new ServerConfig(host, port, chat, idleFlushMillis, outboundLimit, transport, threads, web, limits, tls, store, i, cluster);
    }

    public ServerConfig withTls(TlsOptions t) {
        return new ServerConfig(host, port, chat, idleFlushMillis, outboundLimit, transport, threads, web, limits, t, store, irc, cluster);
    }

    /** Cluster mode with {@code c}; null for one process. */
    public ServerConfig withCluster(ClusterOptions c) {
        return new ServerConfig(host, port, chat, idleFlushMillis, outboundLimit, transport, threads, web, limits, tls, store, irc, c);
    }
}
