package sori.chat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat's front: one name namespace ({@link Directory}) and one set of rooms ({@link Rooms}) shared by
 * every transport, kept in an {@link EventStore}. Transports call {@link #connect}, {@link #input} and
 * {@link #disconnect} from their own threads; the Hub answers by posting events to sessions' mailboxes.
 * Commands are in {@link Commands}.
 *
 * <p>A transport's handle is a {@link User}: one connection. Once it has a name it speaks as a
 * {@link Person}: a guest's own, or its account's, shared by every connection signed in to it, so the
 * account is one member of each room however many connections it has (at most
 * {@link Person#MAX_CONNECTIONS}). Lock tiers: a connection's ({@link User}) monitor, then a
 * {@link Person}'s, then a {@link Room}'s, never the other way; the name and room tables are concurrent
 * maps taken without any of them.
 */
public final class Hub {

    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    private final ChatConfig config;
    private final Texts texts;
    private final EventStore store;
    private final SharedOrder order; // null: rooms number their own events
    private final Directory names = new LocalDirectory();
    private final Watchers watchers = new Watchers();
    private final Rooms rooms;
    private final Commands commands;
    private final AccountCommands accounts;
    private final Policies policies;
    private final ModerationCommands moderation;
    private final SignIns signIns;
    private final Sasl sasl;
    private final LongSupplier clock;
    private final Set<User> connected = ConcurrentHashMap.newKeySet();
    /** Held while a leaving user's name is released and the names left are counted (for its log line). */
    private final Object releasing = new Object();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean closing;
    private volatile Namespace namespace = Namespace.LOCAL;

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
        this(config, store, accounts, new MemoryModeration(), new MemorySessionTokens(), deliverAfterCommit, clock);
    }

    /** @param kept where roles, modes, bans and mutes are kept (the store's, or memory); read once, now */
    public Hub(ChatConfig config, EventStore store, Accounts accounts, Moderation kept, boolean deliverAfterCommit,
            LongSupplier clock) {
        this(config, store, accounts, kept, new MemorySessionTokens(), deliverAfterCommit, clock);
    }

    /** @param tokens where the web's session tokens are kept (hashed), beside the accounts */
    public Hub(ChatConfig config, EventStore store, Accounts accounts, SessionTokens tokens, boolean deliverAfterCommit,
            LongSupplier clock) {
        this(config, store, accounts, new MemoryModeration(), tokens, deliverAfterCommit, clock);
    }

    /**
     * @param kept   where roles, modes, bans and mutes are kept (the store's, or memory); read once, now
     * @param tokens where the web's session tokens are kept (hashed), beside the accounts
     */
    public Hub(ChatConfig config, EventStore store, Accounts accounts, Moderation kept, SessionTokens tokens,
            boolean deliverAfterCommit,
            LongSupplier clock) {
        this(config, store, accounts, kept, tokens, deliverAfterCommit, clock, null);
    }

    /**
     * @param order the order outside this process rooms' events go through (a cluster; see
     *              {@link SharedOrder} and {@link #ordered}), or null: each room numbers its own events
     */
    public Hub(ChatConfig config, EventStore store, Accounts accounts, Moderation kept, SessionTokens tokens,
            boolean deliverAfterCommit, LongSupplier clock, SharedOrder order) {
        this.config = config;
        this.texts = config.texts();
        this.store = store;
        this.order = order;
        this.clock = clock;
        this.rooms = new Rooms(store, Sequencer.local(), deliverAfterCommit, config, clock, order);
        Logins logins = new Logins(accounts, clock);
        this.signIns = new SignIns(this, logins, tokens, clock);
        this.sasl = new Sasl(logins);
        this.accounts = new AccountCommands(this, logins, signIns, clock);
        this.policies = new Policies(kept, config.admins(), clock);
        this.moderation = new ModerationCommands(this, rooms, names, policies, clock);
        this.commands = new Commands(this, rooms, names, store, this.accounts, moderation, clock);
    }

    public ChatConfig config() {
        return config;
    }

    /** Sign-ins that outlive a connection: passwords to session tokens, and tokens back to accounts. */
    public SignIns signIns() {
        return signIns;
    }

    /** SASL against the accounts (IRC's {@code AUTHENTICATE}). */
    public Sasl sasl() {
        return sasl;
    }

    /** The server's language: the default for sessions that did not choose one. */
    public Texts texts() {
        return texts;
    }

    /**
     * Makes this Hub one node of a namespace beyond this process (a cluster: see {@link Namespace}); once,
     * before the first connection. Without it, this process is the whole namespace.
     */
    public void namespace(Namespace namespace) {
        this.namespace = java.util.Objects.requireNonNull(namespace);
    }

    /** True when names and private messages reach beyond this process ({@link #namespace(Namespace)}). */
    public boolean clustered() {
        return namespace != Namespace.LOCAL;
    }

    Namespace namespace() {
        return namespace;
    }

    // ---- what transports call ----

    /** A new connection: asks it for a name. */
    public User connect(Session session) {
        User u = new User(session, ids.incrementAndGet(), texts);
        connected.add(u);
        if (moderation.serverBanned(u, null, null)) { // an address banned server-wide: not even a prompt
            expel(u, Event.Departure.DISCONNECTED, Event.Goodbye.of("error.sban"));
            return u;
        }
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
     * A new connection that is already signed in to {@code account} (a session token it presented), with no
     * prompt and in the account's stored language: the account's name and first room, or, when the account
     * is on elsewhere, one more connection of it ({@link Event.Attached}). When a guest holds the name or
     * the account is full it is told why and asked for a name like any new connection.
     */
    public User signIn(Session session, Accounts.Account account) {
        User u = new User(session, ids.incrementAndGet(), texts);
        connected.add(u);
        admit(u, account.name(), account.key(), account.language());
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
        return admit(u, name, null, null);
    }

    /** {@link #admit(User, String, String, String)} with no stored language. */
    boolean admit(User u, String name, String account) {
        return admit(u, name, account, null);
    }

    /**
     * The one place a connection without a name gets one: as the guest {@code name} ({@code account}
     * null), or signed in to {@code account} (a folded name) as {@code name}. The first connection of an
     * account (or a guest) becomes a new {@link Person} in the first room, welcomed with its members; a
     * further connection of an account already on attaches to that person and is told its rooms
     * ({@link Event.Attached}). {@code language} is the account's stored choice ({@code en}, {@code ko})
     * or null. False, with the reason and a new prompt posted, when the name is someone else's or the
     * account has {@link Person#MAX_CONNECTIONS} already.
     */
    boolean admit(User u, String name, String account, String language) {
        return admit(u, name, account, null, language);
    }

    /**
     * A connection that signed in to {@code account} before it had a name (IRC's SASL) takes the name
     * {@code nick}: the account's own (as registered, whatever its case), or another that is no other
     * account's. A further connection with the same account and nick joins that person; one with another
     * nick is a person of its own, signed in to the same account. False, with the reason and a new prompt
     * posted, when the nick is not valid, taken, another account's, or the account is full.
     */
    public boolean admitSignedIn(User u, String nick, Accounts.Account account) {
        if (u.name() != null || u.isGone()) {
            return false;
        }
        String name = Names.normalize(nick);
        String problem = Names.problem(name);
        if (problem != null) {
            fail(u, problem, name.replaceAll("\\s+", "_"));
            u.post(new Event.Prompt());
            return false;
        }
        String key = Names.fold(name);
        if (key.equals(account.key())) {
            name = account.name();
        } else if (accounts.registered(key)) {
            fail(u, "name.taken", name);
            u.post(new Event.Prompt());
            return false;
        }
        return admit(u, name, account.key(), account.name(), account.language());
    }

    /**
     * A guest with a name signs in to {@code account} and keeps its name (IRC's SASL after registration):
     * the name must be no other account's, and the guest must be one connection. Its rooms hear of it
     * ({@link Event.AccountChanged}). False, with the reason posted, otherwise.
     */
    public boolean signInKeepingName(User u, Accounts.Account account) {
        Person p = u.person();
        if (p == null || u.isGone() || p.account() != null) {
            return false;
        }
        String key = Names.fold(p.name());
        if (!key.equals(account.key()) && accounts.registered(key)) {
            fail(u, "name.taken", p.name());
            return false;
        }
        if (moderation.serverBanned(u, p.name(), account.key())) {
            expel(u, Event.Departure.DISCONNECTED, Event.Goodbye.of("error.sban"));
            return false;
        }
        synchronized (p) {
            if (p.isGone() || p.connections().length != 1 || p.account() != null) {
                return false;
            }
            p.account(account.key(), account.name());
            Texts chosen = account.language() == null ? null : Texts.known(account.language());
            if (chosen != null) {
                p.language(chosen);
                u.texts(chosen);
            }
            p.post(new Event.SignedIn(account.name()));
        }
        accountChanged(p);
        return true;
    }

    /**
     * Tells the people sharing a room with {@code p} that it signed in or out (its account now), once each,
     * on the connections that show it ({@link Session#hearsAccounts}).
     */
    void accountChanged(Person p) {
        Event e = new Event.AccountChanged(p.name(), p.accountName());
        Delivery d = null;
        java.util.Set<Person> told = new java.util.HashSet<>();
        told.add(p);
        for (Room room : p.roomList()) {
            for (Person m : room.members()) {
                if (!told.add(m)) {
                    continue;
                }
                for (User c : m.connections()) {
                    if (c.session().hearsAccounts()) {
                        if (d == null) {
                            d = new Delivery(e);
                        }
                        c.post(d);
                    }
                }
            }
        }
    }

    private boolean admit(User u, String name, String account, String accountName, String language) {
        if (u.person() != null || u.isGone()) {
            return false;
        }
        if (moderation.serverBanned(u, name, account)) {
            expel(u, Event.Departure.DISCONNECTED, Event.Goodbye.of("error.sban"));
            return false;
        }
        String key = Names.fold(name);
        return reserving(u, key, name, true, () -> admitReserved(u, name, key, account, accountName, language));
    }

    /**
     * The part of {@link #admit(User, String, String, String, String)} that runs once the namespace reserved
     * {@code key} for this node: as in one process. A new person's hold on the name counts as a claim of its own.
     */
    private boolean admitReserved(User u, String name, String key, String account, String accountName,
            String language) {
        if (u.person() != null || u.isGone()) {
            return false;
        }
        Texts chosen = language == null ? null : Texts.known(language);
        while (true) {
            Person fresh = new Person(name, account);
            fresh.account(account, accountName);
            boolean claimed;
            synchronized (fresh) {
                claimed = names.claim(key, fresh);
                if (claimed) {
                    namespace.claim(key); // answers at once: the reservation holds the name for this node
                    if (chosen != null) {
                        fresh.language(chosen);
                        u.texts(chosen);
                    }
                    fresh.attach(u);
                    u.person(fresh);
                    if (account != null) {
                        u.post(new Event.SignedIn(fresh.accountName()));
                    }
                    if (u.session().entersFirstRoom()) {
                        enterFirstRoom(u, name);
                    } else {
                        u.post(new Event.Welcome(name, null, List.of(), 0)); // IRC: a client joins the channels it wants
                    }
                }
            }
            if (claimed) {
                watchers.changed(key, name, true);
                logJoin(u, name);
                leaveIfClosedMeanwhile(u);
                return true;
            }
            Person holder = names.find(key);
            if (holder == null) {
                continue; // released meanwhile: try again
            }
            if (account == null || !account.equals(holder.account())) {
                fail(u, "name.taken", name);
                u.post(new Event.Prompt());
                return false;
            }
            switch (attach(u, holder)) {
                case ATTACHED -> {
                    logJoin(u, holder.name());
                    leaveIfClosedMeanwhile(u);
                    return true;
                }
                case FULL -> {
                    fail(u, "account.full", holder.name(), Person.MAX_CONNECTIONS);
                    u.post(new Event.Prompt());
                    return false;
                }
                case GONE -> Thread.onSpinWait(); // its last connection is leaving: the name is free in a moment
            }
        }
    }

    /**
     * Runs {@code then} with the folded name {@code key} reserved for this node in the {@link Namespace}: at once
     * when the namespace answers at once (one process, or a name this node holds already), else when it answers,
     * with {@code u}'s input held meanwhile. When a person on another node holds the name, {@code u} hears
     * {@code name.taken} (as {@code shown}); when the cluster cannot answer, {@code cluster.unavailable}; with
     * {@code prompt} it is asked for a name again after either. The reservation is given back after {@code then}:
     * whoever took the name meanwhile counted a claim of its own. Returns what {@code then} returned when it ran
     * at once, else false (its outcome is posted to {@code u}).
     */
    boolean reserving(User u, String key, String shown, boolean prompt, BooleanSupplier then) {
        CompletableFuture<Boolean> claim = namespace.claim(key).toCompletableFuture();
        if (!claim.isDone()) {
            accounts.holdUntil(u, claim, (ok, error) -> reserved(u, key, shown, prompt, ok, error, then));
            return false;
        }
        Boolean ok = null;
        Throwable error = null;
        try {
            ok = claim.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            error = e;
        }
        return reserved(u, key, shown, prompt, ok, error, then);
    }

    private boolean reserved(User u, String key, String shown, boolean prompt, Boolean ok, Throwable error,
            BooleanSupplier then) {
        if (error != null || ok == null) {
            log.debug("cannot reserve the name {}: {}", shown, String.valueOf(error));
            if (!u.isGone()) {
                fail(u, "cluster.unavailable");
                if (prompt) {
                    u.post(new Event.Prompt());
                }
            }
            return false;
        }
        if (!ok) {
            if (!u.isGone()) {
                fail(u, "name.taken", shown);
                if (prompt) {
                    u.post(new Event.Prompt());
                }
            }
            return false;
        }
        try {
            return !u.isGone() && then.getAsBoolean();
        } finally {
            namespace.release(key);
        }
    }

    /**
     * Holds {@code u}'s input until {@code work} answers, then runs {@code then} with the answer: for waits on the
     * cluster that must not let the user's later lines overtake (a private message to another node).
     */
    <T> void holdUntil(User u, CompletionStage<T> work, BiConsumer<T, Throwable> then) {
        accounts.holdUntil(u, work, then);
    }

    /** Puts a new person in the first room, welcomed with its members. */
    private void enterFirstRoom(User u, String name) {
        String first = config.firstRoom();
        // Banned from the first room: in, with no room, told why (its other modes do not apply).
        enter(u, first, (members, count) -> u.post(new Event.Welcome(name, first, members, count)),
                size -> {
                    Event.Failure refused = moderation.joinRefusal(u, Names.fold(first), first, 0, null);
                    if (refused != null && refused.code().startsWith("join.banned")) {
                        u.post(refused);
                        u.post(new Event.Welcome(name, null, List.of(), 0));
                        return false;
                    }
                    return true;
                });
    }

    private enum Attach { ATTACHED, FULL, GONE }

    /**
     * The connection may have closed while it was being admitted (a sign-in answers on another thread):
     * its disconnect found no person then, so it leaves now. Both sides write before they read (gone,
     * then the person; the person, then gone), so at least one of them sees the other.
     */
    private void leaveIfClosedMeanwhile(User u) {
        if (u.isGone()) {
            detach(u, Event.Departure.DISCONNECTED, null);
        }
    }

    /**
     * Adds connection {@code u} to {@code p}: a welcome naming its rooms first, then, in each room, the
     * recent events and from then on every live one, in the room's order.
     */
    private Attach attach(User u, Person p) {
        synchronized (p) {
            if (p.isGone()) {
                return Attach.GONE;
            }
            if (p.connections().length >= Person.MAX_CONNECTIONS) {
                return Attach.FULL;
            }
            if (p.language() != null) {
                u.texts(p.language());
            }
            List<Room> in = p.roomList();
            Room current = p.lastRoom();
            u.person(p);
            u.current(current);
            u.post(new Event.SignedIn(p.accountName()));
            u.post(new Event.Attached(p.name(), p.rooms(), p.connections().length + 1));
            if (current != null) {
                u.post(new Event.Switched(current.name(), false));
            }
            p.attach(u);
            for (Room room : in) {
                room.attached(u, config.replayOnJoin());
            }
            return Attach.ATTACHED;
        }
    }

    /**
     * A named connection signed in to {@code account} ({@code /login}): a guest renames to the account's
     * name, or, when the account is on elsewhere, leaves as the guest and attaches to it. A connection
     * that shares its person with others (they stayed on after {@code /unregister}) leaves them quietly.
     */
    boolean signIn(User u, String name, String account, String language) {
        String key = Names.fold(name);
        Person guest = u.person();
        Person holder = names.find(key);
        if (guest.connections().length == 1 && (holder == null || holder == guest)) {
            if (renameTo(u, name, account)) {
                Texts chosen = language == null ? null : Texts.known(language);
                if (chosen != null) {
                    guest.language(chosen);
                    u.texts(chosen);
                }
                return true;
            }
            holder = names.find(key);
            if (holder == null || holder == guest) {
                return false;
            }
        }
        if (holder != null && !account.equals(holder.account())) {
            fail(u, "name.taken", name);
            return false;
        }
        if (holder != null && holder.connections().length >= Person.MAX_CONNECTIONS) {
            fail(u, "account.full", holder.name(), Person.MAX_CONNECTIONS);
            return false;
        }
        // The guest goes (its rooms hear it quit) and this connection comes back as the account.
        detach(u, Event.Departure.QUIT, null);
        u.current(null);
        u.person(null);
        return admit(u, name, account, language);
    }

    private void logJoin(User u, String name) {
        // Churn is debug: a busy server must not spend its time logging joins (structured for JSON logs).
        if (log.isDebugEnabled()) {
            log.atDebug().addKeyValue("user", name).addKeyValue("remote", u.session().remote())
                    .addKeyValue("transport", u.session().kind())
                    .log("{} joined from {} via {} ({} {})", name, u.session().remote(), u.session().kind(),
                            names.size(), names.size() == 1 ? "user" : "users");
        }
    }

    /**
     * Says {@code text} in the named room (the web client names rooms): one the user is in, or one it is
     * not in that takes messages from outside (-n).
     */
    public void say(User u, String roomName, String text) {
        if (accounts.holds(u, () -> say(u, roomName, text))) {
            return; // behind an account operation, like a typed line
        }
        if (u.name() == null) {
            fail(u, "command.name", "say");
            return;
        }
        Room room = openRoom(u, roomName);
        if (room != null) {
            commands.sayIn(u, room, Text.clean(text));
        }
    }

    /**
     * Says {@code text} in the named room with what the transport knows of it ({@code meta}: a notice,
     * client-only tags, the lines of a multiline message; the account is the Hub's to fill in).
     * {@code action}: as {@code /me}. The room is one the user is in, or a -n one it is not in.
     */
    public void say(User u, String roomName, String text, boolean action, Event.Meta meta) {
        if (u.isGone() || accounts.holds(u, () -> say(u, roomName, text, action, meta))) {
            return;
        }
        if (u.name() == null) {
            fail(u, "command.name", "say");
            return;
        }
        Room room = openRoom(u, roomName);
        if (room == null) {
            return;
        }
        String clean = meta.lines() ? Text.cleanLines(text) : Text.clean(text);
        if (action) {
            commands.actIn(u, room, clean, meta);
        } else {
            commands.sayIn(u, room, clean, meta);
        }
    }

    /** A private message to {@code to}, as {@code /msg}, with {@code meta} as in {@link #say(User, String, String, boolean, Event.Meta)}. */
    public void message(User u, String to, String text, Event.Meta meta) {
        if (u.isGone() || accounts.holds(u, () -> message(u, to, text, meta))) {
            return;
        }
        if (u.name() == null) {
            fail(u, "command.name", "msg");
            return;
        }
        commands.privateMessage(u, to, meta.lines() ? Text.cleanLines(text) : Text.clean(text), meta);
    }

    /**
     * Sends client-only tags without text ({@link Event.Tagged}) to the members of the room {@code target}
     * names when it starts with {@code #}, else to the person it names (and the sender's connections);
     * only sessions that {@link Session#takes} it get it. {@code keep}: stored in history like a message
     * (a room's as {@link Event.KeptTags} in its order, a private one in its conversation), else never.
     */
    public void tag(User u, String target, Event.Meta meta, boolean keep) {
        if (u.isGone() || u.name() == null || accounts.holds(u, () -> tag(u, target, meta, keep))) {
            return;
        }
        Person p = u.person();
        Event.Meta m = meta.withAccount(p.accountName());
        long now = clock.getAsLong();
        if (target.startsWith("#")) {
            Room room = memberRoom(u, target);
            if (room != null && keep) {
                commands.keepTagsIn(u, room, meta);
            } else if (room != null) {
                room.signal(p, new Event.Tagged(p.name(), room.name(), null, now, m));
            }
            return;
        }
        Person to = names.find(Names.fold(Names.normalize(target)));
        if (to == null) {
            fail(u, "user.unknown", target);
            return;
        }
        Event.Tagged e = new Event.Tagged(p.name(), null, to.name(), now, m, keep);
        if (keep) {
            store.appendPrivateTags(e);
        }
        Delivery d = new Delivery(e);
        for (Person each : to == p ? List.of(p) : List.of(to, p)) {
            for (User c : each.connections()) {
                if (c.session().takes(e)) {
                    c.post(d);
                }
            }
        }
    }

    /**
     * Replays a room's past to the user: the last {@code count} events ({@code kind} LAST), the
     * {@code count} before {@code seq} (BEFORE), or those after {@code seq} (SINCE, a reconnect catching
     * up: live events follow with no gap), then a {@link Event.HistoryEnd}. {@code roomName} null is the
     * current room.
     */
    public void history(User u, String roomName, HistoryKind kind, long seq, int count) {
        if (!accounts.holds(u, () -> history(u, roomName, kind, seq, count))) {
            commands.history(u, roomName, kind, seq, count);
        }
    }

    /** What a history request asks for. */
    public enum HistoryKind { LAST, BEFORE, SINCE }

    /**
     * Runs {@code cmd} with its arguments already split, for transports whose input is structured (the
     * web's JSON): the checks of a typed command (name first, argument count), with no text to re-parse,
     * so an argument may hold spaces without shifting the others.
     */
    public void run(User u, ChatCommand cmd, List<String> args) {
        if (u.isGone() || accounts.holds(u, () -> run(u, cmd, args))) {
            return;
        }
        commands.run(u, cmd, args.stream().map(a -> a == null ? null : Text.clean(a)).toList());
    }

    /**
     * Runs {@code then} once no account operation of {@code u} is out (now, when none is): after the answer
     * to a password check has been posted. For a transport that answers some input itself and must not let
     * that answer overtake the Hub's (IRC's PING after OPER).
     */
    public void settled(User u, Runnable then) {
        if (!accounts.holds(u, then)) {
            then.run();
        }
    }

    /** Leaves the named room with a reason, for protocols whose part carries one (IRC's PART). */
    public void part(User u, String roomName, String reason) {
        if (u.name() == null || u.isGone()) {
            return;
        }
        commands.part(u, roomName, reason == null || reason.isBlank() ? null : Text.clean(reason));
    }

    /** The transport dropped a line over {@link ChatConfig#maxLineBytes()}; tells the sender. */
    public void tooLong(User u) {
        fail(u, "line.long", config.maxLineBytes());
    }

    /**
     * Shared order: {@code event}, numbered, is the next of the room {@code roomKey} (a folded name), from
     * this node or another; the order calls this in sequence, one at a time per room, without gaps (see
     * {@link SharedOrder}). The room's members here get it; nothing happens when none are here.
     */
    public void ordered(String roomKey, Event.RoomEvent event) {
        Room room = rooms.find(roomKey);
        if (room != null && room.ordered(event)) {
            rooms.closed(room);
        }
    }

    /**
     * Shared order: the room {@code roomKey} has {@code names} as members on any node, as the order knows
     * them now; those not here become its roster of members elsewhere (NAMES, who, counts and limits).
     * For the order to call when this node starts following a room that already has people elsewhere.
     */
    public void remoteMembers(String roomKey, java.util.Collection<String> names) {
        Room room = rooms.find(roomKey);
        if (room != null) {
            room.remoteMembers(names);
        }
    }

    /** The connection ended ({@code why} says how); leaves every room once, frees the name. */
    public void disconnect(User u, Event.Departure why, String reason) {
        if (!u.markGone()) {
            return;
        }
        connected.remove(u);
        String name = u.name();
        int remaining = name == null ? -1 : detach(u, why, reason);
        if (remaining < 0) {
            return;
        }
        // While the server shuts down, connections close after the goodbye: log what the user heard.
        Event.Departure shown = closing ? Event.Departure.SHUTDOWN : why;
        if (log.isDebugEnabled()) {
            log.atDebug().addKeyValue("user", name).addKeyValue("reason", shown.name().toLowerCase())
                    .log("{} left ({}{}) ({} {})", name, shown.name().toLowerCase(), reason == null ? "" : ": " + reason,
                            remaining, remaining == 1 ? "user" : "users");
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

    /**
     * A connection of the person called {@code name} (any case, any look-alike spelling), or null; for
     * queries such as IRC's WHOIS. With several connections, one of them (the first still open).
     */
    public User find(String name) {
        String normal = Names.normalize(name);
        Person p = normal.isEmpty() ? null : names.find(Names.fold(normal));
        if (p == null) {
            return null;
        }
        User[] all = p.connections();
        return all.length == 0 ? null : all[0];
    }

    /** Someone held on another node: the name, the node's id, and the account's name when known (else null). */
    public record Elsewhere(String name, String node, String account) {}

    /**
     * Looks for the person called {@code name} on the other nodes (for IRC's WHOIS of someone not here) and gives
     * {@code then} what the namespace knows, or null when no other node holds the name or the cluster cannot say;
     * {@code u}'s input waits meanwhile. The account is known only when the name is a registered one (its holder
     * signed in to it, as nobody else may hold it); the name is then spelt as the account is, else as asked.
     */
    public void elsewhere(User u, String name, Consumer<Elsewhere> then) {
        String normal = Names.normalize(name);
        if (normal.isEmpty() || !clustered()) {
            then.accept(null);
            return;
        }
        String key = Names.fold(normal);
        CompletionStage<Elsewhere> found = namespace.locate(key).<Elsewhere>thenCompose(node -> {
            if (node == null) {
                return CompletableFuture.<Elsewhere>completedFuture(null);
            }
            if (!accounts.registered(key)) {
                return CompletableFuture.completedFuture(new Elsewhere(normal, node, null));
            }
            return signIns.account(key).thenApply(a -> a.map(x -> new Elsewhere(x.name(), node, x.name()))
                    .orElse(new Elsewhere(normal, node, null)));
        });
        accounts.holdUntil(u, found, (e, error) -> then.accept(error == null ? e : null));
    }

    /**
     * Namespace: a private message from a person on another node to {@code message.to()}, held here; every
     * connection of that person gets it as it would a local one. The sender's node stored it. False when nobody
     * here holds the name (any more): it goes nowhere.
     */
    public boolean privateArrived(Event.Private message) {
        String normal = Names.normalize(message.to());
        Person to = normal.isEmpty() ? null : names.find(Names.fold(normal));
        if (to == null) {
            return false;
        }
        to.post(new Delivery(message));
        return true;
    }

    /**
     * The room called {@code name} ({@code #} optional) as it is now: its members, topic, operators and
     * voiced members; null when no such room is open. For protocols that answer such queries themselves
     * (IRC's NAMES, WHO, TOPIC).
     */
    public Event.Who roomInfo(String name) {
        String normal = Names.normalize(name.startsWith("#") ? name.substring(1) : name);
        Room room = normal.isEmpty() ? null : rooms.find(Names.fold(normal));
        return room == null ? null : moderation.who(room);
    }

    /**
     * {@link #roomInfo(String)}, and in a cluster also a room open only on other nodes: its members there (no
     * ranks), name and topic; null when no node has members in it, it is secret, or the cluster cannot tell
     * now. {@code then} runs at once when the room is open here or there is no cluster, else on whatever thread
     * the cluster's answer comes on: what it sends must go through the asker's mailbox. For IRC's NAMES.
     */
    public void roomInfo(String name, java.util.function.Consumer<Event.Who> then) {
        String normal = Names.normalize(name.startsWith("#") ? name.substring(1) : name);
        Room room = normal.isEmpty() ? null : rooms.find(Names.fold(normal));
        if (room != null || normal.isEmpty() || rooms.shared() == null) {
            then.accept(room == null ? null : moderation.who(room));
            return;
        }
        commands.roomList().elsewhere(Names.fold(normal), normal, then);
    }

    /**
     * The modes of the room called {@code name} ({@code #} optional) as {@code /mode} shows them to a
     * member ({@code +nm}, a limit after the letters, never the key), or null when no such room is open.
     */
    public String roomModes(String name) {
        String normal = Names.normalize(name.startsWith("#") ? name.substring(1) : name);
        Room room = normal.isEmpty() ? null : rooms.find(Names.fold(normal));
        return room == null ? null : policies.of(room.key()).modeString(false);
    }

    /**
     * When the room called {@code name} ({@code #} optional) was first opened, in milliseconds since the
     * epoch (0 when unknown), or -1 when no such room is open (IRC's RPL_CREATIONTIME).
     */
    public long roomCreated(String name) {
        Room room = openRoom(name);
        return room == null ? -1 : room.state().created();
    }

    /**
     * The event that set the topic of the room called {@code name} ({@code #} optional): who and when (IRC's
     * RPL_TOPICWHOTIME); null when no such room is open or it is not known (set before the room last opened).
     */
    public Event.TopicSet topicSet(String name) {
        Room room = openRoom(name);
        return room == null ? null : room.topicSet();
    }

    /** The bans of the room called {@code name} ({@code #} optional), oldest first; empty when none (IRC's ban list). */
    public List<Moderation.Ban> bans(String name) {
        Room room = openRoom(name);
        RoomPolicy p = room == null ? null : policies.find(room.key());
        if (p == null) {
            return List.of();
        }
        List<Moderation.Ban> all = new java.util.ArrayList<>(p.bans());
        all.sort(java.util.Comparator.comparingLong(Moderation.Ban::created));
        return all;
    }

    /** Every connection of the person called {@code name} (any case, any look-alike spelling); empty when nobody. */
    public List<User> connectionsOf(String name) {
        return moderation.connectionsOf(name);
    }

    private Room openRoom(String name) {
        String normal = Names.normalize(name.startsWith("#") ? name.substring(1) : name);
        return normal.isEmpty() ? null : rooms.find(Names.fold(normal));
    }

    /**
     * {@code u} wants word when the name {@code name} comes on or goes off ({@link Event.Notice} {@code
     * monitor.online}, {@code monitor.offline}), until {@link #unwatch}: IRC's MONITOR. Returns the name as
     * its holder spells it when someone holds it now, else null.
     */
    public String watch(User u, String name) {
        String normal = Names.normalize(name);
        if (normal.isEmpty()) {
            return null;
        }
        String key = Names.fold(normal);
        watchers.watch(u, key);
        Person p = names.find(key);
        return p == null ? null : p.name();
    }

    public void unwatch(User u, String name) {
        String normal = Names.normalize(name);
        if (!normal.isEmpty()) {
            watchers.unwatch(u, Names.fold(normal));
        }
    }

    /** A person renamed from {@code old} to {@code name}: those watching either name hear of it. */
    void renamed(String old, String name) {
        String oldKey = Names.fold(old);
        String newKey = Names.fold(name);
        if (!oldKey.equals(newKey)) {
            watchers.changed(oldKey, old, false);
            watchers.changed(newKey, name, true);
        }
    }

    /** True when {@code u} administers the server: signed in to an {@code --admin} account, or one given with {@code /oper}. */
    public boolean isAdmin(User u) {
        return policies.admin(u);
    }

    /** Every named connection, now (for IRC's WHO with a mask). */
    public List<User> everyone() {
        return connected.stream().filter(u -> u.name() != null).toList();
    }

    /** Writes what moderation changes are still queued for the store: call before closing the store. */
    public void close() {
        policies.close();
    }

    /**
     * What the chat still waits for before it can serve, by {@link Readiness#what} ("store", "cluster"), or null
     * when ready: the store, and the shared order if it says (a cluster node whose lease is lost does not).
     */
    public String notReady() {
        return Readiness.notReady(store, order);
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

    /**
     * Takes connection {@code u} away from its person. The person's last connection takes it out of
     * every room (announced as {@code why}) and frees its name; it returns how many names are still held
     * then. Otherwise the rooms only stop sending to this connection, nobody hears of it, and it returns -1.
     */
    private int detach(User u, Event.Departure why, String reason) {
        Person p = u.person();
        if (p == null) {
            return -1;
        }
        synchronized (p) {
            User[] conns = p.connections();
            boolean last = conns.length == 1 && conns[0] == u;
            if (!last) {
                p.detach(u);
                for (Room room : p.roomList()) {
                    room.detached(u);
                }
                return -1;
            }
            for (Room room : p.roomList()) {
                if (closing && order == null) { // everyone here is going too: nobody to tell
                    if (room.drop(p)) {
                        rooms.closed(room);
                    }
                    p.exited(room);
                } else {
                    // In a shared order the other nodes' members stay: they hear this one quit with the server.
                    leave(u, room, closing ? Event.Departure.SHUTDOWN : why, reason);
                }
            }
            p.detach(u);
        }
        String key = Names.fold(p.name());
        int remaining;
        synchronized (releasing) { // so two leaving at once do not both count the names left after both
            if (names.release(key, p)) {
                namespace.release(key); // after the directory let go; one here taking it since counted a claim of its own
            }
            remaining = names.size();
        }
        watchers.changed(key, p.name(), false);
        moderation.gone(p); // a guest's voice ends with it
        return remaining;
    }

    // ---- shared with Commands ----

    /** Renames a named user to the account {@code name} it just signed in to. */
    boolean renameTo(User u, String name, String account) {
        Person p = u.person();
        p.account(account);
        if (!commands.renameTo(u, name)) {
            p.account(null);
            return false;
        }
        u.post(new Event.SignedIn(name));
        accountChanged(p);
        return true;
    }

    /** True when someone holds the folded name {@code key} now. */
    boolean nameInUse(String key) {
        return names.find(key) != null;
    }

    /**
     * Joins the named room, opening it if needed, and makes it current; retries if the room closed
     * between lookup and join. {@code greet} sees the member list before the join is announced.
     * {@code admits} is asked under the room's monitor with its member count now (so a limit holds
     * however many join at once); when it refuses (having said why) the person stays out and this
     * returns null.
     */
    Room enter(User u, String name, BiConsumer<List<String>, Integer> greet, IntPredicate admits) {
        Person p = u.person();
        String who = p.name();
        String account = p.accountName();
        long now = clock.getAsLong();
        synchronized (p) {
            if (p.isGone()) {
                return null;
            }
            while (true) {
                Room room = rooms.open(name);
                p.entered(room);
                // This connection talks in the new room now; so do the others that were in none.
                BiConsumer<List<String>, Integer> switchThenGreet = (members, count) -> {
                    for (User c : p.connections()) {
                        if (c == u || c.current() == null) {
                            c.current(room);
                            c.post(new Event.Switched(room.name(), false));
                        }
                    }
                    greet.accept(members, count);
                };
                Room.Entry entry = room.join(p, config.replayOnJoin(), switchThenGreet,
                        seq -> new Event.Joined(room.name(), seq, now, who, account), admits);
                if (entry == Room.Entry.JOINED) {
                    return room;
                }
                p.exited(room);
                if (entry == Room.Entry.REFUSED) {
                    if (room.isClosed()) {
                        rooms.closed(room);
                    }
                    return null;
                }
                rooms.closed(room);
            }
        }
    }

    /** Takes the user's person out of {@code room}; returns the connections whose current room changed. */
    List<User> leave(User u, Room room, Event.Departure why, String reason) {
        Person p = u.person();
        String name = p.name();
        long now = clock.getAsLong();
        synchronized (p) {
            if (room.leave(p, seq -> new Event.Left(room.name(), seq, now, name, why, reason))) {
                rooms.closed(room);
            }
            moderation.left(p, room);
            return p.exited(room);
        }
    }

    /**
     * Takes {@code p} (every connection of it) out of {@code room} with {@code removal} (a kick) as the
     * room's last word to it; the room's other members see it too. Tells each connection whose current
     * room it was where it talks now.
     */
    void kick(Person p, Room room, LongFunction<Event.RoomEvent> removal) {
        synchronized (p) {
            if (room.remove(p, removal)) {
                rooms.closed(room);
            }
            moderation.left(p, room);
            if (!p.isIn(room)) {
                return;
            }
            for (User c : p.exited(room)) {
                c.post(new Event.Switched(c.currentRoom(), true));
            }
        }
    }

    /** The account {@code key} was deleted ({@code /unregister}): its roles and foundings go with it. */
    void accountDeleted(String key) {
        moderation.forgetAccount(key);
    }

    /** True when the account {@code key} (a folded name) is named with {@code --admin}. */
    boolean administers(String key) {
        return policies.adminAccount(key);
    }

    /** Every open connection, named or not. */
    Set<User> connectedUsers() {
        return connected;
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

    /**
     * The open room called {@code roomName} ({@code #} optional), whether or not the user is in it (the
     * line's checks say whether it may speak there); otherwise says there is none and returns null.
     */
    private Room openRoom(User u, String roomName) {
        Room room = openRoom(roomName);
        if (room == null) {
            fail(u, "room.unknown", roomName.startsWith("#") ? roomName.substring(1) : roomName);
        }
        return room;
    }

    static void fail(User u, String code, Object... args) {
        u.post(Event.Failure.of(code, args));
    }
}
