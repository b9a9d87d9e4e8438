package sori.chat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A user present in the chat: a name, the rooms it is in, and its connections ({@link User}s). A guest
 * has one connection; an account signed in from several places is one person with a connection for
 * each, so rooms, {@code /who} and joins count it once and every connection gets its events. Room
 * membership belongs here; which room plain lines go to belongs to each connection.
 *
 * <p>Guarded by its own monitor. Lock tiers: a connection's ({@link User}) monitor, then a person's, then
 * a room's; a room never takes a person's lock and reads its connections from a volatile snapshot.
 */
public final class Person {

    /** Connections one account may have at once. */
    public static final int MAX_CONNECTIONS = 10;

    private static final User[] NONE = new User[0];

    private volatile String name;
    private volatile String account;
    /** The administrator account whose password this person gave with {@code /oper}, or null. */
    private volatile String operator;
    /** The language the account chose ({@code /lang}), or null for "whatever each connection has". */
    private volatile Texts language;
    private final List<Room> rooms = new ArrayList<>(2);
    /** Read by rooms under their own locks, without this one: replaced, never changed in place. */
    private volatile User[] connections = NONE;
    private boolean gone;

    Person(String name, String account) {
        this.name = name;
        this.account = account;
    }

    /** The name in the chat. */
    public String name() {
        return name;
    }

    /** The folded name of its account, or null for a guest. */
    public String account() {
        return account;
    }

    /** The folded name of the administrator account proved with {@code /oper}, or null. */
    public String operator() {
        return operator;
    }

    void operator(String key) {
        this.operator = key;
    }

    void name(String name) {
        this.name = name;
    }

    void account(String key) {
        this.account = key;
    }

    Texts language() {
        return language;
    }

    void language(Texts texts) {
        this.language = texts;
    }

    /** Its connections now; the array is shared and must not be changed. */
    User[] connections() {
        return connections;
    }

    /** Posts {@code e} to every connection (one delivery, so it is encoded once per format and language). */
    void post(Event e) {
        Delivery d = new Delivery(e);
        for (User c : connections) {
            c.post(d);
        }
    }

    // ---- under this person's monitor ----

    synchronized boolean isGone() {
        return gone;
    }

    synchronized void attach(User u) {
        User[] next = Arrays.copyOf(connections, connections.length + 1);
        next[next.length - 1] = u;
        connections = next;
    }

    /** Forgets {@code u}; true when it was the last connection (the person is gone then). */
    synchronized boolean detach(User u) {
        User[] c = connections;
        int at = Arrays.asList(c).indexOf(u);
        if (at >= 0) {
            User[] next = new User[c.length - 1];
            System.arraycopy(c, 0, next, 0, at);
            System.arraycopy(c, at + 1, next, at, c.length - at - 1);
            connections = next;
        }
        if (connections.length == 0) {
            gone = true;
        }
        return gone;
    }

    synchronized List<Room> roomList() {
        return List.copyOf(rooms);
    }

    /** The rooms it is in, in the order joined. */
    public synchronized List<String> rooms() {
        return rooms.stream().map(Room::name).toList();
    }

    synchronized boolean isIn(Room room) {
        return rooms.contains(room);
    }

    synchronized void entered(Room room) {
        rooms.add(room);
    }

    /**
     * Forgets {@code room}; each connection whose current room it was moves to the most recently joined
     * other room. Returns those connections.
     */
    synchronized List<User> exited(Room room) {
        rooms.remove(room);
        List<User> moved = new ArrayList<>(1);
        Room next = rooms.isEmpty() ? null : rooms.get(rooms.size() - 1);
        for (User c : connections) {
            if (c.current() == room) {
                c.current(next);
                moved.add(c);
            }
        }
        return moved;
    }

    /** The most recently joined room, or null. */
    synchronized Room lastRoom() {
        return rooms.isEmpty() ? null : rooms.get(rooms.size() - 1);
    }

    @Override
    public String toString() {
        return name + "×" + connections.length;
    }
}
