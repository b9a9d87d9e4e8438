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

    /** {@link sori.chat.Delivery} slot of a room event as others see it, without tags. */
    static final int PLAIN = 3;
    /** {@link sori.chat.Delivery} slot of the same with a {@code time} tag (server-time). */
    static final int TIMED = 4;
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
                "KEYLEN=" + sori.chat.Moderation.KEY_LENGTH, "CHANLIMIT=#:", "MODES=4", "SAFELIST");
    }

    /**
     * The lines a member sees for room event {@code e} caused by someone else (the first element of the
     * list is the whole message when it fits in one line), or an empty list when IRC shows nothing.
     */
    List<IrcMessage> roomEvent(Event.RoomEvent e) {
        String ch = channel(e.room());
        return switch (e) {
            case Event.Said s -> privmsg(mask(s.name()), ch, s.text(), false);
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
        };
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
        // ":source PRIVMSG target :" + text + "\r\n", and for an action "\1ACTION " + text + "\1".
        int room = IrcMessage.MAX_BYTES - IrcMessage.utf8Length(source) - IrcMessage.utf8Length(target)
                - ":  PRIVMSG :\r\n".length() - (action ? "\1ACTION \1".length() : 0);
        // What an IRC client could have sent itself ("PRIVMSG target :text") goes out whole, as Ergo does,
        // even if the source makes the line a little longer than 512: only longer texts are cut.
        // (A one-word text needs no colon before it: one byte more.)
        int asSent = IrcMessage.MAX_BYTES - IrcMessage.utf8Length(target) - "PRIVMSG  \r\n".length()
                - (action ? "\1ACTION \1".length() : 0);
        if (IrcMessage.utf8Length(text) <= asSent) {
            return List.of(IrcMessage.of(source, "PRIVMSG", target, action ? "\1ACTION " + text + "\1" : text));
        }
        List<IrcMessage> out = new ArrayList<>(1);
        for (String part : split(text, Math.max(room, 16))) {
            out.add(IrcMessage.of(source, "PRIVMSG", target, action ? "\1ACTION " + part + "\1" : part));
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

    /**
     * {@code lines} as bytes to send, each with its line end; with {@code time} (not negative) each
     * carries it as a {@code time} tag.
     */
    static byte[] bytes(List<IrcMessage> lines, long time) {
        StringBuilder b = new StringBuilder(lines.size() * 80);
        String tag = time >= 0 ? "@time=" + time(time) + " " : null;
        for (IrcMessage m : lines) {
            if (tag != null && m.tags().isEmpty()) {
                b.append(tag);
            }
            b.append(m.format(trailing(m))).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Texts and numerics' last parameters go as trailing ones, as most servers send them. */
    private static boolean trailing(IrcMessage m) {
        String c = m.command();
        return c.equals("PRIVMSG") || c.equals("NOTICE") || c.equals("TOPIC") || c.equals("QUIT") || c.equals("ERROR")
                || c.equals("KICK")
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
            case "say.muted", "say.moderated" -> new Refusal("404", List.of(channel(arg)));
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
