package sori.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import sori.bench.BenchConfig;
import sori.bench.Durations;

/** Options every {@code sori bench} scenario takes; turned into a {@link BenchConfig}. */
public final class BenchOptions {

    @Option(names = "--host", defaultValue = BenchConfig.DEFAULT_HOST,
            description = "Server host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "9999", description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--proto", defaultValue = "line", paramLabel = "line|ws",
            description = "Protocol: line (plain text); ws is not supported yet (default: ${DEFAULT-VALUE}).")
    String proto;

    @Option(names = "--tls",
            description = "Connect with TLS. Certificates are not verified: this is a load generator.")
    boolean tls;

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "Measured time, e.g. 500ms, 10s, 1m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "2s", converter = DurationConverter.class,
            description = "Time before measuring starts (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--json", description = "Print the result as one JSON line on stdout.")
    boolean json;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write a self-contained HTML report.")
    Path report;

    @Option(names = "--threads", description = "Event loop threads (default: cores, here ${DEFAULT-VALUE}).")
    int threads = BenchConfig.DEFAULT_THREADS;

    @Option(names = "--transport", defaultValue = "auto", paramLabel = "auto|epoll|io_uring|nio",
            description = "I/O transport (default: ${DEFAULT-VALUE}: epoll where it loads, else nio).")
    String transport;

    @Option(names = {"-q", "--quiet"}, description = "No progress line on stderr.")
    boolean quiet;

    @Option(names = "--connect-concurrency", defaultValue = "200",
            description = "Connections being opened and registered at once (default: ${DEFAULT-VALUE}).")
    int connectConcurrency;

    @Option(names = "--connect-rate", defaultValue = "0",
            description = "New connections per second, 0 = only bounded by --connect-concurrency "
                    + "(default: ${DEFAULT-VALUE}).")
    int connectRate;

    @Option(names = "--connect-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "Time for one connection to connect and be welcomed (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    /** Exit code 2 with a one-line reason when a flag asks for something not built yet; else null. */
    Integer unsupported(CommandLine cl) {
        if (!proto.equals("line") && !proto.equals("ws")) {
            throw new CommandLine.ParameterException(cl, "--proto must be line or ws, not '" + proto + "'");
        }
        if (!proto.equals("ws")) {
            return null;
        }
        cl.getErr().println("sori bench: --proto ws is not supported yet (only plain-text lines, with or without "
                + "--tls)");
        return 2;
    }

    BenchConfig toConfig(boolean progress) {
        return new BenchConfig(host, port, duration, warmup, threads, transport, json, report, progress && !quiet,
                connectConcurrency, connectRate, connectTimeout, tls);
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
