package sori.chat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who wants word when a name comes on or goes off, on any transport (IRC's MONITOR): connections by the
 * folded name they watch. The Hub tells them when a person takes a name (a new user, a rename) and when it
 * gives it up (its last connection ends, a rename), as a {@link Event.Notice} of {@link #ONLINE} or
 * {@link #OFFLINE} with the name as spelled. Concurrent maps, no lock held while posting.
 */
final class Watchers {

    static final String ONLINE = "monitor.online";
    static final String OFFLINE = "monitor.offline";

    private final ConcurrentHashMap<String, Set<User>> byName = new ConcurrentHashMap<>();

    void watch(User u, String key) {
        byName.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(u);
    }

    void unwatch(User u, String key) {
        byName.computeIfPresent(key, (k, set) -> {
            set.remove(u);
            return set.isEmpty() ? null : set;
        });
    }

    /** The name {@code key}, spelled {@code name}, came on ({@code on}) or went off. */
    void changed(String key, String name, boolean on) {
        Set<User> watching = byName.get(key);
        if (watching != null) {
            Event e = Event.Notice.of(on ? ONLINE : OFFLINE, name);
            for (User u : watching) {
                u.post(e);
            }
        }
    }
}
