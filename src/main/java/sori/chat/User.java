package sori.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's place in the chat: its session, the {@link Person} it speaks as once it has a name
 * (a guest's own, or an account's, shared with the account's other connections), the room its plain
 * lines go to, and its language. Transports hold it as an opaque handle and pass it back to the Hub.
 * Guarded by its own monitor; lock order is connection (this), then person, then room.
 */
public final class User {

    private final Session session;
    private final Session[] self;
    private final long id;

    // Volatile, not guarded: rooms and mailboxes read these under their own locks, and must not take this one.
    private volatile Person person;
    private volatile Room current;
    private volatile boolean gone;
    private volatile Texts texts;

    // Accounts, guarded by this user's monitor.
    /** The registered name whose password the prompt asks for, or null. */
    String awaiting;
    /** Wrong passwords given at the prompt for {@link #awaiting}. */
    int tries;
    /**
     * How many operations are out (an account's, a cluster's answer about a name or a private message): while
     * any is, input waits in {@link #held}, typed lines and structured requests alike (each as the call that will
     * handle it), so they keep their order. A count, because one may start inside another's answer.
     */
    int busy;
    /** Made when first needed, and dropped once empty: most connections never wait for an operation. */
    private ArrayDeque<Runnable> held;

    User(Session session, long id, Texts texts) {
        this.session = session;
        this.self = new Session[] {session};
        this.id = id;
        this.texts = texts;
    }

    public Session session() {
        return session;
    }

    /** Connection number, for logs. */
    public long id() {
        return id;
    }

    /** The person this connection speaks as, or null before it has a name. */
    public Person person() {
        return person;
    }

    /** The chosen name, or null before one is accepted. */
    public String name() {
        Person p = person;
        return p == null ? null : p.name();
    }

    /** The language this connection is spoken to in: its account's or its own choice, else the server's. */
    public Texts texts() {
        return texts;
    }

    /** The room plain lines go to, or null. Read on the session's own thread when rendering. */
    public String currentRoom() {
        Room r = current;
        return r == null ? null : r.name();
    }

    /** The rooms this user is in, in the order joined. */
    public List<String> rooms() {
        Person p = person;
        return p == null ? List.of() : p.rooms();
    }

    /** The folded name of the account this user is signed in to, or null for a guest. */
    public String account() {
        Person p = person;
        return p == null ? null : p.account();
    }

    /** The name of the account this user is signed in to, as registered, or null for a guest. */
    public String accountName() {
        Person p = person;
        return p == null ? null : p.accountName();
    }

    void person(Person p) {
        this.person = p;
    }

    void texts(Texts t) {
        this.texts = t;
    }

    /** Keeps {@code r} to run after the input held before it. Under this user's monitor. */
    void hold(Runnable r) {
        if (held == null) {
            held = new ArrayDeque<>();
        }
        held.add(r);
    }

    /** Takes the oldest held input, or null when none is left. Under this user's monitor. */
    Runnable nextHeld() {
        Runnable next = held == null ? null : held.poll();
        if (next == null) {
            held = null;
        }
        return next;
    }

    /** Takes all the held input, oldest first, leaving none. Under this user's monitor. */
    List<Runnable> takeHeld() {
        List<Runnable> all = held == null ? List.of() : new ArrayList<>(held);
        held = null;
        return all;
    }

    /** Holds {@code rs} after what is held now. Under this user's monitor. */
    void holdAll(List<Runnable> rs) {
        for (Runnable r : rs) {
            hold(r);
        }
    }

    /** True while an account operation (a hash, an accounts call) is out for this user. */
    synchronized boolean accountBusy() {
        return busy > 0;
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

    void post(Delivery d) {
        session.mailbox().post(d, self);
    }

    Room current() {
        return current;
    }

    void current(Room room) {
        this.current = room;
    }

    List<Room> roomList() {
        Person p = person;
        return p == null ? List.of() : p.roomList();
    }

    boolean isIn(Room room) {
        Person p = person;
        return p != null && p.isIn(room);
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
