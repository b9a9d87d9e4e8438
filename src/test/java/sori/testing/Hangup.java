package sori.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * For tests that send a server process SIGHUP. A process inherits ignored signals, so a test run started
 * with {@code nohup} would start servers that never see the signal; GNU {@code env --default-signal}
 * puts SIGHUP back to its default before the JVM starts, where the JVM then catches it.
 */
public final class Hangup {

    private static volatile Boolean envSetsSignals;

    private Hangup() {}

    /** {@code command}, run through {@code env --default-signal=HUP} when this machine's env has that option. */
    public static List<String> caught(List<String> command) {
        return envSetsSignals() ? through("--default-signal=HUP", command) : command;
    }

    /** {@code command}, started with SIGHUP ignored as under nohup; only when {@link #envSetsSignals}. */
    public static List<String> ignored(List<String> command) {
        return through("--ignore-signal=HUP", command);
    }

    /** True when this machine's env sets signals for what it runs (GNU coreutils 8.31 or later). */
    public static boolean envSetsSignals() {
        Boolean known = envSetsSignals;
        if (known == null) {
            boolean ok;
            try {
                Process p = new ProcessBuilder("env", "--default-signal=HUP", "--ignore-signal=HUP", "true").start();
                ok = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (Exception e) {
                ok = false;
            }
            envSetsSignals = known = ok;
        }
        return known;
    }

    private static List<String> through(String option, List<String> command) {
        List<String> all = new ArrayList<>(List.of("env", option));
        all.addAll(command);
        return all;
    }
}
