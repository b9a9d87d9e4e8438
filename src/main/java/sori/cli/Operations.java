package sori.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import sori.Main;
import sori.config.ConfigDefaults;
import sori.config.ConfigException;
import sori.metrics.MetricsServer;
import sori.metrics.ServerMetrics;
import sori.net.Listeners;
import sori.server.ChatServer;

/**
 * What runs beside a {@link ChatServer} when it runs as a service: the metrics port, and the SIGHUP
 * reload of the settings that can change live.
 */
final class Operations implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Operations.class);

    /**
     * Keys SIGHUP applies to a running server: the limits and allowed origins, for connections from then on. The TLS files
     * are read again too (by {@link TlsMixin}), from the same paths. Every other key needs a restart.
     */
    static final Set<String> LIVE = Set.of("flood-burst", "flood-rate", "max-clients", "max-per-address",
            "limit-loopback", "register-timeout", "allowed-origin");

    private final ServerMetrics metrics;
    private final MetricsServer http;

    private Operations(ServerMetrics metrics, MetricsServer http) {
        this.metrics = metrics;
        this.http = http;
    }

    static Operations start(CommandSpec spec, OpsOptions ops, ChatServer server) {
        int port = ops.metricsPort(spec, server.config().port());
        ServerMetrics metrics = null;
        MetricsServer http = null;
        if (port >= 0) {
            metrics = new ServerMetrics(server.hub(), server.limitCounters(), server.tls());
            try {
                http = MetricsServer.start(metrics, ops.metricsHost, port, server.hub()::notReady);
            } catch (RuntimeException e) {
                metrics.close();
                throw e;
            }
        }
        Signals.onHangup(() -> reload(spec, server));
        return new Operations(metrics, http);
    }

    /** The start-up line about metrics, if they are on. */
    void announce(PrintWriter out) {
        if (http != null) {
            out.println("metrics on http://" + Listeners.show(http.address()) + "/metrics");
        }
        out.flush();
    }

    /**
     * Reads the flags, environment and config file again, as at start, applies the keys in {@link #LIVE}
     * that changed, and names every other changed key as needing a restart. A file that no longer reads
     * changes nothing.
     */
    static void reload(CommandSpec running, ChatServer server) {
        List<String> args = new ArrayList<>(running.commandLine().getParseResult().originalArgs());
        if (args.isEmpty() || !args.get(0).equals(running.name())) {
            args.add(0, running.name());
        }
        CommandSpec fresh;
        try {
            fresh = ConfigDefaults.parse(new CommandLine(new Main()), args.toArray(String[]::new), System.getenv());
        } catch (ConfigException | CommandLine.ParameterException e) {
            log.warn("SIGHUP: configuration not reloaded, nothing changed: {}", e.getMessage());
            return;
        }
        List<String> applied = new ArrayList<>();
        List<String> restart = new ArrayList<>();
        for (OptionSpec now : running.options()) {
            OptionSpec next = fresh.findOption(now.longestName());
            if (next == null || now.longestName().equals("--print-config") || now.longestName().equals("--config")
                    || Objects.equals(now.getValue(), next.getValue())) {
                continue;
            }
            String key = now.longestName().substring(2);
            if (LIVE.contains(key)) {
                applied.add(key + " " + now.getValue() + " -> " + next.getValue());
                now.setValue(next.getValue());
            } else {
                restart.add(key);
            }
        }
        if (!applied.isEmpty()) {
            ServerCommand now = (ServerCommand) running.userObject();
            server.updateLimits(now.limits());
            server.updateAllowedOrigins(now.allowedOrigins);
            log.info("SIGHUP: applied {}", String.join(", ", applied));
        }
        if (!restart.isEmpty()) {
            log.warn("SIGHUP: changed but only read at start, so they need a restart: {}", String.join(", ", restart));
        }
        if (applied.isEmpty() && restart.isEmpty()) {
            log.info("SIGHUP: configuration unchanged");
        }
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
