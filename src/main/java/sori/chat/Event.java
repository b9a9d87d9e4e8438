package sori.chat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the Hub tells a session, as immutable records. Room events carry the room's sequence
 * number; the rest go to one session. A transport renders each of these in its own wire format.
 */
public sealed interface Event {

    /** An event in a room's total order: every member sees these in {@code seq} order, no gaps. */
    sealed interface RoomEvent extends Event {
        String room();

        long seq();

        /** Milliseconds since the epoch, from the Hub's clock. */
        long time();

        /**
         * The same event numbered {@code seq}. In a shared order (a cluster) an event is made with seq 0
         * and numbered once the order decides where it goes; a local room numbers it when it is made.
         */
        RoomEvent withSeq(long seq);
    }

    /** {@code account} is the joiner's account name ({@link Person#accountName}), null for a guest. */
    record Joined(String room, long seq, long time, String name, String account) implements RoomEvent {
        @Override
        public Joined withSeq(long seq) {
            return new Joined(room, seq, time, name, account);
        }

        public Joined(String room, long seq, long time, String name) {
            this(room, seq, time, name, null);
        }
    }

    /** {@code reason} is null for a plain part or quit without words. */
    record Left(String room, long seq, long time, String name, Departure why, String reason) implements RoomEvent {
        @Override
        public Left withSeq(long seq) {
            return new Left(room, seq, time, name, why, reason);
        }
    }

    record Said(String room, long seq, long time, String name, String text, Meta meta) implements RoomEvent {
        @Override
        public Said withSeq(long seq) {
            return new Said(room, seq, time, name, text, meta);
        }

        public Said {
            meta = meta == null ? Meta.NONE : meta;
        }

        public Said(String room, long seq, long time, String name, String text) {
            this(room, seq, time, name, text, Meta.NONE);
        }
    }

    record Action(String room, long seq, long time, String name, String text, Meta meta) implements RoomEvent {
        @Override
        public Action withSeq(long seq) {
            return new Action(room, seq, time, name, text, meta);
        }

        public Action {
            meta = meta == null ? Meta.NONE : meta;
        }

        public Action(String room, long seq, long time, String name, String text) {
            this(room, seq, time, name, text, Meta.NONE);
        }
    }

    /**
     * What a line of chat carries besides its words, for the transports that show it (IRC's
     * {@code account-tag}, NOTICE, {@code message-tags}); the others may ignore it.
     *
     * @param account the sender's account name ({@link Person#accountName}), null for a guest
     * @param notice  sent as a notice: shown like a line, but never to be answered automatically
     * @param tags    client-only tags ({@code +draft/react}, {@code +typing}) by name without values
     *                unescaped, in the order sent; stored only with {@link KeptTags} and a kept {@link Tagged}
     */
    record Meta(String account, boolean notice, Map<String, String> tags, List<Integer> concat) {
        public static final Meta NONE = new Meta(null, false, Map.of());

        public Meta {
            tags = tags == null || tags.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
            concat = concat == null ? null : List.copyOf(concat);
        }

        /** A line of its own ({@code concat} null). */
        public Meta(String account, boolean notice, Map<String, String> tags) {
            this(account, notice, tags, null);
        }

        public static Meta of(String account) {
            return account == null ? NONE : new Meta(account, false, Map.of());
        }

        /**
         * True for a message of several lines (IRC's draft/multiline), whose line feeds are kept: then
         * {@code concat} lists where in its text the sender joined two of its lines without one
         * ({@code draft/multiline-concat}), as offsets, so that IRC can send the lines as they came.
         * Never stored.
         */
        public boolean lines() {
            return concat != null;
        }

        /** The same with {@code account} as the sender's (the Hub says who sent it, not the transport). */
        public Meta withAccount(String account) {
            if (java.util.Objects.equals(account, this.account)) {
                return this;
            }
            return account == null && !notice && tags.isEmpty() && concat == null ? NONE
                    : new Meta(account, notice, tags, concat);
        }
    }

    /**
     * Client-only tags with no text (IRC's TAGMSG: a reaction, "typing..."), from {@code from} to the
     * members of {@code room}, or (room null) to {@code to} and the sender's other connections. Not in a
     * room's order; only sessions that {@link Session#takes} it get it. {@code kept}: a private one the
     * sender asked to keep, stored in its conversation beside the messages (a room's kept ones are
     * {@link KeptTags}, in the room's order); otherwise never stored.
     */
    record Tagged(String from, String room, String to, long time, Meta meta, boolean kept) implements Event {
        public Tagged {
            meta = meta == null ? Meta.NONE : meta;
        }

        public Tagged(String from, String room, String to, long time, Meta meta) {
            this(from, room, to, time, meta, false);
        }
    }

    /**
     * Client-only tags with no text that the sender asked to keep (IRC's TAGMSG with {@code +draft/persist}):
     * numbered and stored like a line, with its tags ({@code meta}), but shown only to sessions that
     * {@link Session#takes} it, live and in a replay, since a terminal or a browser has nothing to show.
     */
    record KeptTags(String room, long seq, long time, String name, Meta meta) implements RoomEvent {
        @Override
        public KeptTags withSeq(long seq) {
            return new KeptTags(room, seq, time, name, meta);
        }

        public KeptTags {
            meta = meta == null ? Meta.NONE : meta;
        }
    }

    record Renamed(String room, long seq, long time, String from, String to) implements RoomEvent {
        @Override
        public Renamed withSeq(long seq) {
            return new Renamed(room, seq, time, from, to);
        }
    }

    record TopicSet(String room, long seq, long time, String name, String topic) implements RoomEvent {
        @Override
        public TopicSet withSeq(long seq) {
            return new TopicSet(room, seq, time, name, topic);
        }
    }

    /**
     * A moderation action in a room, by {@code name} (an operator, the founder or an administrator):
     * {@code target} is the member, name or mask acted on (null for {@code claim} and {@code mode}),
     * {@code detail} the mode change ({@code +m}, {@code +l 10}; a key is never shown) or how long a ban or
     * mute lasts ({@code 10m}), {@code reason} what the actor said; each may be null.
     */
    record Moderated(String room, long seq, long time, String name, ModAction action, String target, String detail,
            String reason) implements RoomEvent {
        @Override
        public Moderated withSeq(long seq) {
            return new Moderated(room, seq, time, name, action, target, detail, reason);
        }
    }

    /** What a {@link Moderated} event did; its lower-case name is the wire's {@code action}. */
    enum ModAction { CLAIM, OP, DEOP, VOICE, DEVOICE, KICK, BAN, UNBAN, MUTE, UNMUTE, INVITE, MODE }

    /** A past room event sent again (on join, {@code /history}, or a reconnect catching up). */
    record Replayed(RoomEvent event) implements Event {}

    /** Asks for a name; the plain protocol shows the prompt with no newline after it. */
    record Prompt() implements Event {}

    /** Asks for the password of the registered {@code name}; shown, like {@link Prompt}, with no newline. */
    record PasswordPrompt(String name) implements Event {}

    /**
     * The name was accepted: who is in the first room ({@code members} may list only the first of
     * them in a very large room; {@code count} is how many there are), and where to get help. {@code room}
     * is null, with no members, when the connection is in no room: banned from the first room, or a
     * session that does not enter one ({@link Session#entersFirstRoom}).
     */
    record Welcome(String name, String room, List<String> members, int count) implements Event {}

    /**
     * This connection signed in to an account that is on elsewhere, and is now one more connection of it
     * ({@code connections} in all): its name and the rooms it is in, in the order joined. A
     * {@link Switched} follows when it is in a room, then each room's recent events and live ones.
     */
    record Attached(String name, List<String> rooms, int connections) implements Event {
        public Attached {
            rooms = List.copyOf(rooms);
        }
    }

    /**
     * The connection is now signed in to the account {@code name} (by a password, a new account or a session
     * token), or, with null, is a guest again. The web shows it; a terminal has the notices.
     */
    record SignedIn(String name) implements Event {}

    /**
     * Someone sharing a room with this connection, called {@code name}, signed in to the account {@code account}
     * (its name as registered) or, with null, out. Posted only to sessions that {@link Session#hearsAccounts}.
     */
    record AccountChanged(String name, String account) implements Event {}

    record Private(String from, String to, long time, String text, Meta meta) implements Event {
        public Private {
            meta = meta == null ? Meta.NONE : meta;
        }

        public Private(String from, String to, long time, String text) {
            this(from, to, time, text, Meta.NONE);
        }
    }

    /** {@code ops} and {@code voiced} name the members marked {@code @} (founder, operators) and {@code +}. */
    record Who(String room, String topic, List<String> members, List<String> ops, List<String> voiced) implements Event {
        public Who(String room, String topic, List<String> members) {
            this(room, topic, members, List.of(), List.of());
        }
    }

    record RoomInfo(String name, int members, String topic) {}

    record Rooms(List<RoomInfo> rooms) implements Event {}

    record Help(List<ChatCommand> commands) implements Event {}

    /**
     * The user's current room changed; null when in no room. Posted in order with room events, so a
     * transport can tell, for each event, which room the user was talking in. {@code announce} is
     * false when a join notice already says it.
     */
    record Switched(String room, boolean announce) implements Event {}

    /** Topic of a room, as asked for with {@code /topic}; null topic when none is set. */
    record Topic(String room, String topic) implements Event {}

    /**
     * The end of a replay asked for with {@code /history} or the web's {@code history}: {@code count}
     * events were sent, the first of them {@code first} (0 when none); {@code more} says whether older
     * ones exist (or, for a catch-up, whether the limit cut it short).
     */
    record HistoryEnd(String room, int count, long first, boolean more) implements Event {}

    /** A notice: a {@link Texts} key and its arguments; each transport renders it in its session's language. */
    record Notice(String key, List<String> args) implements Event {
        public Notice {
            args = List.copyOf(args);
        }

        public static Notice of(String key, Object... args) {
            return new Notice(key, strings(args));
        }
    }

    /**
     * Something the user did was refused: {@code code} is stable (the text key is {@code error.} and the
     * code), {@code args} fill its text.
     */
    record Failure(String code, List<String> args) implements Event {
        public Failure {
            args = List.copyOf(args);
        }

        public static Failure of(String code, Object... args) {
            return new Failure(code, strings(args));
        }

        /** The {@link Texts} key of its words. */
        public String key() {
            return "error." + code;
        }
    }

    /** Last words before the transport closes the connection (a {@link Texts} key and arguments); nothing follows it. */
    record Goodbye(String key, List<String> args) implements Event {
        /** The server is stopping and will be back: clients should reconnect (WebSocket close 1012). */
        public static final String RESTART = "restart";

        public Goodbye {
            args = List.copyOf(args);
        }

        public static Goodbye of(String key, Object... args) {
            return new Goodbye(key, strings(args));
        }
    }

    private static List<String> strings(Object... args) {
        String[] out = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            out[i] = String.valueOf(args[i]);
        }
        return List.of(out);
    }

    /** Why someone left a room. */
    enum Departure {
        PART,
        QUIT,
        DISCONNECTED,
        KICKED_SLOW,
        SHUTDOWN,
        /** Disconnected for sending faster than flood control allows. */
        FLOOD,
        /** Disconnected for not answering in time (keepalives, pings). */
        TIMEOUT,
        /** Disconnected by a server administrator ({@code /kill}, {@code /sban}). */
        KILLED
    }
}
