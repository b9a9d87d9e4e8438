package sori.line;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import sori.chat.ChatCommand;
import sori.chat.ChatConfig;
import sori.chat.Event;
import sori.chat.Texts;

/**
 * Events as lines of text for a terminal, in one language (a transport keeps one per language). Pure: no channel, no buffer, so it
 * is tested on its own and shared by every connection. A room event has two forms: as is for members
 * talking in that room, and with {@code #room} in front for members whose current room is another.
 */
public final class LineCodec {

    /** {@link sori.chat.Delivery} slot of a room event's plain form. */
    static final int PLAIN = 0;
    /** {@link sori.chat.Delivery} slot of the form with {@code #room} in front. */
    static final int PREFIXED = 1;
    /** Names listed in a welcome before "and N more". */
    private static final int WELCOME_NAMES = 20;

    private final Texts texts;
    /** Joins to this room use the seed's own line, which names no room (the seed had one). */
    private final String firstRoom;
    private final DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

    public LineCodec(Texts texts, String firstRoom) {
        this.texts = texts;
        this.firstRoom = firstRoom;
    }

    public LineCodec(Texts texts) {
        this(texts, ChatConfig.FIRST_ROOM);
    }

    /**
     * The bytes to send for {@code e} (UTF-8, with its line end), {@code prefixed} for a room event seen
     * from elsewhere; null when {@code e} shows nothing on a terminal.
     */
    public byte[] encode(Event e, boolean prefixed) {
        String text = render(e, prefixed);
        if (text.isEmpty() && !(e instanceof Event.Prompt)) {
            return null; // nothing to say (the end of a replay that needs no word)
        }
        boolean prompt = e instanceof Event.Prompt || e instanceof Event.PasswordPrompt;
        return (prompt ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * True when {@code e} reads the same in every language, so one encoding serves every session: a line
     * of chat, unless a translation changed its shape.
     */
    static boolean sameInEvery(Event e) {
        return e instanceof Event.Said && SAID_SAME;
    }

    private static final boolean SAID_SAME = Texts.sameInEvery("said") && Texts.sameInEvery("in.room");

    /** True when {@code e} should carry its room's name for a member whose current room is {@code current}. */
    public static boolean needsPrefix(Event e, String current) {
        Event inner = e instanceof Event.Replayed r ? r.event() : e;
        return inner instanceof Event.RoomEvent re && !re.room().equals(current);
    }

    /** The text of {@code e}, without the line end. */
    public String render(Event e, boolean prefixed) {
        List<Event> lines = perLine(e);
        if (lines != null) {
            StringBuilder b = new StringBuilder();
            for (Event line : lines) {
                if (!b.isEmpty()) {
                    b.append('\n');
                }
                b.append(render(line, prefixed));
            }
            return b.toString();
        }
        return switch (e) {
            case Event.RoomEvent re -> prefixed ? texts.get("in.room", re.room(), roomLine(re)) : roomLine(re);
            case Event.Replayed r -> texts.get("history", clock.format(Instant.ofEpochMilli(r.event().time())),
                    render(r.event(), prefixed));
            case Event.Prompt p -> texts.get("prompt");
            case Event.PasswordPrompt p -> texts.get("password.prompt", p.name());
            case Event.Welcome w -> w.room() == null ? texts.get("welcome.roomless", w.name())
                    : texts.get("welcome", w.name(), w.room(), names(w.members(), w.count(), WELCOME_NAMES));
            case Event.Attached a -> a.rooms().isEmpty() ? texts.get("attached.none", a.name(), a.connections())
                    : texts.get("attached", a.name(), a.connections(), String.join(", ", a.rooms()));
            case Event.SignedIn a -> ""; // the notices say it in words
            case Event.Tagged t -> ""; // tags without words show nothing on a terminal
            case Event.AccountChanged a -> ""; // never posted to a terminal
            case Event.Private p -> texts.get("private", p.from(), p.to(), p.text());
            case Event.Who w -> w.topic() == null
                    ? texts.get("who", w.room(), w.members().size(), marked(w))
                    : texts.get("who.topic", w.room(), w.members().size(), w.topic(), marked(w));
            case Event.Rooms r -> rooms(r);
            case Event.Help h -> help(h.commands());
            case Event.Switched s -> !s.announce() ? ""
                    : s.room() == null ? texts.get("switched.none") : texts.get("switched", s.room());
            case Event.Topic t -> t.topic() == null ? texts.get("topic.none", t.room())
                    : texts.get("topic.show", t.room(), t.topic());
            case Event.HistoryEnd h -> historyEnd(h);
            case Event.Notice n -> texts.get(n.key(), n.args());
            case Event.Failure f -> texts.failure(f);
            case Event.Goodbye g -> texts.get(g.key(), g.args());
        };
    }

    /**
     * A message of several lines (IRC's multiline) as one event a line, each shown with the sender's name,
     * so that no line reads as someone else's; null for anything else.
     */
    private static List<Event> perLine(Event e) {
        return switch (e) {
            case Event.Said s when s.text().indexOf('\n') >= 0 ->
                    split(s.text(), l -> new Event.Said(s.room(), s.seq(), s.time(), s.name(), l));
            case Event.Action a when a.text().indexOf('\n') >= 0 ->
                    split(a.text(), l -> new Event.Action(a.room(), a.seq(), a.time(), a.name(), l));
            case Event.Private p when p.text().indexOf('\n') >= 0 ->
                    split(p.text(), l -> new Event.Private(p.from(), p.to(), p.time(), l));
            case Event.Replayed r -> {
                List<Event> inner = perLine(r.event());
                yield inner == null ? null : inner.stream().<Event>map(x -> new Event.Replayed((Event.RoomEvent) x)).toList();
            }
            default -> null;
        };
    }

    private static List<Event> split(String text, java.util.function.Function<String, Event> line) {
        return java.util.Arrays.stream(text.split("\n", -1)).map(line).toList();
    }

    private String roomLine(Event.RoomEvent e) {
        return switch (e) {
            case Event.Said s -> texts.get("said", s.name(), s.text());
            case Event.Action a -> texts.get("action", a.name(), a.text());
            case Event.Joined j -> texts.get(j.room().equals(firstRoom) ? "joined.first" : "joined", j.name(), j.room());
            case Event.Left l -> left(l);
            case Event.Renamed r -> texts.get("renamed", r.from(), r.to());
            case Event.TopicSet t -> texts.get("topic.set", t.name(), t.room(), t.topic());
            case Event.Moderated m -> moderated(m);
            case Event.KeptTags k -> ""; // never posted to a terminal (Session.takes): no words to show
        };
    }

    /**
     * A moderation line: {@code mod.<action>} (or {@code mod.<action>.for} when it lasts a while) with the
     * actor, room, target and detail, then the reason in brackets when one was given.
     */
    private String moderated(Event.Moderated m) {
        String action = m.action().name().toLowerCase(java.util.Locale.ROOT);
        boolean lasting = m.detail() != null && (m.action() == Event.ModAction.BAN || m.action() == Event.ModAction.MUTE);
        String line = texts.get("mod." + action + (lasting ? ".for" : ""), m.name(), m.room(), m.target(), m.detail());
        return m.reason() == null ? line : texts.get("mod.reason", line, m.reason());
    }

    private String left(Event.Left l) {
        return switch (l.why()) {
            case PART -> l.reason() == null ? texts.get("left", l.name(), l.room())
                    : texts.get("left.reason", l.name(), l.room(), l.reason());
            case QUIT, SHUTDOWN -> l.reason() == null ? texts.get("quit", l.name())
                    : texts.get("quit.reason", l.name(), l.reason());
            case DISCONNECTED -> texts.get("disconnected", l.name());
            case KICKED_SLOW -> texts.get("kicked.slow", l.name());
            case FLOOD -> texts.get("kicked.flood", l.name());
            case TIMEOUT -> texts.get("timed.out", l.name());
            case KILLED -> l.reason() == null ? texts.get("killed", l.name()) : texts.get("killed.reason", l.name(), l.reason());
        };
    }

    /** The end of a /history replay: where to go on, or that this is where the room began. */
    private String historyEnd(Event.HistoryEnd h) {
        if (h.count() == 0) {
            return texts.get("history.none", h.room());
        }
        return h.more() ? texts.get("history.more", h.first()) : texts.get("history.start", h.room());
    }

    private String rooms(Event.Rooms r) {
        StringBuilder b = new StringBuilder(texts.get("rooms.header", r.rooms().size()));
        for (Event.RoomInfo info : r.rooms()) {
            b.append('\n').append(texts.get("rooms.line", info.name(), info.members(),
                    info.topic() == null ? "" : info.topic()).stripTrailing());
        }
        return b.toString();
    }

    private String help(List<ChatCommand> commands) {
        StringBuilder b = new StringBuilder(texts.get("help.header"));
        for (ChatCommand c : commands) {
            b.append('\n').append(texts.get("help.line", texts.usage(c.usage()), texts.get(c.descriptionKey())));
        }
        return b.toString();
    }

    /** The members as IRC lists them: {@code @} before the founder and operators, {@code +} before the voiced. */
    private static String marked(Event.Who w) {
        if (w.ops().isEmpty() && w.voiced().isEmpty()) {
            return String.join(", ", w.members());
        }
        java.util.Set<String> ops = new java.util.HashSet<>(w.ops());
        java.util.Set<String> voiced = new java.util.HashSet<>(w.voiced());
        StringBuilder b = new StringBuilder();
        for (String m : w.members()) {
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(ops.contains(m) ? "@" : voiced.contains(m) ? "+" : "").append(m);
        }
        return b.toString();
    }

    private static String names(List<String> names, int count, int max) {
        if (count <= max && names.size() == count) {
            return String.join(", ", names);
        }
        int shown = Math.min(max, names.size());
        return String.join(", ", names.subList(0, shown)) + " … (+" + (count - shown) + ")";
    }
}
