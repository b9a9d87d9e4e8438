package sori.chat;

import java.util.concurrent.ConcurrentHashMap;

/** The name table of one process: a concurrent map, taken without any user's or room's lock. */
final class LocalDirectory implements Directory {

    private final ConcurrentHashMap<String, User> names = new ConcurrentHashMap<>();

    @Override
    public boolean claim(String key, User user) {
        User held = names.putIfAbsent(key, user);
        return held == null || held == user;
    }

    @Override
    public void release(String key, User user) {
        names.remove(key, user);
    }

    @Override
    public User find(String key) {
        return names.get(key);
    }

    @Override
    public int size() {
        return names.size();
    }
}
