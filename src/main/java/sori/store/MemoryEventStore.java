package sori.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import sori.chat.Event;
import sori.chat.EventStore;

/**
 * {@code --store memory}: each room's last {@code capacity} events and its state, in this process only.
 * Nothing survives a restart; appends and reads are immediate, so "committed" means "queued".
 */
public final class MemoryEventStore implements EventStore {

    private final int capacity;
    private final Map<String, Deque<Event.RoomEvent>> events = new HashMap<>();
    private final Map<String, RoomState> rooms = new HashMap<>();
    private final Map<String, Deque<Event.Private>> privates = new HashMap<>();

    public MemoryEventStore(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be 0 or more, not " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized List<RoomState> rooms() {
        return List.copyOf(rooms.values());
    }

    @Override
    public void append(Event.RoomEvent event, Runnable committed) {
        synchronized (this) {
            String key = sori.chat.Names.fold(event.room());
            RoomState s = rooms.get(key);
            String topic = event instanceof Event.TopicSet t ? t.topic() : s == null ? null : s.topic();
            rooms.put(key, new RoomState(event.room(), key, s == null ? event.time() : s.created(), topic,
                    Math.max(event.seq(), s == null ? 0 : s.lastSeq())));
            Deque<Event.RoomEvent> d = events.computeIfAbsent(key, k -> new ArrayDeque<>());
            if (d.isEmpty() || d.peekLast().seq() < event.seq()) {
                d.addLast(event);
                while (d.size() > capacity) {
                    d.removeFirst();
                }
            }
        }
        if (committed != null) {
            committed.run();
        }
    }

    @Override
    public synchronized void appendPrivate(Event.Private message) {
        Deque<Event.Private> d = privates.computeIfAbsent(conversation(fold(message.from()), fold(message.to())),
                k -> new ArrayDeque<>());
        d.addLast(message);
        while (d.size() > capacity) {
            d.removeFirst();
        }
    }

    @Override
    public synchronized CompletableFuture<List<Event.RoomEvent>> read(String roomKey, long after, long before,
            int limit, boolean newest) {
        List<Event.RoomEvent> out = new ArrayList<>();
        Deque<Event.RoomEvent> d = events.get(roomKey);
        if (d != null) {
            var it = newest ? d.descendingIterator() : d.iterator();
            while (it.hasNext() && out.size() < limit) {
                Event.RoomEvent e = it.next();
                if (e.seq() > after && e.seq() < before) {
                    out.add(e);
                }
            }
        }
        return CompletableFuture.completedFuture(newest ? out.reversed() : out);
    }

    @Override
    public synchronized CompletableFuture<List<Event.Private>> readPrivate(String keyA, String keyB, long beforeTime,
            int limit) {
        List<Event.Private> out = new ArrayList<>();
        Deque<Event.Private> d = privates.get(conversation(keyA, keyB));
        if (d != null) {
            var it = d.descendingIterator();
            while (it.hasNext() && out.size() < limit) {
                Event.Private p = it.next();
                if (p.time() < beforeTime) {
                    out.add(p);
                }
            }
        }
        return CompletableFuture.completedFuture(out.reversed());
    }

    @Override
    public boolean congested() {
        return false;
    }

    @Override
    public void whenUncongested(Runnable r) {
        r.run();
    }

    @Override
    public void close() {}

    private static String fold(String name) {
        return sori.chat.Names.fold(name);
    }

    /** A conversation's key: the two folded names in order, so both parties find the same one. */
    static String conversation(String a, String b) {
        return a.compareTo(b) <= 0 ? a + "\n" + b : b + "\n" + a;
    }
}
