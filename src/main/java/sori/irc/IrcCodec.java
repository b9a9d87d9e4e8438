package sori.irc;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sori.chat.Event;
import sori.chat.Names;
import sori.chat.Texts;

/**
 * Chat events as IRC lines, and the server's numerics. Pure: no channel, no session state, shared by
 * every connection of a listener. A room event seen by a member who did not cause it is the same line
 * for every such member ({@link #roomEvent}), so it is encoded once per {@link sori.chat.Delivery}
 * slot; what depends on one client (its own events, its capabilities) is decided in {@link IrcSession}.
 */
final class IrcCodec {

    /**
     * {@link sori.chat.Delivery} slot of a room event as others see it in shape 0: no tags, a plain JOIN.
     * The fast path: a client without tag capabilities costs no more than before them.
     */
    static final int PLAIN = 3;
    /** {@link sori.chat.Delivery} slot of its {@link IrcForms}: the event in every other shape, made lazily. */
    static final int SHAPED = 4;

    // A client's shape: which of the capabilities that change how an event reads it has. Bits, so that a
    // delivery holds one encoding per shape in use ({@link IrcForms}), shared by every client of that shape.
    /** {@code server-time}: a {@code time} tag. */
    static final int TIME = 1;
    /** {@code message-tags}: a {@code msgid} tag, and the sender's client-only tags. */
    static final int TAGS = 2;
    /** {@code account-tag}: an {@code account} tag when the sender is signed in. */
    static final int ACCOUNT = 4;
    /** {@code extended-join}: {@code JOIN #ch account :realname}. */
    static final int EXTENDED_JOIN = 8;
    /** {@code draft/multiline} (with {@code batch}): a message of several lines, or a long one, as one batch. */
    static final int MULTILINE = 16;
    /** How many shapes there are. */
    static final int SHAPES = 32;
    /** The host part of every chat user's mask: the chat has no hosts to show. */
    static final String HOST = "sori";
    /** Longest topic shown or accepted, so that RPL_TOPIC fits in 512 bytes. */
    static final int TOPIC_BYTES = 390;
    /** User modes there are: {@code i} (hidden from WHO masks), {@code o} (an administrator), {@code w} (WALLOPS). */
    static final String USER_MODES = "iow";
    /** Channel modes there are: {@code n}, always on (only members may send to a channel). */
    static final String CHANNEL_MODES = "biklmnostv";
    /** Most targets of one PRIVMSG or NOTICE. */
    static final int MAX_TARGETS = 4;

    /** Milliseconds always, as server-time asks. */
    private static final DateTimeFormatter SERVER_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final String server;
    private final String network;
    private final Texts texts;

    /** The most users seen at once by LUSERS or a welcome (this listener's view of the peak). */
    private final java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger();

    IrcCodec(String server, String network, Texts texts) {
        this.server = server;
        this.network = network;
        this.texts = texts;
    }

    /** Notes {@code users} now; the peak so far. */
    int peakUsers(int users) {
        return peak.accumulateAndGet(users, Math::max);
    }

    String server() {
        return server;
    }

    String network() {
        return network;
    }

    Texts texts() {
        return texts;
    }

    /** {@code nick!~u@sori}: who a chat user is in message sources. */
    static String mask(String nick) {
        return nick + "!~u@" + HOST;
    }

    /** A room as an IRC channel. */
    static String channel(String room) {
        return "#" + room;
    }

    /** The ISUPPORT tokens, true of this server. */
    List<String> isupport() {
        return List.of("CASEMAPPING=rfc8265", "CHANTYPES=#", "PREFIX=(ov)@+", "CHANMODES=b,k,l,imnst",
                "NICKLEN=" + Names.MAX_LENGTH, "CHANNELLEN=" + (Names.MAX_LENGTH + 1), "TOPICLEN=" + TOPIC_BYTES,
                "TARGMAX=PRIVMSG:" + MAX_TARGETS + ",NOTICE:" + MAX_TARGETS + ",JOIN:,PART:,NAMES:1,WHOIS:1",
                "NETWORK=" + network, "UTF8ONLY", "WHOX", "MONITOR=" + IrcMonitor.LIMIT,
                "KEYLEN=" + sori.chat.Moderation.KEY_LENGTH, "CHANLIMIT=#:", "MODES=4", "SAFELIST",
                "CHATHISTORY=" + IrcHistory.MAX, "MSGREFTYPES=msgid,timestamp");
    }

    /**
     * The lines a member sees for room event {@code e} caused by someone else (the first element of the
     * list is the whole message when it fits in one line), or an empty list when IRC shows nothing.
     */
    List<IrcMessage> roomEvent(Event.RoomEvent e) {
        String ch = channel(e.room());
        return switch (e) {
            case Event.Said s -> said(s, ch);
            case Event.Action a -> privmsg(mask(a.name()), ch, a.text(), true);
            case Event.Joined j -> List.of(IrcMessage.of(mask(j.name()), "JOIN", ch));
            case Event.Left l -> switch (l.why()) {
                case PART -> List.of(l.reason() == null ? IrcMessage.of(mask(l.name()), "PART", ch)
                        : IrcMessage.of(mask(l.name()), "PART", ch, clip(l.reason(), TOPIC_BYTES)));
                default -> List.of(IrcMessage.of(mask(l.name()), "QUIT", quitReason(l)));
            };
            case Event.Renamed r -> List.of(IrcMessage.of(mask(r.from()), "NICK", r.to()));
            case Event.TopicSet t -> List.of(IrcMessage.of(mask(t.name()), "TOPIC", ch, clip(t.topic(), TOPIC_BYTES)));
            case Event.Moderated m -> moderated(m, ch);
            case Event.KeptTags k -> List.of(IrcMessage.of(mask(k.name()), "TAGMSG", ch));
        };
    }

    /** The shape bits of {@code caps}. */
    static int shape(java.util.Set<String> caps) {
        return (caps.contains("server-time") ? TIME : 0) | (caps.contains("message-tags") ? TAGS : 0)
                | (caps.contains("account-tag") ? ACCOUNT : 0) | (caps.contains("extended-join") ? EXTENDED_JOIN : 0)
                | (caps.contains(IrcMultiline.CAP) && caps.contains("batch") ? MULTILINE : 0);
    }

    /**
     * {@code shape} without the bits that change nothing in {@code e}, so that clients whose capabilities
     * make no difference to it share one encoding (a guest's line reads the same with or without
     * account-tag; only a JOIN is extended).
     */
    static int shapeFor(Event.RoomEvent e, int shape) {
        if (shape == 0) {
            return 0;
        }
        int relevant = TIME | TAGS;
        if (account(e) != null) {
            relevant |= ACCOUNT;
        }
        if (e instanceof Event.Joined) {
            relevant |= EXTENDED_JOIN;
        }
        if ((shape & MULTILINE) != 0 && e instanceof Event.Said s && severalLines(s)) {
            relevant |= MULTILINE;
        }
        return shape & relevant;
    }

    /** The account of whoever caused {@code e}, when the event says it; else null. */
    static String account(Event.RoomEvent e) {
        return switch (e) {
            case Event.Said s -> s.meta().account();
            case Event.Action a -> a.meta().account();
            case Event.KeptTags k -> k.meta().account();
            case Event.Joined j -> j.account();
            default -> null;
        };
    }

    /** The sender's client-only tags on {@code e}, empty for most. */
    static Map<String, String> clientTags(Event.RoomEvent e) {
        return switch (e) {
            case Event.Said s -> s.meta().tags();
            case Event.Action a -> a.meta().tags();
            case Event.KeptTags k -> k.meta().tags();
            default -> Map.of();
        };
    }

    /**
     * Room event {@code e} as a client of {@code shape} sees it (when it did not cause it), ready to
     * send: its lines ({@link #roomEvent}) with the tags the shape asks for. Its {@code msgid} (and client
     * tags) go on its first line only, since ids are unique: a long text split in several lines is one
     * message. {@code realname} gives a joiner's real name for extended-join.
     */
    byte[] encode(Event.RoomEvent e, int shape, java.util.function.Function<String, String> realname) {
        List<IrcMessage> lines;
        if ((shape & EXTENDED_JOIN) != 0 && e instanceof Event.Joined j) {
            lines = List.of(join(j.name(), j.room(), j.account(), realname.apply(j.name())));
        } else if ((shape & MULTILINE) != 0 && e instanceof Event.Said s && severalLines(s)) {
            lines = multiline(s);
        } else {
            lines = roomEvent(e);
        }
        if ((shape & (TIME | TAGS | ACCOUNT)) == 0) {
            return bytes(lines);
        }
        StringBuilder rest = new StringBuilder(48);
        if ((shape & TIME) != 0) {
            rest.append("time=").append(time(e.time()));
        }
        String account = (shape & ACCOUNT) != 0 ? account(e) : null;
        if (account != null) {
            tag(rest, "account", account);
        }
        StringBuilder first = new StringBuilder(rest);
        if ((shape & TAGS) != 0) {
            tag(first, "msgid", IrcIds.room(e.room(), e.seq()));
            // A multiline message's lines sent one by one are parts of one message: its tags on each.
            boolean everyLine = e instanceof Event.Said s && s.meta().lines();
            for (Map.Entry<String, String> t : clientTags(e).entrySet()) {
                tag(first, t.getKey(), t.getValue());
                if (everyLine) {
                    tag(rest, t.getKey(), t.getValue());
                }
            }
        }
        return bytes(lines, first.toString(), rest.toString());
    }

    /** A line of chat: as it came (a multiline message's lines one by one, blank ones left out), PRIVMSG or NOTICE. */
    private static List<IrcMessage> said(Event.Said s, String ch) {
        String command = s.meta().notice() ? "NOTICE" : "PRIVMSG";
        if (!s.meta().lines()) {
            return privmsg(command, mask(s.name()), ch, s.text(), false);
        }
        List<IrcMessage> out = new ArrayList<>();
        for (Segment seg : segments(s.text(), s.meta().concat())) {
            if (!seg.text().isEmpty()) {
                out.addAll(privmsg(command, mask(s.name()), ch, seg.text(), false));
            }
        }
        return out.isEmpty() ? privmsg(command, mask(s.name()), ch, " ", false) : out;
    }

    /** True when {@code s} takes more than one IRC line: a multiline batch for a client that has it. */
    static boolean severalLines(Event.Said s) {
        return s.meta().lines() || s.text().indexOf('\n') >= 0 || IrcMessage.utf8Length(s.text()) > 400
                && privmsg(mask(s.name()), channel(s.room()), s.text(), false).size() > 1;
    }

    /** A line of a multiline message, and whether it continues the one before without a line break. */
    record Segment(String text, boolean concat) {}

    /** {@code text} cut at its line feeds and at the {@code concat} offsets (which start a continuing line). */
    static List<Segment> segments(String text, List<Integer> concat) {
        List<Segment> out = new ArrayList<>();
        java.util.Iterator<Integer> joins = (concat == null ? List.<Integer>of() : concat).iterator();
        int join = joins.hasNext() ? joins.next() : -1;
        int start = 0;
        boolean continues = false;
        for (int i = 0; i <= text.length(); i++) {
            while (join >= 0 && join < i) {
                join = joins.hasNext() ? joins.next() : -1;
            }
            if (i == text.length()) {
                out.add(new Segment(text.substring(start), continues));
            } else if (text.charAt(i) == '\n') {
                out.add(new Segment(text.substring(start, i), continues));
                start = i + 1;
                continues = false;
            } else if (i == join && i > start) {
                out.add(new Segment(text.substring(start, i), continues));
                start = i;
                continues = true;
            }
        }
        return out;
    }

    /**
     * {@code s} as a {@code draft/multiline} batch: the opening BATCH line (which takes the message's
     * tags), its lines tagged with the batch (a continuing one, or the rest of a line too long for one,
     * with {@code draft/multiline-concat}), blank ones kept, and the closing BATCH.
     */
    private static List<IrcMessage> multiline(Event.Said s) {
        String source = mask(s.name());
        String ch = channel(s.room());
        String command = s.meta().notice() ? "NOTICE" : "PRIVMSG";
        String ref = IrcIds.batch();
        List<IrcMessage> out = new ArrayList<>();
        out.add(IrcMessage.of(source, "BATCH", "+" + ref, IrcMultiline.CAP, ch));
        for (Segment seg : segments(s.text(), s.meta().concat())) {
            List<IrcMessage> pieces = seg.text().isEmpty() ? List.of(IrcMessage.of(source, command, ch, ""))
                    : privmsg(command, source, ch, seg.text(), false);
            for (int i = 0; i < pieces.size(); i++) {
                Map<String, String> tags = new java.util.LinkedHashMap<>(2);
                tags.put("batch", ref);
                if (i > 0 || seg.concat()) {
                    tags.put(IrcMultiline.CONCAT, "");
                }
                IrcMessage p = pieces.get(i);
                out.add(new IrcMessage(tags, p.source(), p.command(), p.params()));
            }
        }
        out.add(IrcMessage.of(source, "BATCH", "-" + ref));
        return out;
    }

    /** Appends {@code name=value} (a value escaped; none when empty) to a tag list being built. */
    static StringBuilder tag(StringBuilder tags, String name, String value) {
        if (!tags.isEmpty()) {
            tags.append(';');
        }
        tags.append(name);
        if (value != null && !value.isEmpty()) {
            tags.append('=').append(IrcMessage.escape(value));
        }
        return tags;
    }

    /** A JOIN of {@code nick}: with extended-join's account ({@code *} for none) and real name when {@code realname} is given. */
    static IrcMessage join(String nick, String room, String account, String realname) {
        return realname == null ? IrcMessage.of(mask(nick), "JOIN", channel(room))
                : IrcMessage.of(mask(nick), "JOIN", channel(room), account == null ? "*" : account, realname);
    }

    /**
     * A moderation action as IRC shows it: KICK, or MODE for what IRC has a channel mode for (+o, +v,
     * +b, the room's modes); the rest (founding, mutes, invitations) as a NOTICE to the channel in the
     * server's language.
     */
    private List<IrcMessage> moderated(Event.Moderated m, String ch) {
        String by = mask(m.name());
        return switch (m.action()) {
            case KICK -> List.of(IrcMessage.of(by, "KICK", ch, m.target(),
                    clip(m.reason() == null ? m.name() : m.reason(), TOPIC_BYTES)));
            case OP -> List.of(IrcMessage.of(by, "MODE", ch, "+o", m.target()));
            case DEOP -> List.of(IrcMessage.of(by, "MODE", ch, "-o", m.target()));
            case VOICE -> List.of(IrcMessage.of(by, "MODE", ch, "+v", m.target()));
            case DEVOICE -> List.of(IrcMessage.of(by, "MODE", ch, "-v", m.target()));
            case BAN -> List.of(IrcMessage.of(by, "MODE", ch, "+b", banMask(m.target())));
            case UNBAN -> List.of(IrcMessage.of(by, "MODE", ch, "-b", banMask(m.target())));
            case MODE -> m.detail() == null ? notice(m, ch) : List.of(modeLine(by, ch, m.detail()));
            case CLAIM, MUTE, UNMUTE, INVITE -> notice(m, ch);
        };
    }

    /** {@code MODE #ch +l 10}; a key, which the chat never shows, as {@code *}. */
    private static IrcMessage modeLine(String by, String ch, String detail) {
        List<String> p = new ArrayList<>();
        p.add(ch);
        for (String part : detail.trim().split(" +")) {
            p.add(part);
        }
        if (p.size() == 2 && p.get(1).length() == 2 && p.get(1).charAt(1) == 'k') {
            p.add("*");
        }
        return IrcMessage.of(by, "MODE", p.toArray(String[]::new));
    }

    /** A chat ban target (a name, {@code spam*}, {@code @10.0.0.*}) as an IRC ban mask. */
    static String banMask(String target) {
        if (target == null) {
            return "*!*@*";
        }
        return target.startsWith("@") ? "*!*" + target : target + "!*@*";
    }

    private List<IrcMessage> notice(Event.Moderated m, String ch) {
        String action = m.action().name().toLowerCase(java.util.Locale.ROOT);
        boolean lasting = m.detail() != null && (m.action() == Event.ModAction.BAN || m.action() == Event.ModAction.MUTE);
        String line = texts.get("mod." + action + (lasting ? ".for" : ""), m.name(), m.room(), m.target(), m.detail());
        if (m.reason() != null) {
            line = texts.get("mod.reason", line, m.reason());
        }
        return List.of(IrcMessage.of(server, "NOTICE", ch, line));
    }

    /** Why someone left, in the words IRC clients know. */
    static String quitReason(Event.Left l) {
        return switch (l.why()) {
            case PART, QUIT -> l.reason() == null ? "Quit" : "Quit: " + clip(l.reason(), TOPIC_BYTES);
            case DISCONNECTED -> "Connection closed";
            case KICKED_SLOW -> "Max SendQ exceeded";
            case SHUTDOWN -> "Server restarting";
            case FLOOD -> "Excess Flood";
            case TIMEOUT -> "Ping timeout";
            case KILLED -> l.reason() == null ? "Killed" : "Killed (" + clip(l.reason(), TOPIC_BYTES) + ")";
        };
    }

    /**
     * {@code text} from {@code source} to {@code target} as PRIVMSGs, split at UTF-8 boundaries so each
     * line (its line end included, tags not) fits in 512 bytes; an action as CTCP ACTION.
     */
    static List<IrcMessage> privmsg(String source, String target, String text, boolean action) {
        return privmsg("PRIVMSG", source, target, text, action);
    }

    /** {@link #privmsg(String, String, String, boolean)} as {@code command}: PRIVMSG or NOTICE (same length). */
    static List<IrcMessage> privmsg(String command, String source, String target, String text, boolean action) {
        if (text.indexOf('\n') >= 0) {
            // A message of several lines (multiline) as one PRIVMSG a line; blank lines are not sent.
            List<IrcMessage> out = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (!line.isEmpty()) {
                    out.addAll(privmsg(command, source, target, line, action));
                }
            }
            return out.isEmpty() ? privmsg(command, source, target, " ", action) : out;
        }
        // ":source PRIVMSG target :" + text + "\r\n", and for an action "\1ACTION " + text + "\1".
        int room = IrcMessage.MAX_BYTES - IrcMessage.utf8Length(source) - IrcMessage.utf8Length(target)
                - ":  PRIVMSG :\r\n".length() - (action ? "\1ACTION \1".length() : 0);
        // What an IRC client could have sent itself ("PRIVMSG target :text") goes out whole, as Ergo does,
        // even if the source makes the line a little longer than 512: only longer texts are cut.
        // (A one-word text needs no colon before it: one byte more.)
        int asSent = IrcMessage.MAX_BYTES - IrcMessage.utf8Length(target) - "PRIVMSG  \r\n".length()
                - (action ? "\1ACTION \1".length() : 0);
        if (IrcMessage.utf8Length(text) <= asSent) {
            return List.of(IrcMessage.of(source, command, target, action ? "\1ACTION " + text + "\1" : text));
        }
        List<IrcMessage> out = new ArrayList<>(1);
        for (String part : split(text, Math.max(room, 16))) {
            out.add(IrcMessage.of(source, command, target, action ? "\1ACTION " + part + "\1" : part));
        }
        return out;
    }

    /** {@code text} in pieces of at most {@code maxBytes} of UTF-8 each, never cutting a character; at least one. */
    static List<String> split(String text, int maxBytes) {
        if (IrcMessage.utf8Length(text) <= maxBytes) {
            return List.of(text);
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + len > maxBytes) {
                parts.add(text.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += len;
            i += Character.charCount(cp);
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** {@code s} cut to at most {@code maxBytes} of UTF-8, at a character boundary. */
    static String clip(String s, int maxBytes) {
        return IrcMessage.utf8Length(s) <= maxBytes ? s : split(s, maxBytes).get(0);
    }

    /** A numeric from this server to {@code target} ({@code *} before registration). */
    IrcMessage numeric(String code, String target, String... params) {
        List<String> p = new ArrayList<>(params.length + 1);
        p.add(target);
        p.addAll(List.of(params));
        return new IrcMessage(Map.of(), server, code, p);
    }

    /** A message from this server. */
    IrcMessage fromServer(String command, String... params) {
        return IrcMessage.of(server, command, params);
    }

    /** The {@code time} tag's value for {@code millis}. */
    static String time(long millis) {
        return SERVER_TIME.format(Instant.ofEpochMilli(millis));
    }

    /** {@code lines} as bytes to send, each with its line end and its own tags only. */
    static byte[] bytes(List<IrcMessage> lines) {
        return bytes(lines, "", "");
    }

    /**
     * {@code lines} as bytes to send, each with its line end: the first with the tags {@code first} (a
     * tag list without its {@code @}, or empty for none), the others with {@code rest}.
     */
    static byte[] bytes(List<IrcMessage> lines, String first, String rest) {
        StringBuilder b = new StringBuilder(lines.size() * (80 + rest.length()) + first.length());
        for (int i = 0; i < lines.size(); i++) {
            IrcMessage m = lines.get(i);
            String tags = i == 0 ? first : rest;
            if (!tags.isEmpty() && m.tags().isEmpty()) {
                b.append('@').append(tags).append(' ');
            }
            b.append(m.format(trailing(m))).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Texts and numerics' last parameters go as trailing ones, as most servers send them. */
    private static boolean trailing(IrcMessage m) {
        String c = m.command();
        return c.equals("PRIVMSG") || c.equals("NOTICE") || c.equals("FAIL") || c.equals("TOPIC") || c.equals("QUIT")
                || c.equals("ERROR")
                || c.equals("KICK") || c.equals("JOIN") && m.params().size() == 3 // extended-join's real name
                || m.params().size() > 1 && c.length() == 3 && Character.isDigit(c.charAt(0));
    }

    /** A numeric's code for a refusal from the Hub, and the parameters before its text. */
    record Refusal(String code, List<String> params) {}

    /** How a {@link Event.Failure} reads as a numeric; null for those with none (sent as a NOTICE). */
    static Refusal refusal(Event.Failure f) {
        String arg = f.args().isEmpty() ? "*" : f.args().get(0);
        return switch (f.code()) {
            case "name.empty" -> new Refusal("431", List.of());
            case "name.long", "name.space", "name.char", "name.invisible", "name.script" ->
                    new Refusal("432", List.of(arg.isEmpty() ? "*" : arg));
            case "name.taken", "name.registered", "account.nick" -> new Refusal("433", List.of(arg));
            case "room.invalid", "room.unknown" -> new Refusal("403", List.of(channel(arg)));
            case "room.notin" -> new Refusal("442", List.of(channel(arg)));
            case "join.banned", "join.banned.reason" -> new Refusal("474", List.of(channel(arg)));
            case "join.invite" -> new Refusal("473", List.of(channel(arg)));
            case "join.key", "join.badkey" -> new Refusal("475", List.of(channel(arg)));
            case "join.full" -> new Refusal("471", List.of(channel(arg)));
            case "mod.denied", "topic.locked" -> new Refusal("482", List.of(channel(arg)));
            case "say.muted", "say.moderated", "say.external", "say.banned" -> new Refusal("404", List.of(channel(arg)));
            case "room.none" -> new Refusal("442", List.of("*"));
            case "user.unknown" -> new Refusal("401", List.of(arg));
            case "command.unknown" -> new Refusal("421", List.of(arg));
            case "command.usage" -> new Refusal("461", List.of(arg));
            case "command.name" -> new Refusal("451", List.of());
            case "text.empty" -> new Refusal("412", List.of());
            case "line.long" -> new Refusal("417", List.of());
            case "login.wrong", "password.wrong", "oper.wrong" -> new Refusal("464", List.of());
            case "oper.denied" -> new Refusal("491", List.of());
            case "mod.admin" -> new Refusal("481", List.of());
            default -> null;
        };
    }
}
