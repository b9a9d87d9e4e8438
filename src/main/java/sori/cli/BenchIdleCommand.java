package sori.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sori.bench.Bench;
import sori.bench.IdleConfig;
import sori.bench.Marker;

/** {@code sori bench idle}: how many registered connections a server holds, and what they cost it. */
@Command(
        name = "idle",
        mixinStandardHelpOptions = true,
        header = "Hold many registered connections: how many stay up, server memory each.",
        description = {
            "Opens and registers --clients chat connections, holds them for --duration and reports how many "
                    + "stayed up. With --server-pid, reads the server's resident memory (VmRSS) before connecting "
                    + "and after all are registered, and reports bytes per connection.",
            "",
            "Past the ephemeral port range, connections come from 127.0.0.2, 127.0.0.3, ... (loopback servers "
                    + "only). Past this process's open-file limit, use --procs to spread the connections over "
                    + "child processes.",
            ""
        })
public final class BenchIdleCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    BenchOptions common;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "100", description = "Connections (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--procs", paramLabel = "N", defaultValue = "1",
            description = "Generator processes to spread the connections over (default: ${DEFAULT-VALUE}).")
    int procs;

    @Option(names = "--server-pid", defaultValue = "0", paramLabel = "PID",
            description = "The server's process id, to report its memory per connection.")
    long serverPid;

    /** Set by a parent run in its child processes: run number, first client index, total clients. */
    @Option(names = "--child", hidden = true, paramLabel = "RUN:FIRST:TOTAL")
    String child;

    @Override
    public Integer call() {
        Integer no = common.unsupported(spec.commandLine(), true);
        if (no != null) {
            return no;
        }
        IdleConfig cfg;
        try {
            if (child != null) {
                String[] p = child.split(":");
                if (p.length != 3) {
                    throw new IllegalArgumentException("--child takes RUN:FIRST:TOTAL");
                }
                cfg = new IdleConfig(common.toConfig(false).withOutput(true, null, false), clients, 1, 0,
                        Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), true);
            } else {
                cfg = new IdleConfig(common.toConfig(true), clients, procs, serverPid, Marker.newRunId(), 0, clients,
                        false);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return Bench.idle(cfg, System.out);
    }
}
