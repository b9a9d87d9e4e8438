package sori.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import sori.config.ConfigDefaults;
import sori.metrics.MetricsServer;

/** The flags of {@code sori server} that run it as a service: config file, metrics, log format, drain. */
public final class OpsOptions {

    /** How long SIGTERM waits for goodbyes to leave before closing what is left and exiting. */
    static final String DRAIN = "5s";

    @Option(names = "--config", paramLabel = "FILE",
            description = "TOML file of settings whose keys are the long flag names (port = 9999, web-port = 8080). "
                    + "Any flag may also come from the environment as SORI_ and its name (SORI_WEB_PORT=8081). "
                    + "Precedence: flag, environment, file, default. Also read from SORI_CONFIG.")
    Path config;

    @Option(names = "--print-config",
            description = "Print the effective configuration, with where each value came from, and exit.")
    boolean printConfig;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "" + MetricsServer.PORT,
            description = "Port of /metrics (Prometheus), /healthz and /readyz; 0 turns it off "
                    + "(default: ${DEFAULT-VALUE}; with --port 0, a free port).")
    int metricsPort;

    @Option(names = "--metrics-host", paramLabel = "ADDR", defaultValue = MetricsServer.HOST,
            description = "Address the metrics port listens on (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = LogFormat.TEXT,
            description = "Log lines as text, or as one JSON object per line (default: ${DEFAULT-VALUE}).")
    String logFormat;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = DRAIN,
            converter = BenchOptions.DurationConverter.class,
            description = "On SIGTERM, how long goodbyes may take before the server exits anyway "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    /** Checks the values picocli cannot; a wrong one is a usage error (exit 2). */
    void check(CommandSpec spec) {
        if (!LogFormat.TEXT.equals(logFormat) && !LogFormat.JSON.equals(logFormat)) {
            throw new ParameterException(spec.commandLine(), "--log-format takes text or json, not '" + logFormat + "'");
        }
        if (metricsPort < 0 || metricsPort > 65535) {
            throw new ParameterException(spec.commandLine(), "--metrics-port must be 0-65535, not " + metricsPort);
        }
        if (drainTimeout.isNegative() || drainTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new ParameterException(spec.commandLine(), "--drain-timeout must be 0 to 10m, not " + drainTimeout);
        }
    }

    /**
     * The metrics port to bind, or -1 for none. A test's server ({@code --port 0}) that did not choose a
     * metrics port gets a free one, as it gets a free web port, so servers side by side do not collide.
     */
    int metricsPort(CommandSpec spec, int chatPort) {
        if (metricsPort == 0) {
            return -1;
        }
        return chatPort == 0 && ConfigDefaults.isDefault(spec, "metrics-port") ? 0 : metricsPort;
    }
}
