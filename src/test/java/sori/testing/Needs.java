package sori.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * A test that needs a tool the machine may lack (Chromium, npm modules, promtool) skips itself through
 * here, and the tool goes into {@code target/missing-tools.txt}: one line naming every missing tool with
 * the command that installs it, which the build prints at its end ({@code pom.xml}, phase verify). So a
 * skip is never silent.
 */
public final class Needs {

    /** The summary line the build prints; rewritten whole each time a tool is added. */
    public static final Path SUMMARY = Path.of("target", "missing-tools.txt");
    private static final String PREFIX = "Tests skipped for missing tools; install them and run again: ";

    private Needs() {}

    /** Skips the calling test unless {@code present}, recording {@code tool} and how to {@code install} it. */
    public static void tool(boolean present, String tool, String install) {
        if (present) {
            return;
        }
        record(tool + " (" + install + ")");
        Assumptions.abort("needs " + tool + ": " + install);
    }

    /** True when {@code command} is an executable on the PATH. */
    public static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        return Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static synchronized void record(String entry) {
        try {
            Set<String> entries = new LinkedHashSet<>();
            if (Files.exists(SUMMARY)) {
                String old = Files.readString(SUMMARY).strip();
                if (old.startsWith(PREFIX)) {
                    entries.addAll(Arrays.asList(old.substring(PREFIX.length()).split("; ")));
                }
            }
            entries.add(entry);
            Files.createDirectories(SUMMARY.getParent());
            Files.writeString(SUMMARY, PREFIX + String.join("; ", entries) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
