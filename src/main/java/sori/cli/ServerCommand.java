package sori.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code sori server} (not built yet). */
@Command(name = "server", mixinStandardHelpOptions = true, description = "server (not built yet).")
public final class ServerCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("sori server: not built yet");
        return 1;
    }
}
