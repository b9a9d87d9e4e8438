package sori.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sori.Main;
import sori.chat.ChatConfig;
import sori.chat.Texts;
import sori.cluster.RedisUrl;
import sori.config.ConfigDefaults;
import sori.irc.IrcConfig;
import sori.net.Limits;
import sori.net.Listeners;
import sori.net.Transport;
import sori.server.ChatServer;
import sori.server.ClusterOptions;
import sori.server.ServerConfig;
import sori.web.WebConfig;

/** {@code sori server}: turns flags into a {@link ServerConfig} and runs a {@link ChatServer} until a signal. */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the chat: reach it with nc or telnet on --port, a browser on --web-port, or an IRC "
                + "client on --irc-port.", ""},
        footer = {"", "Example:", "  sori server                 then, in other terminals: nc localhost 9999",
            "                              or open http://localhost:8080 in a browser",
            "  sori server --lang ko       the seed's Korean texts",
            "  sori server --tls self-signed   TLS beside plain text on every port; then",
            "    sori client --tls --ca sori-data/cert.pem localhost",
            "  sori server --cluster redis://db:6379 --store postgresql://sori@db/sori",
            "                              one node of many; start each node alike"})
public final class ServerCommand implements Callable<Integer> {

    /** {@code --node-lease}'s default, as {@link ClusterOptions#LEASE} says it. */
    static final String NODE_LEASE = "10s";

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to listen on (default: all, IPv4 and IPv6).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + ServerConfig.PORT,
            description = "Plain-text chat port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--lang", paramLabel = "en|ko", defaultValue = "en",
            description = "Language users are spoken to in (default: ${DEFAULT-VALUE}).")
    String lang;

    @Option(names = "--max-line", paramLabel = "BYTES", defaultValue = "" + ChatConfig.MAX_LINE_BYTES,
            description = "Longest line accepted; longer ones are dropped with an error (default: ${DEFAULT-VALUE}).")
    int maxLine;

    @Option(names = "--idle-flush-ms", paramLabel = "MS", defaultValue = "" + ServerConfig.IDLE_FLUSH_MILLIS,
            description = "A partial line followed by this much silence counts as a line; 0 never "
                    + "(default: ${DEFAULT-VALUE}).")
    long idleFlushMillis;

    @Option(names = "--history", paramLabel = "N", defaultValue = "" + ChatConfig.HISTORY_SIZE,
            description = "Events each room keeps in memory (default: ${DEFAULT-VALUE}).")
    int history;

    @Option(names = "--replay", paramLabel = "N", defaultValue = "" + ChatConfig.REPLAY_ON_JOIN,
            description = "Events replayed to someone joining a room (default: ${DEFAULT-VALUE}).")
    int replay;

    @Option(names = "--announce-max", paramLabel = "N", defaultValue = "" + ChatConfig.ANNOUNCE_MAX,
            description = "Rooms with more members than this stop announcing joins and leaves; 0 always "
                    + "announces (default: ${DEFAULT-VALUE}).")
    int announceMax;

    @Option(names = "--admin", paramLabel = "NAME",
            description = "An account that administers the server: an operator in every room, with /kill and "
                    + "/sban (repeatable; a guest with that name is not one).")
    List<String> admins = new ArrayList<>();

    @Option(names = "--outbound-limit", paramLabel = "BYTES", defaultValue = "" + ServerConfig.OUTBOUND_LIMIT,
            description = "Unsent output a client may have before it is disconnected as too slow "
                    + "(default: ${DEFAULT-VALUE}).")
    long outboundLimit;

    @Option(names = "--transport", paramLabel = "NAME", defaultValue = "auto",
            description = "auto, epoll, io_uring or nio (default: ${DEFAULT-VALUE}: io_uring where it loads, else epoll).")
    String transport;

    @Option(names = "--web-port", paramLabel = "PORT", defaultValue = "" + WebConfig.PORT,
            description = "Web page and WebSocket port (default: ${DEFAULT-VALUE}; 0 turns the web off).")
    int webPort;

    @Option(names = "--allowed-origin", paramLabel = "ORIGIN",
            description = "Another origin whose pages may open the WebSocket, like https://chat.example.org "
                    + "(repeatable; the page's own origin is always allowed).")
    List<String> allowedOrigins = new ArrayList<>();

    @Option(names = "--web-compression",
            description = "Offer permessage-deflate on the WebSocket (default: off), bounded by --web-max-frame.")
    boolean webCompression;

    @Option(names = "--web-max-frame", paramLabel = "BYTES", defaultValue = "" + WebConfig.MAX_FRAME_BYTES,
            description = "Largest WebSocket frame or message a client may send; past it the socket closes "
                    + "with 1009 (default: ${DEFAULT-VALUE}).")
    int webMaxFrame;

    @Option(names = "--web-handshake-ms", paramLabel = "MS", defaultValue = "" + WebConfig.HANDSHAKE_MILLIS,
            description = "Time a web connection has to send a complete request or upgrade "
                    + "(default: ${DEFAULT-VALUE}).")
    long webHandshakeMillis;

    @Option(names = "--irc-port", paramLabel = "PORT", defaultValue = "" + IrcConfig.PORT,
            description = "IRC port, for irssi, WeeChat and every IRC client (default: ${DEFAULT-VALUE}; 0 turns "
                    + "IRC off).")
    int ircPort;

    @Option(names = "--server-name", paramLabel = "NAME",
            description = "The server's name in IRC messages (default: this machine's host name).")
    String serverName;

    @Option(names = "--network", paramLabel = "NAME", defaultValue = IrcConfig.NETWORK,
            description = "The IRC network's name, shown by clients (default: ${DEFAULT-VALUE}).")
    String network;

    @Option(names = "--session-days", paramLabel = "DAYS", defaultValue = "" + WebConfig.SESSION_DAYS,
            description = "How long a sign-in on the web page lasts (its cookie), so a reload needs no password "
                    + "(default: ${DEFAULT-VALUE}).")
    int sessionDays;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Event loop threads; 0 means one for every two cores, at least one (default: ${DEFAULT-VALUE}).")
    int threads;

    // ---- limits: what one client may cost the others (0 turns each off) ----

    @Option(names = "--flood-burst", paramLabel = "LINES", defaultValue = "" + Limits.FLOOD_BURST,
            description = "Lines a client may send at once before flood control paces it; 0 turns flood "
                    + "control off (default: ${DEFAULT-VALUE}).")
    int floodBurst;

    @Option(names = "--flood-rate", paramLabel = "LINES", defaultValue = "" + Limits.FLOOD_RATE,
            description = "Lines a second after the burst; faster ones wait, and a client with more than "
                    + Limits.FLOOD_BACKLOG + " bytes waiting is disconnected (excess flood); 0 turns flood "
                    + "control off (default: ${DEFAULT-VALUE}).")
    int floodRate;

    @Option(names = "--max-clients", paramLabel = "N", defaultValue = "" + Limits.MAX_CLIENTS,
            description = "Connections in all; past it a new one gets an error line and is closed; 0 no "
                    + "limit (default: ${DEFAULT-VALUE}).")
    int maxClients;

    @Option(names = "--max-per-address", paramLabel = "N", defaultValue = "" + Limits.MAX_PER_ADDRESS,
            description = "Connections from one address (an IPv6 /64); loopback is exempt unless "
                    + "--limit-loopback; 0 no limit (default: ${DEFAULT-VALUE}).")
    int maxPerAddress;

    @Option(names = "--limit-loopback",
            description = "Apply --max-per-address to loopback clients too (default: exempt, as Ergo exempts localhost).")
    boolean limitLoopback;

    @Option(names = "--register-timeout", paramLabel = "SECONDS", defaultValue = "" + Limits.REGISTER_SECONDS,
            description = "Close a connection that has not chosen a name after this long; 0 never "
                    + "(default: ${DEFAULT-VALUE}).")
    int registerTimeout;

    // ---- cluster mode: many nodes, one chat (docs/cluster.md) ----

    @Option(names = "--cluster", paramLabel = "URL",
            description = "Run as one node of a cluster that shares rooms and names through Redis: redis://HOST:PORT, "
                    + "or redis+cluster://H1:P1,H2:P2 for a Redis Cluster. Needs --store postgresql://... "
                    + "(default: off, one process).")
    String cluster;

    @Option(names = "--node-name", paramLabel = "NAME",
            description = "This node's name in the cluster, the same across its restarts; letters, digits and . _ : - "
                    + "(default: host name and --port, as HOST:PORT).")
    String nodeName;

    @Option(names = "--node-lease", paramLabel = "DURATION", defaultValue = NODE_LEASE,
            converter = BenchOptions.DurationConverter.class,
            description = "How long a node counts as alive after it last reached Redis: a killed node's users lose "
                    + "their names after this, and a node cut off this long refuses lines (default: ${DEFAULT-VALUE}).")
    Duration nodeLease;

    @Mixin
    TlsMixin tls;

    @Mixin
    StoreMixin store;

    @Mixin
    StoreMixin.Writing writing;

    @Mixin
    OpsOptions ops;

    /**
     * The start-up line, with a way in that works: nc and http:// while plain text is served, a TLS
     * client and https:// when {@code --tls-only} refuses plain text.
     */
    public static String banner(ChatServer server) {
        boolean tlsOnly = server.tls() != null && server.tls().options().tlsOnly();
        int chatPort = server.chatAddress().getPort();
        String ca = tlsOnly && server.tls().options().selfSigned() ? "--ca " + server.tls().certFile() + " " : "";
        String reach = tlsOnly ? "sori client --tls " + ca + "localhost:" + chatPort : "nc localhost " + chatPort;
        String web = server.webAddress() == null ? ""
                : ", web on " + (tlsOnly ? "https" : "http") + "://localhost:" + server.webAddress().getPort();
        String irc = server.ircAddress() == null ? "" : ", IRC on " + Listeners.show(server.ircAddress());
        String cluster = server.clusterNode() == null ? ""
                : ", cluster mode as node " + server.clusterNode() + " on " + server.clusterRedis();
        return String.format("sori %s — chat on %s (%s)%s%s, %s transport, history in %s%s", Main.version(),
                Listeners.show(server.chatAddress()), reach, web, irc, server.config().transport(),
                server.store().describe(), cluster);
    }

    /** The limit flags as {@link Limits}; SIGHUP builds them again from the reloaded config. */
    Limits limits() {
        return new Limits(floodBurst, floodRate, Limits.FLOOD_BACKLOG, maxClients, maxPerAddress, limitLoopback,
                registerTimeout);
    }

    @Override
    public Integer call() throws InterruptedException {
        Transport t = TransportChoice.of(spec, transport);
        ServerConfig config;
        try {
            ChatConfig chat = new ChatConfig(Texts.forLanguage(lang), ChatConfig.FIRST_ROOM, history, replay, maxLine,
                    announceMax, admins);
            WebConfig web = new WebConfig(webPort == 0 ? WebConfig.OFF : webPort, allowedOrigins, webCompression,
                    webMaxFrame, webHandshakeMillis, sessionDays);
            IrcConfig irc = new IrcConfig(ircPort == 0 ? IrcConfig.OFF : ircPort, serverName, network);
            if (cluster == null && nodeName != null) {
                throw new IllegalArgumentException("--node-name is for cluster mode: give --cluster too");
            }
            // A bad address is one line (RedisUrl's), like a port that cannot be had.
            ClusterOptions clustered = cluster == null ? null
                    : new ClusterOptions(RedisUrl.parse(cluster), nodeName, nodeLease);
            config = new ServerConfig(host, port, chat, idleFlushMillis, outboundLimit, t, threads, web, limits(),
                    tls.options(), writing.apply(store.options(history)), irc, clustered);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ops.check(spec);
        if (ops.printConfig) {
            ConfigDefaults.print(spec, spec.commandLine().getOut());
            return 0;
        }
        LogFormat.use(ops.logFormat);
        CountDownLatch stop = Signals.onInterrupt();
        try (ChatServer server = new ChatServer(config).start(); Operations running = Operations.start(spec, ops, server)) {
            spec.commandLine().getOut().println(banner(server));
            running.announce(spec.commandLine().getOut());
            if (server.tls() != null) {
                TlsMixin.announce(spec.commandLine().getOut(), server.tls());
                TlsMixin.reloadOnHangup(server.tls());
            }
            stop.await();
            server.drain(ops.drainTimeout);
        }
        return 0;
    }
}
