package sori.chat;

/**
 * Something the chat needs before it can serve, asked by {@code /readyz}: the store (once it is durable),
 * later the cluster. A store or bus implements it; anything that does not is taken as ready.
 */
public interface Readiness {

    /** True when it can be used now. Asked by probes on their own threads: answer without blocking long. */
    boolean ready();

    /** A word for the probe's answer: "store", "cluster". */
    String what();

    /** The first of {@code parts} that is a {@link Readiness} and not ready, by {@link #what}; null when all are. */
    static String notReady(Object... parts) {
        for (Object p : parts) {
            if (p instanceof Readiness r && !r.ready()) {
                return r.what();
            }
        }
        return null;
    }
}
