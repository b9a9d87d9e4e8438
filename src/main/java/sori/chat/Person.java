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
    /** The account's name when it differs from {@link #name} (an IRC nick chosen with SASL), else null. */
    private volatile String accountName;
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

    /** The last {@link #accountName} worked out: name, account, the answer (folding costs more than a line of chat). */
    private volatile String[] shownAccount;

    /**
     * The account's name as shown to others ({@code account-tag}, {@code extended-join}): the person's
     * name when it is the account's (as after a sign-in), else the account's folded key; null for a guest.
     */
    public String accountName() {
        String a = account;
        String n = name;
        if (a == null) {
            return null;
        }
        String registered = accountName;
        if (registered != null) {
            return registered; // signed in under another nick (SASL): the account's own spelling
        }
        String[] last = shownAccount;
        if (last != null && last[0].equals(n) && last[1].equals(a)) {
            return last[2];
        }
        String shown = n != null && Names.fold(n).equals(a) ? n : a;
        shownAccount = new String[] {n, a, shown};
        return shown;
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

    /** Signs in to (or out of, with null) the account {@code key}, whose name is this person's. */
    void account(String key) {
        account(key, null);
    }

    /** Signs in to the account {@code key} called {@code accountName} (null: this person's name). */
    void account(String key, String accountName) {
        this.account = key;
        this.accountName = key == null || accountName == null || accountName.equals(name) ? null : accountName;
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
        post(new Delivery(e));
    }

    /** Posts {@code d} to every connection: a delivery shared with others, so all see one encoding (one msgid). */
    void post(Delivery d) {
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
