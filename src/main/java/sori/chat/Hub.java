package sori.chat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat's front: one name namespace ({@link Directory}) and one set of rooms ({@link Rooms}) shared by
 * every transport, kept in an {@link EventStore}. Transports call {@link #connect}, {@link #input} and
 * {@link #disconnect} from their own threads; the Hub answers by posting events to sessions' mailboxes.
 * Commands are in {@link Commands}. Lock tiers: a {@link User}'s monitor, then a {@link Room}'s; the
 * name and room tables are concurrent maps taken without either.
 */
public final class Hub {

    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    private final ChatConfig config;
    private final Texts texts;
    private final EventStore store;
    private final Directory names = new LocalDirectory();
    private final Rooms rooms;
    private final Commands commands;
    private final AccountCommands accounts;
    private final SignIns signIns;
    private final LongSupplier clock;
    private final Set<User> connected = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean closing;

    /** Members get each event as soon as it is queued to the store (durability batch). */
    public Hub(ChatConfig config, EventStore store, LongSupplier clock) {
        this(config, store, false, clock);
    }

    /**
     * @param deliverAfterCommit durability sync: an event reaches members only once the store committed it
     */
    public Hub(ChatConfig config, EventStore store, boolean deliverAfterCommit, LongSupplier clock) {
        this(config, store, new MemoryAccounts(), deliverAfterCommit, clock);
    }

    /** @param accounts where accounts are kept (the store's, or memory); web sign-ins are kept in memory */
    public Hub(ChatConfig config, EventStore store, Accounts accounts, boolean deliverAfterCommit, LongSupplier clock) {
        this(config, store, accounts, new MemorySessionTokens(), deliverAfterCommit, clock);
    }

    /** @param tokens where the web's session tokens are kept (hashed), beside the accounts */
    public Hub(ChatConfig config, EventStore store, Accounts accounts, SessionTokens tokens, boolean deliverAfterCommit,
            LongSupplier clock) {
        this.config = config;
        this.texts = config.texts();
        this.store = store;
        this.clock = clock;
        this.rooms = new Rooms(store, Sequencer.local(), deliverAfterCommit, config, clock);
        Logins logins = new Logins(accounts, clock);
        this.signIns = new SignIns(this, logins, tokens, clock);
        this.accounts = new AccountCommands(this, logins, signIns, clock);
        this.commands = new Commands(this, rooms, names, store, this.accounts, clock);
    }

    public ChatConfig config() {
        return config;
    }

    /** Sign-ins that outlive a connection: passwords to session tokens, and tokens back to accounts. */
    public SignIns signIns() {
        return signIns;
    }

    /** The server's language: the default for sessions that did not choose one. */
    public Texts texts() {
        return texts;
    }

    // ---- what transports call ----

    /** A new connection: asks it for a name. */
    public User connect(Session session) {
        User u = new User(session, ids.incrementAndGet());
        connected.add(u);
        u.post(new Event.Prompt());
        return u;
    }

    /**
     * One line of input, as typed: a name while none is chosen, a command when it starts with
     * {@code /}, {@code end} to leave (as in the seed), otherwise something said in the current room.
     */
    public void input(User u, String line) {
        if (u.isGone()) {
            return;
        }
        String text = Text.clean(line);
        if (accounts.takes(u, text)) {
            return; // a password at the prompt, or a line waiting for an account operation
        }
        if (text.equals("end")) {
            commands.quit(u, null);
        } else if (text.startsWith("/") && !text.startsWith("//")) {
            commands.dispatch(u, text.substring(1));
        } else if (u.name() == null) {
            register(u, text);
        } else if (!text.isBlank()) {
            commands.say(u, text.startsWith("//") ? text.substring(1) : text);
        }
    }

    /**
     * A new connection that is already signed in to {@code account} (a session token it presented): it gets
     * the account's name and first room at once, with no prompt. When the name cannot be had it is asked for
     * a name like any new connection.
     */
    public User signIn(Session session, Accounts.Account account) {
        User u = new User(session, ids.incrementAndGet());
        connected.add(u);
        admit(u, account.name(), account.key());
        return u;
    }

    /** Tries {@code wanted} as the user's name; on failure says why and asks again. */
    public boolean register(User u, String wanted) {
        if (u.name() != null || u.isGone() || accounts.takes(u, wanted)) {
            return false;
        }
        String name = Names.normalize(wanted);
        String problem = Names.problem(name);
        if (problem != null) {
            fail(u, problem, name.replaceAll("\\s+", "_"));
            u.post(new Event.Prompt());
            return false;
        }
        if (accounts.registered(Names.fold(name))) {
            accounts.askPassword(u, name);
            return false;
        }
        return admit(u, name, null);
    }

    /** Gives the user {@code name} and its first room, signed in to {@code account} (null: a guest). */
    boolean admit(User u, String name, String account) {
        if (!names.claim(Names.fold(name), u)) {
            fail(u, "name.taken", name);
            u.post(new Event.Prompt());
            return false;
        }
        u.account(account);
        u.name(name);
        if (account != null) {
            u.post(new Event.SignedIn(name));
        }
        String first = config.firstRoom();
        enter(u, first, (members, count) -> u.post(new Event.Welcome(name, first, members, count)));
        // Churn is debug: a busy server must not spend its time logging joins (structured for JSON logs).
        if (log.isDebugEnabled()) {
            log.atDebug().addKeyValue("user", name).addKeyValue("remote", u.session().remote())
                    .addKeyValue("transport", u.session().kind())
                    .log("{} joined from {} via {} ({} {})", name, u.session().remote(), u.session().kind(),
                            names.size(), names.size() == 1 ? "user" : "users");
        }
        return true;
    }

    /** Says {@code text} in the named room, which the user must be in (the web client names rooms). */
    public void say(User u, String roomName, String text) {
        if (u.name() == null) {
            fail(u, "command.name", "say");
            return;
        }
        Room room = memberRoom(u, roomName);
        if (room != null) {
            commands.sayIn(u, room, Text.clean(text));
        }
    }

    /**
     * Replays a room's past to the user: the last {@code count} events ({@code kind} LAST), the
     * {@code count} before {@code seq} (BEFORE), or those after {@code seq} (SINCE, a reconnect catching
     * up: live events follow with no gap), then a {@link Event.HistoryEnd}. {@code roomName} null is the
     * current room.
     */
    public void history(User u, String roomName, HistoryKind kind, long seq, int count) {
        commands.history(u, roomName, kind, seq, count);
    }

    /** What a history request asks for. */
    public enum HistoryKind { LAST, BEFORE, SINCE }

    /**
     * Runs {@code cmd} with its arguments already split, for transports whose input is structured (the
     * web's JSON): the checks of a typed command (name first, argument count), with no text to re-parse,
     * so an argument may hold spaces without shifting the others.
     */
    public void run(User u, ChatCommand cmd, List<String> args) {
        if (u.isGone()) {
            return;
        }
        commands.run(u, cmd, args.stream().map(a -> a == null ? null : Text.clean(a)).toList());
    }

    /** The transport dropped a line over {@link ChatConfig#maxLineBytes()}; tells the sender. */
    public void tooLong(User u) {
        fail(u, "line.long", config.maxLineBytes());
    }

    /** The connection ended ({@code why} says how); leaves every room once, frees the name. */
    public void disconnect(User u, Event.Departure why, String reason) {
        if (!u.markGone()) {
            return;
        }
        connected.remove(u);
        String name = u.name();
        if (name == null) {
            return;
        }
        for (Room room : u.roomList()) {
            if (closing) {
                if (room.drop(u)) {
                    rooms.closed(room);
                }
                u.exited(room);
            } else {
                leave(u, room, why, reason);
            }
        }
        names.release(Names.fold(name), u);
        // While the server shuts down, connections close after the goodbye: log what the user heard.
        Event.Departure shown = closing ? Event.Departure.SHUTDOWN : why;
        if (log.isDebugEnabled()) {
            log.atDebug().addKeyValue("user", name).addKeyValue("reason", shown.name().toLowerCase())
                    .log("{} left ({}{}) ({} {})", name, shown.name().toLowerCase(), reason == null ? "" : ": " + reason,
                            names.size(), names.size() == 1 ? "user" : "users");
        }
    }

    /**
     * The transport is closing the connection because a limit tripped: the user gets {@code last} as
     * last words, then the rooms hear {@code why}.
     */
    public void expel(User u, Event.Departure why, Event.Goodbye last) {
        if (u.isGone()) {
            return;
        }
        u.post(last);
        disconnect(u, why, null);
    }

    /**
     * Tells everyone the server is going and will be back (a stop and a restart look the same from here);
     * transports close connections after the goodbye, a WebSocket with 1012, so clients come back.
     */
    public void shutdown() {
        closing = true;
        Event bye = Event.Goodbye.of(Event.Goodbye.RESTART);
        for (User u : connected) {
            u.post(bye);
        }
    }

    /** Users with a name. */
    public int users() {
        return names.size();
    }

    /** Open connections, named or not. */
    public int connections() {
        return connected.size();
    }

    /** Open connections and, of them, named users, by the session's {@link Session#kind}; counted now. */
    public Map<String, int[]> census() {
        Map<String, int[]> m = new HashMap<>();
        for (User u : connected) {
            int[] c = m.computeIfAbsent(u.session().kind(), k -> new int[2]);
            c[0]++;
            if (u.name() != null) {
                c[1]++;
            }
        }
        return m;
    }

    /** Names of the rooms open now (with members). */
    public List<String> roomNames() {
        return rooms.list().stream().map(Room::name).toList();
    }

    /** The store this chat keeps its rooms in. */
    public EventStore store() {
        return store;
    }

    // ---- shared with Commands ----

    /** Renames a named user to the account {@code name} it just signed in to. */
    boolean renameTo(User u, String name, String account) {
        u.account(account);
        if (!commands.renameTo(u, name)) {
            u.account(null);
            return false;
        }
        u.post(new Event.SignedIn(name));
        return true;
    }

    /** True when someone holds the folded name {@code key} now. */
    boolean nameInUse(String key) {
        return names.find(key) != null;
    }

    /**
     * Joins the named room, opening it if needed, and makes it current; retries if the room closed
     * between lookup and join. {@code greet} sees the member list before the join is announced.
     */
    Room enter(User u, String name, BiConsumer<List<String>, Integer> greet) {
        String who = u.name();
        long now = clock.getAsLong();
        while (true) {
            Room room = rooms.open(name);
            u.entered(room);
            BiConsumer<List<String>, Integer> switchThenGreet = (members, count) -> {
                u.post(new Event.Switched(room.name(), false));
                greet.accept(members, count);
            };
            if (room.join(u, config.replayOnJoin(), switchThenGreet, seq -> new Event.Joined(room.name(), seq, now, who))) {
                return room;
            }
            u.exited(room);
            rooms.closed(room);
        }
    }

    void leave(User u, Room room, Event.Departure why, String reason) {
        String name = u.name();
        long now = clock.getAsLong();
        if (room.leave(u, seq -> new Event.Left(room.name(), seq, now, name, why, reason))) {
            rooms.closed(room);
        }
        u.exited(room);
    }

    /** The room called {@code roomName} ({@code #} optional) if the user is in it; otherwise says why and returns null. */
    Room memberRoom(User u, String roomName) {
        String name = roomName.startsWith("#") ? roomName.substring(1) : roomName;
        Room room = rooms.find(Names.fold(Names.normalize(name)));
        if (room == null || !u.isIn(room)) {
            fail(u, room == null ? "room.unknown" : "room.notin", name);
            return null;
        }
        return room;
    }

    static void fail(User u, String code, Object... args) {
        u.post(Event.Failure.of(code, args));
    }
}
