package sori.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sori.store.Durability;
import sori.store.StoreOptions;

/**
 * The store flags ({@code server}, {@code export}), defined once; {@link Writing} adds what only a server needs. The store lives in the command's
 * {@code --data-dir} ({@link DataDirMixin}, which {@link TlsMixin} brings), so the flag is not declared twice.
 */
public final class StoreMixin {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--store", paramLabel = "sqlite|memory|URL", defaultValue = StoreOptions.DEFAULT_STORE,
            description = "Where rooms and history are kept: sqlite (sori.db in --data-dir), memory (lost on "
                    + "restart) or postgresql://USER:PASS@HOST:PORT/DB; the password may come from "
                    + "$SORI_STORE_PASSWORD instead (default: ${DEFAULT-VALUE}).")
    String store;

    /**
     * The store to read, checked; a wrong value is an {@link IllegalArgumentException} saying which flag.
     * {@code memoryHistory} is what {@code --store memory} keeps per room (the server's {@code --history}).
     */
    public StoreOptions options(int memoryHistory) {
        return new StoreOptions(store, dataDir(), Durability.BATCH, java.time.Duration.ZERO, memoryHistory);
    }

    /**
     * How a server writes to its store ({@code server} only: a reader such as {@code export} has no use for it).
     */
    public static final class Writing {

        @Option(names = "--durability", paramLabel = "batch|sync", defaultValue = "batch",
                description = "batch: write every 10 ms, a crash loses at most that; sync: show a message only once "
                        + "it is on disk (default: ${DEFAULT-VALUE}). See docs/durability.md.")
        String durability;

        @Option(names = "--retention", paramLabel = "AGE", defaultValue = "0",
                description = "Delete messages older than this, e.g. 90d, 12h, 30m; 0 keeps them forever "
                        + "(default: ${DEFAULT-VALUE}).")
        String retention;

        /** {@code read} with this durability and retention. */
        public StoreOptions apply(StoreOptions read) {
            return read.withDurability(Durability.parse(durability)).withRetention(StoreOptions.parseRetention(retention));
        }
    }

    private Path dataDir() {
        OptionSpec dir = command == null ? null : command.findOption(DataDirMixin.FLAG);
        if (dir == null) {
            throw new IllegalStateException("a command with StoreMixin needs DataDirMixin (or TlsMixin) for "
                    + DataDirMixin.FLAG);
        }
        Path value = dir.getValue();
        return value == null ? StoreOptions.DEFAULT_DATA_DIR : value;
    }
}
