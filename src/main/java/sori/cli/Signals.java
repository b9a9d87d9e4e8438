package sori.cli;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for Ctrl-C or SIGTERM so a command can shut down in order and exit 0, instead of the JVM's
 * default of running hooks and exiting 130 or 143.
 */
public final class Signals {

    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private static final List<Runnable> HANGUP = new CopyOnWriteArrayList<>();

    private Signals() {}

    /** A latch released by the first SIGINT or SIGTERM (or by {@code release} on it, for tests). */
    @SuppressWarnings("removal") // sun.misc.Signal is the only way to catch signals and choose the exit code
    public static CountDownLatch onInterrupt() {
        CountDownLatch latch = new CountDownLatch(1);
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    if (latch.getCount() > 0) {
                        log.info("SIG{}: shutting down", sig.getName());
                    }
                    latch.countDown();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                log.debug("cannot handle SIG{}: {}", name, e.toString());
            }
        }
        return latch;
    }

    /**
     * Runs {@code action} on every SIGHUP (on the JVM's signal thread), e.g. to reload certificates; every
     * action registered runs, in order (a signal has one handler, so they share it).
     */
    @SuppressWarnings("removal")
    public static synchronized void onHangup(Runnable action) {
        boolean first = HANGUP.isEmpty();
        HANGUP.add(action);
        if (!first) {
            return;
        }
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
                for (Runnable r : HANGUP) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        log.warn("SIGHUP: {}", e.toString(), e);
                    }
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            log.debug("cannot handle SIGHUP: {}", e.toString());
        }
    }
}
