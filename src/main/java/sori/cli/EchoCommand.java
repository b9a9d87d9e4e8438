package sori.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code sori echo} (not built yet). */
@Command(name = "echo", mixinStandardHelpOptions = true, description = "echo (not built yet).")
public final class EchoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("sori echo: not built yet");
        return 1;
    }
}
