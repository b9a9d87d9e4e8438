package sori.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's place in the chat: its session, its name once chosen, the rooms it is in and the
 * room its plain lines go to. Transports hold it as an opaque handle and pass it back to the Hub.
 * Guarded by its own monitor; lock order is user, then room.
 */
public final class User {

    private final Session session;
    private final Session[] self;
    private final long id;

    // Volatile, not guarded: rooms read names under their own locks, and must not take this one.
    private volatile String name;
    private volatile Room current;
    private volatile boolean gone;
    private final List<Room> rooms = new ArrayList<>(2);

    // Accounts. The key is volatile (read anywhere); the rest is guarded by this user's monitor.
    private volatile String account;
    /** The registered name whose password the prompt asks for, or null. */
    String awaiting;
    /** Wrong passwords given at the prompt for {@link #awaiting}. */
    int tries;
    /** An account operation is out: input waits in {@link #held}, so lines keep their order. */
    boolean busy;
    final ArrayDeque<String> held = new ArrayDeque<>();

    User(Session session, long id) {
        this.session = session;
        this.self = new Session[] {session};
        this.id = id;
    }

    public Session session() {
        return session;
    }

    /** Connection number, for logs. */
    public long id() {
        return id;
    }

    /** The chosen name, or null before one is accepted. */
    public String name() {
        return name;
    }

    /** The room plain lines go to, or null. Read on the session's own thread when rendering. */
    public String currentRoom() {
        Room r = current;
        return r == null ? null : r.name();
    }

    /** The rooms this user is in, in the order joined. */
    public synchronized List<String> rooms() {
        return rooms.stream().map(Room::name).toList();
    }

    /** The folded name of the account this user is signed in to, or null for a guest. */
    public String account() {
        return account;
    }

    void account(String key) {
        this.account = key;
    }

    /** True while an account operation (a hash, an accounts call) is out for this user. */
    synchronized boolean accountBusy() {
        return busy;
    }

    /** The address without its port, for throttling sign-ins. */
    String host() {
        String r = session.remote();
        int colon = r == null ? -1 : r.lastIndexOf(':');
        return colon > 0 ? r.substring(0, colon) : String.valueOf(r);
    }

    void post(Event e) {
        session.mailbox().post(new Delivery(e), self);
    }

    void name(String name) {
        this.name = name;
    }

    Room current() {
        return current;
    }

    void current(Room room) {
        this.current = room;
    }

    synchronized List<Room> roomList() {
        return List.copyOf(rooms);
    }

    synchronized boolean isIn(Room room) {
        return rooms.contains(room);
    }

    synchronized void entered(Room room) {
        rooms.add(room);
        current = room;
    }

    /** Forgets {@code room}; if it was the current one, the most recently joined other room takes over. */
    synchronized void exited(Room room) {
        rooms.remove(room);
        if (current == room) {
            current = rooms.isEmpty() ? null : rooms.get(rooms.size() - 1);
        }
    }

    /** Marks the user gone; true the first time only, so a leave is announced once. */
    synchronized boolean markGone() {
        if (gone) {
            return false;
        }
        gone = true;
        return true;
    }

    boolean isGone() {
        return gone;
    }

    @Override
    public String toString() {
        String n = name();
        return (n == null ? "#" + id : n) + "@" + session.remote();
    }
}
