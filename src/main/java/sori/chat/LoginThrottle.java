package sori.chat;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed sign-ins per key (an account, an address): the first {@code free} failures cost nothing, then
 * each one doubles the wait before the next try, from one second up to five minutes. A success clears
 * the key. Entries whose wait is long over are dropped once the table grows, so it stays bounded.
 */
final class LoginThrottle {

    static final long FIRST_WAIT_MILLIS = 1_000;
    static final long MAX_WAIT_MILLIS = 5 * 60_000;
    private static final int PRUNE_ABOVE = 10_000;

    private record Entry(int failures, long until) {}

    private final int free;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    LoginThrottle(int free) {
        this.free = free;
    }

    /** Milliseconds {@code key} must still wait before trying again; 0 when it may try now. */
    long waitMillis(String key, long now) {
        Entry e = entries.get(key);
        return e == null ? 0 : Math.max(0, e.until() - now);
    }

    void failed(String key, long now) {
        if (entries.size() > PRUNE_ABOVE) {
            entries.values().removeIf(e -> e.until() + MAX_WAIT_MILLIS < now);
        }
        entries.compute(key, (k, e) -> {
            int failures = e == null ? 1 : e.failures() + 1;
            long wait = failures < free ? 0
                    : Math.min(MAX_WAIT_MILLIS, FIRST_WAIT_MILLIS << Math.min(20, failures - free));
            return new Entry(failures, now + wait);
        });
    }

    void succeeded(String key) {
        entries.remove(key);
    }
}
