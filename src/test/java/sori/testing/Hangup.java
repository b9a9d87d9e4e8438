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

    private static volatile Boolean envResets;

    private Hangup() {}

    /** {@code command}, run through {@code env --default-signal=HUP} when this machine's env has that option. */
    public static List<String> caught(List<String> command) {
        if (!envResets()) {
            return command;
        }
        List<String> all = new ArrayList<>(List.of("env", "--default-signal=HUP"));
        all.addAll(command);
        return all;
    }

    private static boolean envResets() {
        Boolean known = envResets;
        if (known == null) {
            boolean ok;
            try {
                Process p = new ProcessBuilder("env", "--default-signal=HUP", "true").start();
                ok = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (Exception e) {
                ok = false;
            }
            envResets = known = ok;
        }
        return known;
    }
}
