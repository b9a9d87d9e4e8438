package sori.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import sori.chat.Event;
import sori.chat.Names;

/**
 * {@code --store memory}: each room's state and its last N events, and the last N messages of each private
 * conversation, in this process only. Writes are done when {@link #append} returns, so {@code committed}
 * runs at once on the caller's thread and the store is never congested.
 */
public final class MemoryEventStore implements Store {

    private final sori.chat.MemoryAccounts accounts = new sori.chat.MemoryAccounts();
    private final sori.chat.MemoryModeration moderation = new sori.chat.MemoryModeration();
    private final sori.chat.MemorySessionTokens sessionTokens = new sori.chat.MemorySessionTokens();

    private final int keep;
    private final Map<String, RoomLog> rooms = new ConcurrentHashMap<>();
    /** Each conversation's messages ({@link Event.Private}) and kept tags ({@link Event.Tagged}), in time order. */
    private final Map<String, ArrayDeque<Event>> privates = new ConcurrentHashMap<>();

    /** Keeps the last {@code keep} events of each room and messages of each conversation. */
    public MemoryEventStore(int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must be 0 or more");
        }
        this.keep = keep;
    }

    private static final class RoomLog {
        final String key;
        String name;
        long created;
        String topic;
        long lastSeq;
        final ArrayDeque<Event.RoomEvent> events = new ArrayDeque<>();

        RoomLog(String key) {
            this.key = key;
        }
    }

    @Override
    public List<RoomState> rooms() {
        List<RoomState> out = new ArrayList<>();
        for (RoomLog r : rooms.values()) {
            synchronized (r) {
                out.add(new RoomState(r.name, r.key, r.created, r.topic, r.lastSeq));
            }
        }
        out.sort((a, b) -> a.key().compareTo(b.key()));
        return out;
    }

    @Override
    public void append(Event.RoomEvent event, Runnable committed) {
        RoomLog r = rooms.computeIfAbsent(Names.fold(event.room()), RoomLog::new);
        synchronized (r) {
            if (r.name == null) {
                r.name = event.room();
                r.created = event.time();
            }
            // Events arrive in sequence order; a re-delivered one (seq already held) is dropped, like ON CONFLICT.
            if (event.seq() > r.lastSeq) {
                r.lastSeq = event.seq();
                if (event instanceof Event.TopicSet t) {
                    r.topic = t.topic();
                }
                if (keep > 0) {
                    if (r.events.size() == keep) {
                        r.events.pollFirst();
                    }
                    r.events.addLast(event);
                }
            }
        }
        if (committed != null) {
            committed.run();
        }
    }

    @Override
    public void appendPrivate(Event.Private message) {
        appendDirect(message, Conversations.of(message));
    }

    @Override
    public void appendPrivateTags(Event.Tagged tags) {
        appendDirect(tags, Conversations.key(Names.fold(tags.from()), Names.fold(tags.to())));
    }

    private void appendDirect(Event message, String conversation) {
        if (keep == 0) {
            return;
        }
        ArrayDeque<Event> q = privates.computeIfAbsent(conversation, k -> new ArrayDeque<>());
        synchronized (q) {
            if (q.size() == keep) {
                q.pollFirst();
            }
            q.addLast(message);
        }
    }

    @Override
    public CompletableFuture<List<Event.RoomEvent>> read(String roomKey, long after, long before, int limit, boolean newest) {
        RoomLog r = rooms.get(roomKey);
        if (r == null || limit <= 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<Event.RoomEvent> in = new ArrayList<>();
        synchronized (r) {
            for (Event.RoomEvent e : r.events) {
                if (e.seq() > after && e.seq() < before) {
                    in.add(e);
                }
            }
        }
        return CompletableFuture.completedFuture(window(in, limit, newest));
    }

    @Override
    public CompletableFuture<Long> seqAt(String roomKey, long time) {
        RoomLog r = rooms.get(roomKey);
        if (r == null) {
            return CompletableFuture.completedFuture(0L);
        }
        long at = 0;
        synchronized (r) {
            for (Iterator<Event.RoomEvent> it = r.events.descendingIterator(); it.hasNext(); ) {
                Event.RoomEvent e = it.next();
                if (e.time() < time) {
                    at = e.seq() + 1;
                    break;
                }
            }
        }
        return CompletableFuture.completedFuture(at);
    }

    @Override
    public CompletableFuture<List<Event.Private>> readPrivate(String keyA, String keyB, long afterTime, long beforeTime,
            int limit, boolean newest) {
        List<Event.Private> in = new ArrayList<>();
        for (Event e : between(keyA, keyB, afterTime, beforeTime, limit)) {
            if (e instanceof Event.Private m) {
                in.add(m);
            }
        }
        return CompletableFuture.completedFuture(window(in, limit, newest));
    }

    @Override
    public CompletableFuture<List<Event>> readConversation(String keyA, String keyB, long afterTime, long beforeTime,
            int limit, boolean newest) {
        return CompletableFuture.completedFuture(window(between(keyA, keyB, afterTime, beforeTime, limit), limit, newest));
    }

    /** A conversation's messages and kept tags with {@code afterTime < time < beforeTime}, oldest first. */
    private List<Event> between(String keyA, String keyB, long afterTime, long beforeTime, int limit) {
        ArrayDeque<Event> q = privates.get(Conversations.key(keyA, keyB));
        List<Event> in = new ArrayList<>();
        if (q == null || limit <= 0) {
            return in;
        }
        synchronized (q) {
            for (Event m : q) {
                long t = time(m);
                if (t > afterTime && t < beforeTime) {
                    in.add(m);
                }
            }
        }
        return in;
    }

    private static long time(Event direct) {
        return direct instanceof Event.Private p ? p.time() : ((Event.Tagged) direct).time();
    }

    @Override
    public CompletableFuture<List<Correspondent>> correspondents(String key, long afterTime, long beforeTime, int limit) {
        List<Correspondent> out = new ArrayList<>();
        for (Map.Entry<String, ArrayDeque<Event>> c : privates.entrySet()) {
            if (Conversations.other(c.getKey(), key) == null) {
                continue;
            }
            ArrayDeque<Event> q = c.getValue();
            Event last;
            synchronized (q) {
                last = q.peekLast();
            }
            if (last != null && time(last) > afterTime && time(last) < beforeTime) {
                Event.Private p = last instanceof Event.Private m ? m
                        : new Event.Private(((Event.Tagged) last).from(), ((Event.Tagged) last).to(), time(last), "");
                out.add(new Correspondent(Conversations.otherParty(p, key), p.time()));
            }
        }
        out.sort(java.util.Comparator.comparingLong(Correspondent::last).thenComparing(Correspondent::other));
        return CompletableFuture.completedFuture(window(out, Math.max(limit, 0), false));
    }

    private static <T> List<T> window(List<T> in, int limit, boolean newest) {
        if (in.size() <= limit) {
            return Collections.unmodifiableList(in);
        }
        return List.copyOf(newest ? in.subList(in.size() - limit, in.size()) : in.subList(0, limit));
    }

    @Override
    public CompletableFuture<Long> sweep(long cutoffMillis) {
        long deleted = 0;
        for (RoomLog r : rooms.values()) {
            synchronized (r) {
                deleted += removeOlder(r.events.iterator(), cutoffMillis);
            }
        }
        for (ArrayDeque<Event> q : privates.values()) {
            synchronized (q) {
                for (Iterator<Event> it = q.iterator(); it.hasNext(); ) {
                    if (time(it.next()) < cutoffMillis) {
                        it.remove();
                        deleted++;
                    }
                }
            }
        }
        return CompletableFuture.completedFuture(deleted);
    }

    private static long removeOlder(Iterator<Event.RoomEvent> it, long cutoff) {
        long n = 0;
        while (it.hasNext()) {
            if (it.next().time() < cutoff) {
                it.remove();
                n++;
            }
        }
        return n;
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
    public sori.chat.Accounts accounts() {
        return accounts;
    }

    @Override
    public sori.chat.Moderation moderation() {
        return moderation;
    }

    @Override
    public sori.chat.SessionTokens sessionTokens() {
        return sessionTokens;
    }

    @Override
    public String describe() {
        return "memory (last " + keep + " events per room)";
    }

    @Override
    public void close() {}
}
