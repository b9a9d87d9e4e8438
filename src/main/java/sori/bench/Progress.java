package sori.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The main thread's clock during a run: waits for a deadline or a condition, and once a second takes a
 * {@link Meter} sample and prints a status line on stderr (rewritten in place with \r on a terminal).
 */
final class Progress {
    private static final long POLL_NANOS = 10_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private final Meter meter;
    private final Function<Meter.Sample, String> format;
    private final PrintStream err;
    private final boolean enabled;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long nextTick = startNanos + SECOND;
    private boolean pendingLine;

    Progress(Meter meter, boolean enabled, Function<Meter.Sample, String> format) {
        this.meter = meter;
        this.format = format;
        this.err = System.err;
        this.enabled = enabled;
        this.terminal = stderrIsTerminal();
    }

    /** Waits until {@code deadlineNanos} (a System.nanoTime value) or until {@code done} is true. */
    boolean waitUntil(long deadlineNanos, BooleanSupplier done) {
        while (true) {
            if (done.getAsBoolean()) {
                return true;
            }
            long now = System.nanoTime();
            if (now >= nextTick) {
                Meter.Sample s = meter.tick();
                // After a long stretch without ticks (connecting), skip the missed ones rather than burst.
                nextTick = Math.max(nextTick + SECOND, now + SECOND / 2);
                if (enabled) {
                    status(format.apply(s));
                }
            }
            if (now >= deadlineNanos) {
                return false;
            }
            LockSupport.parkNanos(Math.min(POLL_NANOS, Math.min(deadlineNanos, nextTick) - now));
        }
    }

    /**
     * Waits for stragglers: until {@code complete} is true, or {@code counter} has not moved for
     * {@code quietNanos}, or {@code capNanos} have passed. True when complete.
     */
    boolean drain(long quietNanos, long capNanos, java.util.function.LongSupplier counter, BooleanSupplier complete) {
        long[] last = {counter.getAsLong(), System.nanoTime()};
        waitUntil(System.nanoTime() + capNanos, () -> {
            if (complete.getAsBoolean()) {
                return true;
            }
            long v = counter.getAsLong();
            long now = System.nanoTime();
            if (v != last[0]) {
                last[0] = v;
                last[1] = now;
            }
            return now - last[1] >= quietNanos;
        });
        return complete.getAsBoolean();
    }

    /** Prints a one-off note on its own line (e.g. a phase change), keeping the status line intact. */
    void note(String text) {
        if (enabled) {
            endLine();
            err.println(text);
        }
    }

    /** Ends the status line so the report starts on a fresh one. */
    void endLine() {
        if (pendingLine) {
            err.println();
            pendingLine = false;
        }
    }

    private void status(String line) {
        if (terminal) {
            err.print("\r" + line + "\u001b[K");
            pendingLine = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception | Error e) {
            return false;
        }
    }

    /** {@code 2.4M}, {@code 12.3k}, {@code 950}: counts and rates that fit a status line. */
    static String human(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v >= 1e6) {
            return String.format(java.util.Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (v >= 1e4) {
            return String.format(java.util.Locale.ROOT, "%.1fk", v / 1e3);
        }
        return String.format(java.util.Locale.ROOT, "%.0f", v);
    }

    static String ms(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        String form = v >= 100 ? "%.0fms" : v >= 10 ? "%.1fms" : "%.2fms";
        return String.format(java.util.Locale.ROOT, form, v);
    }
}
