package sori.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code sori bench} (not built yet). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "bench (not built yet).")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("sori bench: not built yet");
        return 1;
    }
}
