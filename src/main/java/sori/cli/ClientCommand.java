package sori.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code sori client} (not built yet). */
@Command(name = "client", mixinStandardHelpOptions = true, description = "client (not built yet).")
public final class ClientCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("sori client: not built yet");
        return 1;
    }
}
