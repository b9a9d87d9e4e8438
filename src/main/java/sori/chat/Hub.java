package sori.chat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat: one name namespace and one set of rooms shared by every transport. Transports call
 * {@link #connect}, {@link #input} and {@link #disconnect} from their own threads; the Hub answers
 * by posting events to sessions' mailboxes. Lock tiers: a {@link User}'s monitor, then a
 * {@link Room}'s; the name and room tables are concurrent maps taken without either.
 */
public final class Hub {

    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    private final ChatConfig config;
    private final Texts texts;
    private final History.Factory histories;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, User> names = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final Set<User> connected = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean closing;

    public Hub(ChatConfig config, History.Factory histories, LongSupplier clock) {
        this.config = config;
        this.texts = config.texts();
        this.histories = histories;
        this.clock = clock;
    }

    public ChatConfig config() {
        return config;
    }

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
        if (text.equals("end")) {
            quit(u, null);
        } else if (text.startsWith("/") && !text.startsWith("//")) {
            command(u, text.substring(1));
        } else if (u.name() == null) {
            register(u, text);
        } else if (!text.isBlank()) {
            say(u, text.startsWith("//") ? text.substring(1) : text);
        }
    }

    /** Tries {@code wanted} as the user's name; on failure says why and asks again. */
    public boolean register(User u, String wanted) {
        if (u.name() != null || u.isGone()) {
            return false;
        }
        String name = Names.normalize(wanted);
        if (name.isEmpty()) {
            u.post(new Event.Prompt());
            return false;
        }
        String problem = Names.problem(name);
        if (problem != null) {
            fail(u, problem, name.replaceAll("\\s+", "_"));
            u.post(new Event.Prompt());
            return false;
        }
        if (names.putIfAbsent(Names.fold(name), u) != null) {
            fail(u, "name.taken", name);
            u.post(new Event.Prompt());
            return false;
        }
        u.name(name);
        enter(u, config.firstRoom(),
                (members, count) -> u.post(new Event.Welcome(name, config.firstRoom(), members, count)));
        log.info("{} joined from {} via {} ({} users)", name, u.session().remote(), u.session().kind(), names.size());
        return true;
    }

    /** Says {@code text} in the user's current room. */
    public void say(User u, String text) {
        Room room = u.current();
        if (room == null) {
            fail(u, "room.none");
            return;
        }
        sayIn(u, room, text);
    }

    /** Says {@code text} in the named room, which the user must be in (the web client names rooms). */
    public void say(User u, String roomName, String text) {
        if (u.name() == null) {
            fail(u, "command.name", "say");
            return;
        }
        Room room = memberRoom(u, roomName);
        if (room != null) {
            sayIn(u, room, Text.clean(text));
        }
    }

    /** Replays what the user missed in a room after sequence number {@code after} (a reconnect). */
    public void replaySince(User u, String roomName, long after) {
        Room room = memberRoom(u, roomName);
        if (room != null) {
            room.replaySince(u, after, config.historySize());
        }
    }

    /**
     * Runs {@code cmd} with its arguments already split, for transports whose input is structured (the
     * web's JSON): the checks of a typed command (name first, argument count), with no text to re-parse,
     * so an argument may hold spaces without shifting the others.
     */
    public void run(User u, ChatCommand cmd, List<String> args) {
        if (u.isGone()) {
            return;
        }
        if (u.name() == null && !cmd.usableBeforeName()) {
            fail(u, "command.name", cmd.word());
            u.post(new Event.Prompt());
            return;
        }
        if (!cmd.takes(args.size()) || args.stream().anyMatch(a -> a == null)) {
            fail(u, "command.usage", cmd.usage());
            return;
        }
        cmd.run(this, u, args.stream().map(Text::clean).toList());
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
                    rooms.remove(room.key(), room);
                }
            } else {
                leaveRoom(u, room, why, reason);
            }
        }
        names.remove(Names.fold(name), u);
        log.info("{} left ({}{}) ({} users)", name, why.name().toLowerCase(), reason == null ? "" : ": " + reason,
                names.size());
    }

    /**
     * The transport is closing the connection because a limit tripped: the user gets {@code text} as
     * last words (the transport rendered it from {@link #texts()}), then the rooms hear {@code why}.
     */
    public void expel(User u, Event.Departure why, String text) {
        if (u.isGone()) {
            return;
        }
        u.post(new Event.Goodbye(text));
        disconnect(u, why, null);
    }

    /** Tells everyone the server is going; transports close connections after the goodbye. */
    public void shutdown() {
        closing = true;
        Event bye = new Event.Goodbye(texts.get("shutdown"));
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

    /** Names of the rooms that exist now. */
    public List<String> roomNames() {
        return rooms.values().stream().map(Room::name).sorted().toList();
    }

    // ---- commands: the dispatcher and one method per ChatCommand ----

    private void command(User u, String line) {
        int space = 0;
        while (space < line.length() && !Character.isWhitespace(line.charAt(space))) {
            space++;
        }
        String word = line.substring(0, space);
        ChatCommand cmd = ChatCommand.find(word);
        if (cmd == null) {
            fail(u, "command.unknown", word);
            return;
        }
        if (u.name() == null && !cmd.usableBeforeName()) {
            fail(u, "command.name", cmd.word());
            u.post(new Event.Prompt());
            return;
        }
        List<String> args = cmd.parse(line.substring(space));
        if (args == null) {
            fail(u, "command.usage", cmd.usage());
            return;
        }
        cmd.run(this, u, args);
    }

    void help(User u) {
        u.post(new Event.Help(List.of(ChatCommand.values())));
    }

    void who(User u, String roomName) {
        Room room = roomName == null ? u.current() : rooms.get(Names.fold(roomName));
        if (room == null) {
            fail(u, roomName == null ? "room.none" : "room.unknown", roomName);
            return;
        }
        u.post(new Event.Who(room.name(), room.topic(), room.memberNames()));
    }

    void rooms(User u) {
        List<Event.RoomInfo> list = new ArrayList<>();
        for (Room r : rooms.values()) {
            list.add(new Event.RoomInfo(r.name(), r.size(), r.topic()));
        }
        list.sort(Comparator.comparing(Event.RoomInfo::name));
        u.post(new Event.Rooms(list));
    }

    void join(User u, String roomName) {
        String name = Names.normalize(roomName.startsWith("#") ? roomName.substring(1) : roomName);
        if (Names.problem(name) != null) {
            fail(u, "room.invalid", name);
            return;
        }
        Room existing = rooms.get(Names.fold(name));
        if (existing != null && u.isIn(existing)) {
            u.current(existing);
            u.post(new Event.Switched(existing.name(), true));
            return;
        }
        enter(u, name, (members, count) -> {});
    }

    void part(User u, String roomName) {
        Room room = roomName == null ? u.current() : memberRoom(u, roomName);
        if (room == null) {
            if (roomName == null) {
                fail(u, "room.none");
            }
            return;
        }
        Room before = u.current();
        leaveRoom(u, room, Event.Departure.PART, null);
        if (u.current() != before) {
            u.post(new Event.Switched(u.currentRoom(), true));
        }
    }

    void privateMessage(User u, String to, String text) {
        User target = names.get(Names.fold(Names.normalize(to)));
        if (target == null) {
            fail(u, "user.unknown", to);
            return;
        }
        Event e = new Event.Private(u.name(), target.name(), clock.getAsLong(), text);
        target.post(e);
        if (target != u) {
            u.post(e);
        }
    }

    void act(User u, String text) {
        Room room = u.current();
        if (room == null) {
            fail(u, "room.none");
            return;
        }
        String name = u.name();
        long now = clock.getAsLong();
        room.say(u, seq -> new Event.Action(room.name(), seq, now, name, text));
    }

    void rename(User u, String wanted) {
        String name = Names.normalize(wanted);
        String problem = Names.problem(name);
        if (problem != null) {
            fail(u, problem, name);
            return;
        }
        String old = u.name();
        if (old.equals(name)) {
            return;
        }
        String oldKey = Names.fold(old);
        String newKey = Names.fold(name);
        synchronized (u) {
            if (!newKey.equals(oldKey) && names.putIfAbsent(newKey, u) != null) {
                fail(u, "name.taken", name);
                return;
            }
            if (!newKey.equals(oldKey)) {
                names.remove(oldKey, u);
            }
            u.name(name);
            long now = clock.getAsLong();
            List<Room> in = u.roomList();
            for (Room room : in) {
                room.say(u, seq -> new Event.Renamed(room.name(), seq, now, old, name));
            }
            if (in.isEmpty()) {
                u.post(new Event.Notice(texts.get("renamed", old, name)));
            }
        }
        log.info("{} is now {}", old, name);
    }

    void topic(User u, String text) {
        Room room = u.current();
        if (room == null) {
            fail(u, "room.none");
            return;
        }
        if (text == null) {
            u.post(new Event.Topic(room.name(), room.topic()));
            return;
        }
        String name = u.name();
        long now = clock.getAsLong();
        room.topic(u, text, seq -> new Event.TopicSet(room.name(), seq, now, name, text));
    }

    void history(User u, String count) {
        Room room = u.current();
        if (room == null) {
            fail(u, "room.none");
            return;
        }
        int max = Math.max(1, config.historySize());
        int n;
        try {
            n = count == null ? Math.max(1, Math.min(max, config.replayOnJoin())) : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > max) {
            fail(u, "history.count", max);
            return;
        }
        if (room.replayLast(u, n) == 0) {
            u.post(new Event.Notice(texts.get("history.none", room.name())));
        }
    }

    void quit(User u, String reason) {
        if (u.name() != null) {
            disconnect(u, Event.Departure.QUIT, reason);
        } else if (u.markGone()) {
            connected.remove(u);
        }
        u.post(new Event.Goodbye(texts.get("bye")));
    }

    // ---- helpers ----

    private void sayIn(User u, Room room, String text) {
        String name = u.name();
        long now = clock.getAsLong();
        room.say(u, seq -> new Event.Said(room.name(), seq, now, name, text));
    }

    /**
     * Joins the named room, creating it if new, and makes it current; retries if the room closed
     * between lookup and join. {@code greet} sees the member list before the join is announced.
     */
    private Room enter(User u, String name, BiConsumer<List<String>, Integer> greet) {
        String key = Names.fold(name);
        String who = u.name();
        long now = clock.getAsLong();
        while (true) {
            Room room = rooms.computeIfAbsent(key, k -> new Room(name, k, histories.create(name), config::announces, config.announceMax()));
            u.entered(room);
            BiConsumer<List<String>, Integer> switchThenGreet = (members, count) -> {
                u.post(new Event.Switched(room.name(), false));
                greet.accept(members, count);
            };
            if (room.join(u, config.replayOnJoin(), switchThenGreet, seq -> new Event.Joined(room.name(), seq, now, who))) {
                return room;
            }
            u.exited(room);
            rooms.remove(key, room);
        }
    }

    private void leaveRoom(User u, Room room, Event.Departure why, String reason) {
        String name = u.name();
        long now = clock.getAsLong();
        if (room.leave(u, seq -> new Event.Left(room.name(), seq, now, name, why, reason))) {
            rooms.remove(room.key(), room);
        }
        u.exited(room);
    }

    private Room memberRoom(User u, String roomName) {
        String name = roomName.startsWith("#") ? roomName.substring(1) : roomName;
        Room room = rooms.get(Names.fold(Names.normalize(name)));
        if (room == null || !u.isIn(room)) {
            fail(u, room == null ? "room.unknown" : "room.notin", name);
            return null;
        }
        return room;
    }

    private void fail(User u, String code, Object... args) {
        u.post(new Event.Failure(code, texts.get("error." + code, args)));
    }
}
