package sori.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sori.bench.Bench;
import sori.bench.FanoutConfig;

/** {@code sori bench fanout}: many members in one room, some of them sending. */
@Command(
        name = "fanout",
        mixinStandardHelpOptions = true,
        header = "Many members in one room, some sending: delivery rate, losses, latency.",
        description = {
            "Connects --clients members to one chat room; --senders of them send --size-byte lines at --rate "
                    + "each. Every member measures delivery latency and checks each sender's order; the run reports "
                    + "sent, delivered (expected: sent x clients), losses, reorders and latency percentiles.",
            "",
            "With --rate, each line is stamped with its scheduled send time, not the time it actually left, so a "
                    + "server stall shows up as latency (no coordinated omission). --rate 0 sends flat out, each "
                    + "sender keeping --window lines in flight.",
            "",
            "With --port A,B,C (the nodes of a cluster) the clients, senders among them, connect to the ports in "
                    + "turn; the room is still one, so every member should get every line.",
            ""
        })
public final class BenchFanoutCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    BenchOptions common;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "100", description = "Room members (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--senders", paramLabel = "N", defaultValue = "10", description = "Members that send (default: ${DEFAULT-VALUE}).")
    int senders;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "64",
            description = "Bytes per sent line including the newline (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "100",
            description = "Messages per second per sender; 0 = as fast as the server takes them "
                    + "(default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--window", paramLabel = "N", defaultValue = "64",
            description = "Lines a sender may have sent and not yet received back; also caps paced senders, "
                    + "so raise it for rates above --window per round trip (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--drain", paramLabel = "TIME", defaultValue = "5s", converter = BenchOptions.DurationConverter.class,
            description = "After sending stops, wait for stragglers until none arrived for this long (at most 1m; "
                    + "default: ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = "--server-pid", defaultValue = "0", paramLabel = "PID",
            description = "The server's process id on this machine, to report its CPU time per delivery while "
                    + "measuring (a figure the machine's other load does not skew as much as the rate).")
    long serverPid;

    @Override
    public Integer call() {
        Integer no = common.unsupported(spec.commandLine(), true);
        if (no != null) {
            return no;
        }
        FanoutConfig cfg;
        try {
            List<Integer> ports = common.ports();
            cfg = new FanoutConfig(common.toConfig(true, ports.getFirst()), clients, senders, size, rate, window, drain,
                    serverPid, ports);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return Bench.fanout(cfg, System.out);
    }
}
