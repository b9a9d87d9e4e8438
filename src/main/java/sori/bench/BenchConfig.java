package sori.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Options every scenario shares. Defaults are the named constants below; the CLI shows them in --help.
 *
 * @param host server host
 * @param port server port
 * @param duration how long the measured phase lasts
 * @param warmup how long to run before measuring (messages stamped before it end are not counted)
 * @param threads event loop threads
 * @param transport {@code auto}, {@code epoll}, {@code io_uring} or {@code nio}
 * @param json print one JSON line on stdout instead of the text report
 * @param report where to write the HTML report, or null
 * @param progress print a progress line on stderr every second
 * @param connectConcurrency connection attempts (connect and register) in flight at once
 * @param connectRate new connections per second, 0 for no pacing beyond the concurrency bound
 * @param connectTimeout time allowed for one connection to connect and register
 * @param tls connect with TLS (certificates are not verified: this is a load generator, not a client)
 * @param proto the protocol: plain-text lines on the chat port, or WebSocket JSON on the web port
 */
public record BenchConfig(
        String host,
        int port,
        Duration duration,
        Duration warmup,
        int threads,
        String transport,
        boolean json,
        Path report,
        boolean progress,
        int connectConcurrency,
        int connectRate,
        Duration connectTimeout,
        boolean tls,
        Proto proto) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9999;
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
    public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(2);
    /** One event loop per core: the generator should be able to use the whole machine. */
    public static final int DEFAULT_THREADS = Runtime.getRuntime().availableProcessors();
    /** Bounds the server's accept backlog and the join storm; 200 keeps well under the usual somaxconn. */
    public static final int DEFAULT_CONNECT_CONCURRENCY = 200;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public BenchConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("--host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--port must be 1..65535, not " + port);
        }
        requirePositive("--duration", duration);
        if (warmup == null || warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup must not be negative");
        }
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("--threads must be 1..1024, not " + threads);
        }
        transport = transport == null ? "auto" : transport.toLowerCase(Locale.ROOT).replace('-', '_');
        if (!java.util.Set.of("auto", "epoll", "io_uring", "iouring", "uring", "nio").contains(transport)) {
            throw new IllegalArgumentException(
                    "--transport must be auto, epoll, io_uring or nio, not '" + transport + "'");
        }
        if (connectConcurrency < 1) {
            throw new IllegalArgumentException("--connect-concurrency must be at least 1");
        }
        if (connectRate < 0) {
            throw new IllegalArgumentException("--connect-rate must not be negative");
        }
        requirePositive("--connect-timeout", connectTimeout);
        proto = proto == null ? Proto.LINE : proto;
    }

    /** The defaults, aimed at {@code host:port}; handy for tests and for child processes. */
    public static BenchConfig defaults(String host, int port) {
        return new BenchConfig(host, port, DEFAULT_DURATION, DEFAULT_WARMUP, DEFAULT_THREADS, "auto", false, null,
                false, DEFAULT_CONNECT_CONCURRENCY, 0, DEFAULT_CONNECT_TIMEOUT, false, Proto.LINE);
    }

    public BenchConfig withTimes(Duration newDuration, Duration newWarmup) {
        return new BenchConfig(host, port, newDuration, newWarmup, threads, transport, json, report, progress,
                connectConcurrency, connectRate, connectTimeout, tls, proto);
    }

    public BenchConfig withThreads(int newThreads) {
        return new BenchConfig(host, port, duration, warmup, newThreads, transport, json, report, progress,
                connectConcurrency, connectRate, connectTimeout, tls, proto);
    }

    public BenchConfig withOutput(boolean newJson, Path newReport, boolean newProgress) {
        return new BenchConfig(host, port, duration, warmup, threads, transport, newJson, newReport, newProgress,
                connectConcurrency, connectRate, connectTimeout, tls, proto);
    }

    public BenchConfig withTls(boolean newTls) {
        return new BenchConfig(host, port, duration, warmup, threads, transport, json, report, progress,
                connectConcurrency, connectRate, connectTimeout, newTls, proto);
    }

    public BenchConfig withProto(Proto newProto) {
        return new BenchConfig(host, port, duration, warmup, threads, transport, json, report, progress,
                connectConcurrency, connectRate, connectTimeout, tls, newProto);
    }

    /**
     * The ports a {@code --port} value names: one port, or several separated by commas ({@code fanout} spreads
     * its clients over them). Throws with a line for the user when it is neither, or names a port twice.
     */
    public static List<Integer> parsePorts(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("--port needs a port, or a list of them: PORT,PORT,...");
        }
        List<Integer> ports = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            if (p.isEmpty()) {
                throw new IllegalArgumentException("--port '" + text + "' has an empty entry: a list is PORT,PORT,...");
            }
            int port;
            try {
                port = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--port takes port numbers, or a list of them (PORT,PORT,...), not '"
                        + p + "'");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--port must be 1..65535, not " + port);
            }
            if (ports.contains(port)) {
                throw new IllegalArgumentException("--port lists " + port + " twice");
            }
            ports.add(port);
        }
        return List.copyOf(ports);
    }

    static void requirePositive(String flag, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(flag + " must be more than zero");
        }
    }
}
