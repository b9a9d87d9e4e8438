package sori.chat;

import java.util.concurrent.ConcurrentHashMap;

/** The name table of one process: a concurrent map, taken without any user's or room's lock. */
final class LocalDirectory implements Directory {

    private final ConcurrentHashMap<String, Person> names = new ConcurrentHashMap<>();

    @Override
    public boolean claim(String key, Person person) {
        Person held = names.putIfAbsent(key, person);
        return held == null || held == person;
    }

    @Override
    public boolean release(String key, Person person) {
        return names.remove(key, person);
    }

    @Override
    public Person find(String key) {
        return names.get(key);
    }

    @Override
    public int size() {
        return names.size();
    }
}
