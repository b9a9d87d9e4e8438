package sori.chat;

import java.util.List;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat commands' work, one method per {@link ChatCommand} entry. The dispatcher here checks what the
 * table declares (name first, argument count) once; a handler only acts, and never sees a wrong use.
 */
final class Commands {

    private static final Logger log = LoggerFactory.getLogger(Commands.class);

    private final Hub hub;
    private final Rooms rooms;
    private final Directory names;
    private final EventStore store;
    private final LongSupplier clock;
    private final ChatConfig config;
    private final AccountCommands accounts;
    private final ModerationCommands moderation;
    private final RoomList roomList;

    Commands(Hub hub, Rooms rooms, Directory names, EventStore store, AccountCommands accounts,
            ModerationCommands moderation, LongSupplier clock) {
        this.accounts = accounts;
        this.moderation = moderation;
        this.hub = hub;
        this.rooms = rooms;
        this.names = names;
        this.store = store;
        this.clock = clock;
        this.config = hub.config();
        this.roomList = new RoomList(rooms, moderation, store, moderation.kept(), rooms.shared());
    }

    /** A typed command line, without its slash. */
    void dispatch(User u, String line) {
        int space = 0;
        while (space < line.length() && !Character.isWhitespace(line.charAt(space))) {
            space++;
        }
        String word = line.substring(0, space);
        ChatCommand cmd = ChatCommand.find(word);
        if (cmd == null) {
            Hub.fail(u, "command.unknown", word);
            return;
        }
        if (!allowed(u, cmd)) {
            return;
        }
        List<String> args = cmd.parse(line.substring(space));
        if (args == null) {
            Hub.fail(u, "command.usage", cmd.usage());
            return;
        }
        cmd.run(this, u, args);
    }

    /** A command with its arguments already split (structured input). */
    void run(User u, ChatCommand cmd, List<String> args) {
        if (!allowed(u, cmd)) {
            return;
        }
        if (!cmd.takes(args.size()) || args.stream().anyMatch(a -> a == null)) {
            Hub.fail(u, "command.usage", cmd.usage());
            return;
        }
        cmd.run(this, u, args);
    }

    private boolean allowed(User u, ChatCommand cmd) {
        if (u.name() == null && !cmd.usableBeforeName()) {
            Hub.fail(u, "command.name", cmd.word());
            u.post(new Event.Prompt());
            return false;
        }
        return true;
    }

    void help(User u) {
        u.post(new Event.Help(List.of(ChatCommand.values())));
    }

    void who(User u, String roomName) {
        Room room = roomName == null ? u.current() : rooms.find(Names.fold(Names.normalize(strip(roomName))));
        if (room == null && roomName != null && rooms.shared() != null) {
            // Not open here; in a cluster it may be open on another node, which takes a round trip to know.
            String normal = Names.normalize(strip(roomName));
            roomList.elsewhere(Names.fold(normal), normal, w -> {
                if (w == null) {
                    Hub.fail(u, "room.unknown", roomName);
                } else {
                    u.post(w);
                }
            });
            return;
        }
        if (room == null) {
            Hub.fail(u, roomName == null ? "room.none" : "room.unknown", roomName);
            return;
        }
        u.post(moderation.who(room));
    }

    /** What /rooms lists, and /who of a room open elsewhere in a cluster. */
    RoomList roomList() {
        return roomList;
    }

    void rooms(User u) {
        roomList.answer(u);
    }

    void join(User u, String roomName, String key) {
        String name = Names.normalize(strip(roomName));
        if (Names.problem(name) != null) {
            Hub.fail(u, "room.invalid", name);
            return;
        }
        Room existing = rooms.find(Names.fold(name));
        if (existing != null && u.isIn(existing)) {
            u.current(existing);
            u.post(new Event.Switched(existing.name(), true));
            return;
        }
        String roomKey = Names.fold(name);
        // Checked under the room's monitor with its size then, so +l holds when many join at once.
        hub.enter(u, name, (members, count) -> {}, size -> {
            Event.Failure refused = moderation.joinRefusal(u, roomKey, name, size, key);
            if (refused != null) {
                u.post(refused);
                return false;
            }
            moderation.joined(u, roomKey, size);
            return true;
        });
    }

    void part(User u, String roomName) {
        part(u, roomName, null);
    }

    /** Leaves the room, saying {@code reason} (null: nothing) to those who stay. */
    void part(User u, String roomName, String reason) {
        Room room = roomName == null ? u.current() : hub.memberRoom(u, roomName);
        if (room == null) {
            if (roomName == null) {
                Hub.fail(u, "room.none");
            }
            return;
        }
        for (User c : hub.leave(u, room, Event.Departure.PART, reason)) {
            c.post(new Event.Switched(c.currentRoom(), true));
        }
    }

    void privateMessage(User u, String to, String text) {
        privateMessage(u, to, text, Event.Meta.NONE);
    }

    void privateMessage(User u, String to, String text, Event.Meta meta) {
        String key = Names.fold(Names.normalize(to));
        Person target = names.find(key);
        if (target == null) {
            elsewhere(u, to, key, text, meta);
            return;
        }
        Person sender = u.person();
        Event.Private e = new Event.Private(sender.name(), target.name(), clock.getAsLong(), text,
                meta.withAccount(sender.accountName()));
        store.appendPrivate(e);
        // Every connection of both: the sender's others see what it sent, as its own connection does; one
        // delivery, so that every transport encodes it once (and IRC gives all of them the same msgid).
        Delivery d = new Delivery(e);
        target.post(d);
        if (target != sender) {
            sender.post(d);
        }
    }

    /**
     * A private message to {@code to}, whom nobody here holds: the {@link Namespace} relays it to the node whose
     * person does (nowhere in one process: "no such user" at once). The sender's node stores it, once, when a
     * node took it, and shows it to the sender's connections; the sender's later input waits for the answer, so
     * its lines keep their order.
     */
    private void elsewhere(User u, String to, String key, String text, Event.Meta meta) {
        Person sender = u.person();
        Event.Private e = new Event.Private(sender.name(), Names.normalize(to), clock.getAsLong(), text,
                meta.withAccount(sender.accountName()));
        java.util.concurrent.CompletableFuture<Boolean> sent = hub.namespace().deliver(key, e).toCompletableFuture();
        if (sent.isDone() && !sent.isCompletedExceptionally()) {
            relayed(u, sender, to, e, sent.join(), null);
        } else {
            hub.holdUntil(u, sent, (taken, error) -> relayed(u, sender, to, e, taken, error));
        }
    }

    private void relayed(User u, Person sender, String to, Event.Private e, Boolean taken, Throwable error) {
        if (error != null || taken == null) {
            log.debug("cannot relay a private message to {}: {}", to, String.valueOf(error));
            Hub.fail(u, "cluster.unavailable");
        } else if (!taken) {
            if (!e.meta().notice()) { // IRC never answers a NOTICE; one to a name held here was checked by IRC itself
                Hub.fail(u, "user.unknown", to);
            }
        } else {
            store.appendPrivate(e);
            sender.post(new Delivery(e)); // every connection of the sender sees what it sent, as for one here
        }
    }

    void say(User u, String text) {
        Room room = u.current();
        if (room == null) {
            Hub.fail(u, "room.none");
            return;
        }
        sayIn(u, room, text);
    }

    void sayIn(User u, Room room, String text) {
        sayIn(u, room, text, Event.Meta.NONE);
    }

    void sayIn(User u, Room room, String text, Event.Meta given) {
        String name = u.name();
        long now = clock.getAsLong();
        Event.Meta meta = given.withAccount(u.person().accountName());
        speak(u, room, seq -> new Event.Said(room.name(), seq, now, name, text, meta));
    }

    /**
     * Publishes a line of {@code u}'s in {@code room} when moderation lets it: a member's, or one from
     * outside, which only a -n room takes (see {@link ModerationCommands#maySpeakFromOutside}).
     */
    private void speak(User u, Room room, LongFunction<Event.RoomEvent> line) {
        if (u.isIn(room)) {
            if (moderation.maySpeak(u, room)) {
                room.say(u.person(), line);
                slowIfBehind(u);
            }
        } else if (moderation.maySpeakFromOutside(u, room)) {
            room.sayFromOutside(u, line);
            slowIfBehind(u);
        }
    }

    /** Client-only tags kept in the room's history ({@link Event.KeptTags}): numbered and stored like a line. */
    void keepTagsIn(User u, Room room, Event.Meta given) {
        if (!moderation.maySpeak(u, room)) {
            return;
        }
        String name = u.name();
        long now = clock.getAsLong();
        Event.Meta meta = given.withAccount(u.person().accountName());
        room.say(u.person(), seq -> new Event.KeptTags(room.name(), seq, now, name, meta));
        slowIfBehind(u);
    }

    void act(User u, String text) {
        Room room = u.current();
        if (room == null) {
            Hub.fail(u, "room.none");
            return;
        }
        actIn(u, room, text, Event.Meta.NONE);
    }

    void actIn(User u, Room room, String text, Event.Meta given) {
        String name = u.name();
        long now = clock.getAsLong();
        Event.Meta meta = given.withAccount(u.person().accountName());
        speak(u, room, seq -> new Event.Action(room.name(), seq, now, name, text, meta));
    }

    /** The moderation commands ({@code /op}, {@code /kick}, {@code /mode} ...). */
    ModerationCommands moderation() {
        return moderation;
    }

    /** The account commands ({@code /register}, {@code /login} ...). */
    AccountCommands accounts() {
        return accounts;
    }

    void rename(User u, String wanted) {
        String name = Names.normalize(wanted);
        String problem = Names.problem(name);
        if (problem != null) {
            Hub.fail(u, problem, name);
            return;
        }
        String newKey = Names.fold(name);
        String account = u.account();
        if (account != null && !account.equals(newKey)) {
            Hub.fail(u, "account.nick", u.name());
            return;
        }
        if (account == null && accounts.registered(newKey)) {
            Hub.fail(u, "name.registered", name);
            return;
        }
        renameTo(u, name);
    }

    /**
     * Renames without the account checks (a sign-in renames to its account's name); false when taken. In a
     * cluster a new name is reserved first, and the rename happens when the cluster answers (false meanwhile).
     */
    boolean renameTo(User u, String name) {
        String old = u.name();
        if (old.equals(name)) {
            return true;
        }
        if (moderation.serverBanned(u, name, u.account())) { // /nick or /login to a name banned server-wide
            moderation.refuse(u);
            return false;
        }
        String newKey = Names.fold(name);
        if (newKey.equals(Names.fold(old))) {
            return renamed(u, name); // only the spelling changes: the name stays this node's
        }
        return hub.reserving(u, newKey, name, false, () -> renamed(u, name));
    }

    /** {@link #renameTo} once the new name is this node's to give. */
    private boolean renamed(User u, String name) {
        Person p = u.person();
        if (p == null) {
            return false;
        }
        String old = p.name();
        if (old.equals(name)) {
            return true;
        }
        String oldKey = Names.fold(old);
        String newKey = Names.fold(name);
        boolean released = false;
        synchronized (p) {
            if (!newKey.equals(oldKey) && !names.claim(newKey, p)) {
                Hub.fail(u, "name.taken", name);
                return false;
            }
            if (!newKey.equals(oldKey)) {
                hub.namespace().claim(newKey); // answers at once: the reservation holds it for this node
                released = names.release(oldKey, p);
            }
            p.name(name);
            long now = clock.getAsLong();
            List<Room> in = p.roomList();
            for (Room room : in) {
                room.say(p, seq -> new Event.Renamed(room.name(), seq, now, old, name));
            }
            if (in.isEmpty()) {
                p.post(Event.Notice.of("renamed", old, name));
            }
        }
        if (released) {
            hub.namespace().release(oldKey); // the old name is free on every node once this one let it go
        }
        hub.renamed(old, name);
        log.info("{} is now {}", old, name);
        return true;
    }

    void topic(User u, String text) {
        Room room = u.current();
        if (room == null) {
            Hub.fail(u, "room.none");
            return;
        }
        if (text == null) {
            u.post(new Event.Topic(room.name(), room.topic()));
            return;
        }
        if (!moderation.maySetTopic(u, room)) {
            return;
        }
        String name = u.name();
        long now = clock.getAsLong();
        room.topic(u.person(), text, seq -> new Event.TopicSet(room.name(), seq, now, name, text));
    }

    /** {@code /history [n]} and {@code /history before SEQ [n]}, typed. */
    void history(User u, List<String> args) {
        boolean before = !args.isEmpty() && args.get(0).equalsIgnoreCase("before");
        long seq = 0;
        String count = null;
        if (before) {
            Long s = args.size() >= 2 ? number(args.get(1)) : null;
            if (s == null || s < 1) {
                Hub.fail(u, "command.usage", ChatCommand.HISTORY.usage());
                return;
            }
            seq = s;
            count = args.size() >= 3 ? args.get(2) : null;
        } else if (args.size() > 1) {
            Hub.fail(u, "command.usage", ChatCommand.HISTORY.usage());
            return;
        } else {
            count = args.isEmpty() ? null : args.get(0);
        }
        // No count is the default (0); a typed one that is no positive number is refused below (-1).
        Long n = count == null ? null : number(count);
        int typed = count == null ? 0 : n == null || n < 1 || n > Integer.MAX_VALUE ? -1 : n.intValue();
        history(u, null, before ? Hub.HistoryKind.BEFORE : Hub.HistoryKind.LAST, seq, typed);
    }

    void history(User u, String roomName, Hub.HistoryKind kind, long seq, int count) {
        if (u.name() == null) {
            Hub.fail(u, "command.name", "history");
            u.post(new Event.Prompt());
            return;
        }
        int max = Math.max(1, config.historySize());
        if (count == 0) { // the default: a screenful back, or as much as a catch-up may take
            count = kind == Hub.HistoryKind.SINCE ? max : Math.max(1, Math.min(max, config.replayOnJoin()));
        }
        if (count < 1 || count > max) {
            Hub.fail(u, "history.count", max);
            return;
        }
        Room room = roomName == null ? u.current() : hub.memberRoom(u, roomName);
        if (room == null) {
            if (roomName == null) {
                Hub.fail(u, "room.none");
            }
            return;
        }
        room.replay(u, new Room.Query(kind, Math.max(0, seq), count, true));
    }

    /** {@code /lang}: says the language and the choices; with one, speaks it (to every connection of an account, and stored). */
    void language(User u, String wanted) {
        if (wanted == null) {
            u.post(Event.Notice.of("lang.show", u.texts().language(), String.join(", ", Texts.LANGUAGES)));
            return;
        }
        Texts t = Texts.known(wanted);
        if (t == null) {
            Hub.fail(u, "lang.unknown", wanted, String.join(", ", Texts.LANGUAGES));
            return;
        }
        Person p = u.person();
        if (p == null || p.account() == null) {
            u.texts(t); // a guest (one connection), or a connection still choosing its name: this connection only
            if (p != null) {
                p.language(t); // kept if the guest registers
            }
            u.post(Event.Notice.of("lang.set", t.language()));
            return;
        }
        synchronized (p) {
            p.language(t);
            for (User c : p.connections()) {
                c.texts(t);
            }
            p.post(Event.Notice.of("lang.set", t.language()));
        }
        accounts.storeLanguage(u, p.account(), t.language());
    }

    void quit(User u, String reason) {
        hub.disconnect(u, Event.Departure.QUIT, reason); // a user without a name only has its connection to drop
        u.post(Event.Goodbye.of("bye"));
    }

    /**
     * The store's write queue is past its bound: this sender waits (its transport stops reading) until
     * the writer catches up, so memory stays bounded and nothing accepted is dropped.
     */
    private void slowIfBehind(User u) {
        if (store.congested() && u.session().pauseReading()) {
            store.whenUncongested(() -> u.session().resumeReading());
        }
    }

    private static Long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String strip(String roomName) {
        return roomName.startsWith("#") ? roomName.substring(1) : roomName;
    }
}
