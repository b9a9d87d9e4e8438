package sori.cli;

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
import sori.net.Listeners;
import sori.net.Transport;
import sori.server.ChatServer;
import sori.server.ServerConfig;

/** {@code sori server}: turns flags into a {@link ServerConfig} and runs a {@link ChatServer} until a signal. */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the chat: reach it with nc or telnet on --port.", ""},
        footer = {"", "Example:", "  sori server                 then, in other terminals: nc localhost 9999",
            "  sori server --lang ko       the seed's Korean texts",
            "  sori server --tls self-signed   TLS beside plain text on every port; then",
            "    sori client --tls --ca sori-data/cert.pem localhost"})
public final class ServerCommand implements Callable<Integer> {

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

    @Option(names = "--outbound-limit", paramLabel = "BYTES", defaultValue = "" + ServerConfig.OUTBOUND_LIMIT,
            description = "Unsent output a client may have before it is disconnected as too slow "
                    + "(default: ${DEFAULT-VALUE}).")
    long outboundLimit;

    @Option(names = "--transport", paramLabel = "NAME", defaultValue = "auto",
            description = "auto, epoll, io_uring or nio (default: ${DEFAULT-VALUE}: epoll where it loads).")
    String transport;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Event loop threads; 0 means one per core (default: ${DEFAULT-VALUE}).")
    int threads;

    @Mixin
    TlsMixin tls;

    @Override
    public Integer call() throws InterruptedException {
        Transport t = TransportChoice.of(spec, transport);
        ServerConfig config;
        try {
            ChatConfig chat = new ChatConfig(Texts.forLanguage(lang), ChatConfig.FIRST_ROOM, history, replay, maxLine);
            config = new ServerConfig(host, port, chat, idleFlushMillis, outboundLimit, t,
                    threads, tls.options());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        CountDownLatch stop = Signals.onInterrupt();
        try (ChatServer server = new ChatServer(config).start()) {
            int chatPort = server.chatAddress().getPort();
            spec.commandLine().getOut().printf("sori %s — chat on %s (nc localhost %d), %s transport%n",
                    Main.version(), Listeners.show(server.chatAddress()), chatPort, config.transport());
            spec.commandLine().getOut().flush();
            if (server.tls() != null) {
                TlsMixin.announce(spec.commandLine().getOut(), server.tls());
                TlsMixin.reloadOnHangup(server.tls());
            }
            stop.await();
        }
        return 0;
    }
}
