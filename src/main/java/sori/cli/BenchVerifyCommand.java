package sori.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sori.bench.Verify;

/** {@code sori bench verify}: a recorded fan-out run held against the room's events in the store. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        header = "Check a recorded fan-out run against the store: nothing lost, doubled or reordered.",
        description = {
            "Reads what every client of 'sori bench fanout --record DIR' received and the room's events as "
                    + "stored, one a line, as printed by psql -At -F ' ' -c \"SELECT seq, type, data FROM "
                    + "room_events WHERE room_key = 'lobby' ORDER BY seq\". It checks that the store's sequence "
                    + "has no gap and holds each line once, that every client still connected at the end got "
                    + "every stored line once and in the stored order, and that a client whose server went away "
                    + "got an unbroken prefix. bench/cluster-chaos runs it after killing Redis and nodes.",
            "",
            "Exit status: 0 when everything holds, 1 when something does not (each problem is printed), 2 when "
                    + "the files cannot be read.",
            ""
        })
public final class BenchVerifyCommand implements Callable<Integer> {

    @Option(names = "--records", paramLabel = "DIR", required = true,
            description = "The folder 'sori bench fanout --record' wrote.")
    Path records;

    @Option(names = "--store-dump", paramLabel = "FILE", required = true,
            description = "The room's events from the store, one a line: seq, type and data, space-separated.")
    Path storeDump;

    @Override
    public Integer call() {
        return Verify.run(records, storeDump, System.out);
    }
}
