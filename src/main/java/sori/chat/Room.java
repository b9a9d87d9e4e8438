package sori.chat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.IntPredicate;
import java.util.function.LongFunction;

/**
 * A room: its members, its sequence counter, topic and history. Every change happens under the
 * room's monitor, and events are posted to mailboxes while it is held, which is what gives each room
 * one total order that all members see. Posting only enqueues; nothing here writes to a socket.
 */
final class Room {

    private static final Mailbox[] NO_BOXES = new Mailbox[0];
    private static final Session[][] NO_SESSIONS = new Session[0][];

    private final String name;
    private final String key;
    private final History history;
    private final IntPredicate announces;
    private final int greetNames;
    private final Map<User, Session> members = new LinkedHashMap<>();

    private long seq;
    private String topic;
    private boolean closed;
    // Members grouped by mailbox so a post is one array walk; rebuilt on the first post after a
    // join or leave, so a crowd joining a quiet room costs one rebuild, not one each.
    private boolean regrouped = true;
    private Mailbox[] boxes = NO_BOXES;
    private Session[][] sessions = NO_SESSIONS;

    /**
     * @param announces  whether a room of that many members announces joins and leaves
     * @param greetNames most names a newcomer's welcome lists (0: all)
     */
    Room(String name, String key, History history, IntPredicate announces, int greetNames) {
        this.name = name;
        this.key = key;
        this.history = history;
        this.announces = announces;
        this.greetNames = greetNames;
    }

    String name() {
        return name;
    }

    String key() {
        return key;
    }

    /**
     * Adds {@code user}: hands the member list to {@code greet} (which may post a welcome), replays the
     * last {@code replay} events to the newcomer alone, then announces the join to everyone, newcomer
     * included, unless the room is too big to announce joins. False when the room was closed meanwhile (look it up again).
     */
    synchronized boolean join(User user, int replay, BiConsumer<List<String>, Integer> greet,
            LongFunction<Event.RoomEvent> joined) {
        if (closed) {
            return false;
        }
        members.put(user, user.session());
        regrouped = false;
        greet.accept(memberNames(greetNames), members.size());
        if (replay > 0) {
            for (Event.RoomEvent e : history.last(replay)) {
                user.post(new Event.Replayed(e));
            }
        }
        if (announces.test(members.size())) {
            publish(joined.apply(++seq));
        }
        return true;
    }

    /**
     * Announces the departure to everyone, the leaver included, then removes them. Returns true when
     * the room is now empty and closed; the caller then unlists it.
     */
    synchronized boolean leave(User user, LongFunction<Event.RoomEvent> left) {
        if (!members.containsKey(user)) {
            return false;
        }
        if (announces.test(members.size())) {
            publish(left.apply(++seq));
        }
        members.remove(user);
        regrouped = false;
        if (members.isEmpty()) {
            closed = true;
            return true;
        }
        return false;
    }

    /** Removes without a word (server shutdown). */
    synchronized boolean drop(User user) {
        members.remove(user);
        regrouped = false;
        closed = members.isEmpty();
        return closed;
    }

    /** Publishes an event made with the next sequence number; false if {@code user} is not a member. */
    synchronized boolean say(User user, LongFunction<Event.RoomEvent> event) {
        if (!members.containsKey(user)) {
            return false;
        }
        publish(event.apply(++seq));
        return true;
    }

    synchronized void topic(User user, String text, LongFunction<Event.RoomEvent> event) {
        if (members.containsKey(user)) {
            topic = text;
            publish(event.apply(++seq));
        }
    }

    synchronized String topic() {
        return topic;
    }

    synchronized List<String> memberNames() {
        return memberNames(0);
    }

    /** The first {@code max} members' names in join order (0: all). */
    private List<String> memberNames(int max) {
        int n = max == 0 ? members.size() : Math.min(max, members.size());
        List<String> names = new ArrayList<>(n);
        for (User u : members.keySet()) {
            if (names.size() == n) {
                break;
            }
            names.add(u.name());
        }
        return names;
    }

    synchronized int size() {
        return members.size();
    }

    /** Replays the last {@code n} events to {@code user}, in order with the room's live events. */
    synchronized int replayLast(User user, int n) {
        List<Event.RoomEvent> events = history.last(n);
        events.forEach(e -> user.post(new Event.Replayed(e)));
        return events.size();
    }

    /** Replays events after {@code after} to {@code user}, at most {@code limit}. */
    synchronized int replaySince(User user, long after, int limit) {
        List<Event.RoomEvent> events = history.since(after, limit);
        events.forEach(e -> user.post(new Event.Replayed(e)));
        return events.size();
    }

    synchronized long lastSeq() {
        return seq;
    }

    private void publish(Event.RoomEvent event) {
        if (!regrouped) {
            regroup();
        }
        history.add(event);
        Delivery d = new Delivery(event);
        Mailbox[] b = boxes;
        Session[][] s = sessions;
        for (int i = 0; i < b.length; i++) {
            b[i].post(d, s[i]);
        }
    }

    private void regroup() {
        Map<Mailbox, List<Session>> byBox = new IdentityHashMap<>();
        for (Session s : members.values()) {
            byBox.computeIfAbsent(s.mailbox(), k -> new ArrayList<>()).add(s);
        }
        Mailbox[] b = new Mailbox[byBox.size()];
        Session[][] s = new Session[byBox.size()][];
        int i = 0;
        for (Map.Entry<Mailbox, List<Session>> e : byBox.entrySet()) {
            b[i] = e.getKey();
            s[i] = e.getValue().toArray(Session[]::new);
            i++;
        }
        boxes = b;
        sessions = s;
        regrouped = true;
    }

    @Override
    public String toString() {
        return "#" + name;
    }
}
