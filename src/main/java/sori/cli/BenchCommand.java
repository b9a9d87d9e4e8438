package sori.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sori bench}: the load generator; the work is in its subcommands. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Load generator for sori's chat and echo servers. Latency is measured end to end inside this "
                    + "process (a nanoTime stamp in each line); every report includes the generator's own CPU use, "
                    + "so you can tell whether the tool was the limit.",
            ""
        },
        subcommands = {BenchFanoutCommand.class, BenchEchoCommand.class, BenchIdleCommand.class,
            BenchLoginCommand.class, BenchVerifyCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing scenario: fanout, echo, idle, login or verify");
    }
}
