package sori.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --data-dir}, defined once: TLS keeps its self-signed certificate there and the store its SQLite file
 * and lock. {@link TlsMixin} brings it; a command without TLS flags that reads the store mixes it in itself.
 */
public final class DataDirMixin {

    static final String FLAG = "--data-dir";

    @Option(names = FLAG, paramLabel = "DIR", defaultValue = "sori-data",
            description = "Where sori keeps what it makes: the SQLite store and the self-signed certificate "
                    + "(default: ${DEFAULT-VALUE}).")
    Path dir;

    public Path dir() {
        return dir;
    }
}
