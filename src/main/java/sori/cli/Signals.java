package sori.cli;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
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
    public static CountDownLatch onInterrupt() {
        CountDownLatch latch = new CountDownLatch(1);
        for (String name : new String[] {"INT", "TERM"}) {
            Caught caught = handle(name, sig -> {
                if (latch.getCount() > 0) {
                    log.info("SIG{}: shutting down", sig);
                }
                latch.countDown();
            });
            // SIGINT is ignored in every background job of a script, where nobody can press Ctrl-C anyway.
            if (caught == Caught.IGNORED && name.equals("TERM")) {
                log.warn("SIGTERM is ignored in this process, so kill PID will not stop it; stop it with SIGINT");
            }
        }
        return latch;
    }

    /**
     * Runs {@code action} on every SIGHUP (on the JVM's signal thread), e.g. to reload certificates; every
     * action registered runs, in order (a signal has one handler, so they share it).
     */
    public static synchronized void onHangup(Runnable action) {
        boolean first = HANGUP.isEmpty();
        HANGUP.add(action);
        if (first) {
            Caught caught = handle("HUP", sig -> {
                for (Runnable r : HANGUP) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        log.warn("SIGHUP: {}", e.toString(), e);
                    }
                }
            });
            if (caught == Caught.IGNORED) {
                log.warn("SIGHUP is ignored in this process (started with nohup?), so kill -HUP will not reload"
                        + " settings or certificates; restart it to apply changes, or start it without nohup"
                        + " (systemd, setsid) to reload");
            }
        }
    }

    /**
     * Calls {@code action} with the signal's name on each {@code SIG<name>}. sun.misc.Signal is the only
     * way to catch signals and choose the exit code; it is reached reflectively because javac warns on
     * every direct use of it and no annotation silences that, and a build must be warning-free.
     *
     * @return {@link Caught#IGNORED} when the process inherited the signal ignored (nohup ignores SIGHUP,
     *     a shell's background job SIGINT): the JVM then leaves it ignored, and it never comes
     */
    private static Caught handle(String name, Consumer<String> action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object h = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handler},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            action.accept(name);
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "signal handler for SIG" + name;
                    });
            Object sig = signal.getConstructor(String.class).newInstance(name);
            Object before = signal.getMethod("handle", signal, handler).invoke(null, sig, h);
            return before == handler.getField("SIG_IGN").get(null) ? Caught.IGNORED : Caught.YES;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("cannot handle SIG{}: {}", name, e.toString());
            return Caught.UNAVAILABLE;
        }
    }

    /** What became of a handler: in place, left out as the signal is ignored, or not possible here. */
    private enum Caught {
        YES,
        IGNORED,
        UNAVAILABLE
    }
}
