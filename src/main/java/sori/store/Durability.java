package sori.store;

import java.util.Locale;

/** How soon a room event is on disk (see {@code docs/durability.md}). */
public enum Durability {
    /** Commits in groups of at most 10 ms or 1000 events; SQLite {@code synchronous=NORMAL}. */
    BATCH,
    /** Commits each group as soon as it can, and members are served from the commit; SQLite {@code synchronous=FULL}. */
    SYNC;

    /** {@code batch} or {@code sync}, as typed. */
    public static Durability parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "batch" -> BATCH;
            case "sync" -> SYNC;
            default -> throw new IllegalArgumentException("durability is batch or sync, not '" + s + "'");
        };
    }
}
