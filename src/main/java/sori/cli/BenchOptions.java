package sori.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import sori.bench.BenchConfig;
import sori.bench.Durations;
import sori.bench.Proto;
import sori.irc.IrcConfig;
import sori.web.WebConfig;

/** Options every {@code sori bench} scenario takes; turned into a {@link BenchConfig}. */
public final class BenchOptions {

    @Option(names = "--host", paramLabel = "HOST", defaultValue = BenchConfig.DEFAULT_HOST,
            description = "Server host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Server port: the chat port for line, the web port for ws, the IRC port for irc (default: "
                    + "9999, 8080 with --proto ws, 6667 with --proto irc). fanout also takes a list, A,B,C: the "
                    + "nodes of a cluster, its clients spread over them in turn.")
    String port;

    @Option(names = "--proto", defaultValue = "line", paramLabel = "line|ws|irc",
            description = "Protocol: line, plain text on the chat port; ws, WebSocket JSON at "
                    + "ws://HOST:PORT/ws on the web port; or irc, IRC in channel #lobby on an IRC port (any IRC "
                    + "server). ws and irc: fanout and idle only (default: ${DEFAULT-VALUE}).")
    String proto;

    @Option(names = "--tls",
            description = "Connect with TLS (wss:// with --proto ws). Certificates are not verified: this is a "
                    + "load generator.")
    boolean tls;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
            description = "Measured time, e.g. 500ms, 10s, 1m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "2s", converter = DurationConverter.class,
            description = "Time before measuring starts (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--json", description = "Print the result as one JSON line on stdout.")
    boolean json;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write a self-contained HTML report.")
    Path report;

    @Option(names = "--threads", paramLabel = "N", description = "Event loop threads (default: cores, here ${DEFAULT-VALUE}).")
    int threads = BenchConfig.DEFAULT_THREADS;

    @Option(names = "--transport", defaultValue = "auto", paramLabel = "auto|epoll|io_uring|nio",
            description = "I/O transport (default: ${DEFAULT-VALUE}: io_uring where it loads, else epoll, else nio).")
    String transport;

    @Option(names = {"-q", "--quiet"}, description = "No progress line on stderr.")
    boolean quiet;

    @Option(names = "--connect-concurrency", paramLabel = "N", defaultValue = "200",
            description = "Connections being opened and registered at once (default: ${DEFAULT-VALUE}).")
    int connectConcurrency;

    @Option(names = "--connect-rate", paramLabel = "N", defaultValue = "0",
            description = "New connections per second, 0 = only bounded by --connect-concurrency "
                    + "(default: ${DEFAULT-VALUE}).")
    int connectRate;

    @Option(names = "--connect-timeout", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
            description = "Time for one connection to connect and be welcomed (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    /**
     * Exit code 2 with a one-line reason when a flag asks for something this scenario cannot do; else null.
     * {@code wsScenario} says whether the scenario speaks WebSocket and IRC too (echo does not: sori echo has no
     * web port).
     */
    Integer unsupported(CommandLine cl, boolean wsScenario) {
        Proto p = proto(cl);
        if (p != Proto.LINE && !wsScenario) {
            String why = cl.getCommandName().equals("echo")
                    ? p == Proto.WS ? " (sori echo has no WebSocket port)" : " (sori echo has no IRC port)" : "";
            cl.getErr().println("sori bench " + cl.getCommandName() + ": --proto " + p + " is not supported: this "
                    + "scenario speaks plain lines only" + why + "; use --proto line");
            return 2;
        }
        return null;
    }

    private Proto proto(CommandLine cl) {
        try {
            return Proto.of(proto);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    /** The ports {@code --port} names (the protocol's default when not given); throws on a bad list. */
    List<Integer> ports() {
        if (port != null) {
            return BenchConfig.parsePorts(port);
        }
        return List.of(switch (Proto.of(proto)) {
            case WS -> WebConfig.PORT;
            case IRC -> IrcConfig.PORT;
            case LINE -> BenchConfig.DEFAULT_PORT;
        });
    }

    /** The options for a scenario that talks to one port: a list of them is refused. */
    BenchConfig toConfig(boolean progress) {
        List<Integer> ports = ports();
        if (ports.size() > 1) {
            throw new IllegalArgumentException("--port takes one port here; only sori bench fanout spreads its "
                    + "clients over a list");
        }
        return toConfig(progress, ports.getFirst());
    }

    /** The options aimed at {@code port}, the first of {@link #ports} for fanout. */
    BenchConfig toConfig(boolean progress, int port) {
        return new BenchConfig(host, port, duration, warmup, threads, transport, json, report, progress && !quiet,
                connectConcurrency, connectRate, connectTimeout, tls, Proto.of(proto));
    }

    /** Reads durations as {@link Durations} does: 500ms, 10s, 1m. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
