package sori.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sori.bench.Bench;
import sori.bench.EchoConfig;

/** {@code sori bench echo}: round trips against an echo server. */
@Command(
        name = "echo",
        mixinStandardHelpOptions = true,
        header = "Round trips against an echo server, one line in flight per connection.",
        description = {
            "Opens --clients connections to an echo server (sori echo); each sends a --size-byte line with a "
                    + "timestamp and waits for it to come back before sending the next, flat out. Reports round "
                    + "trips per second and round-trip latency.",
            ""
        })
public final class BenchEchoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    BenchOptions common;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "100", description = "Connections (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "64",
            description = "Bytes per line including the newline (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--drain", paramLabel = "TIME", defaultValue = "5s", converter = BenchOptions.DurationConverter.class,
            description = "After sending stops, wait for the last echoes until none arrived for this long (at most 1m; "
                    + "default: ${DEFAULT-VALUE}).")
    Duration drain;

    @Override
    public Integer call() {
        Integer no = common.unsupported(spec.commandLine(), false);
        if (no != null) {
            return no;
        }
        EchoConfig cfg;
        try {
            cfg = new EchoConfig(common.toConfig(true), clients, size, drain);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return Bench.echo(cfg, System.out);
    }
}
