package sori.irc;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sori.chat.Accounts;
import sori.chat.ChatCommand;
import sori.chat.Event;
import sori.chat.Hub;
import sori.chat.User;
import sori.line.LineFramer;
import sori.net.ChannelSession;
import sori.net.LimitCounters;
import sori.net.Tripped;

/**
 * Turns a connection's IRC messages into Hub calls. Registration (CAP, NICK, USER, PASS) is kept here
 * until the Hub accepts the nick; after it, messages map onto the chat's commands. Replies the Hub has
 * no event for (numerics about users, channels, the server) go through the mailbox, in order behind
 * what the Hub posted.
 */
final class IrcHandler extends ChannelInboundHandlerAdapter implements IrcSession.Registration {

    private static final Logger log = LoggerFactory.getLogger(IrcHandler.class);
    /**
     * Capabilities offered, all of them true of this server, each with its CAP LS 302 value ({@code ""}:
     * none). One entry a capability, kept sorted, so that adding one is a one-line change.
     */
    static final java.util.SortedMap<String, String> CAPS = new java.util.TreeMap<>(java.util.Map.ofEntries(
            java.util.Map.entry("account-notify", ""),
            java.util.Map.entry("account-tag", ""),
            java.util.Map.entry("away-notify", ""),
            java.util.Map.entry("batch", ""),
            java.util.Map.entry("cap-notify", ""),
            java.util.Map.entry("draft/chathistory", ""),
            java.util.Map.entry("draft/event-playback", ""),
            java.util.Map.entry(IrcMultiline.CAP, IrcMultiline.CAP_VALUE),
            java.util.Map.entry("echo-message", ""),
            java.util.Map.entry("extended-join", ""),
            java.util.Map.entry("invite-notify", ""),
            java.util.Map.entry("labeled-response", ""),
            java.util.Map.entry("message-tags", ""),
            java.util.Map.entry("multi-prefix", ""),
            java.util.Map.entry("sasl", IrcSasl.mechanisms()),
            java.util.Map.entry("server-time", ""),
            java.util.Map.entry("setname", ""),
            java.util.Map.entry("userhost-in-names", "")));
    private static final Set<String> BEFORE_REGISTRATION = Set.of("CAP", "NICK", "USER", "PASS", "PING", "PONG", "QUIT",
            "AUTHENTICATE");

    private final Hub hub;
    private final IrcMailbox mailbox;
    private final IrcCodec codec;
    private final Whowas whowas;
    private final LimitCounters counters;
    private final LongAdder received;
    private IrcSession session;
    /** The nick was put in WHOWAS when QUIT came, ahead of the close that would otherwise do it. */
    private boolean quitRecorded;
    private IrcHistory history;
    private IrcMultiline multiline;
    private IrcSasl sasl;
    private IrcModes modes;
    private IrcOps ops;
    private IrcMonitor monitor;

    // Registration, on the loop only.
    private String wantedNick;
    private String triedNick;
    private boolean userGiven;
    private String pass;
    private boolean passUsed;
    /** CAP LS or REQ was sent and END not yet: registration waits. */
    private boolean capHold;
    /** A nick is with the Hub (or its password check): no other until it answers. */
    private boolean pending;
    /** The Hub's first prompt, posted as the connection opened, has come: later ones answer a NICK. */
    private boolean greeted;
    private boolean registered;
    /** Lines that came while the nick was with the Hub, run once it is accepted. */
    private final List<String> held = new ArrayList<>();
    private static final int HELD_LINES = 64;

    IrcHandler(Hub hub, IrcMailbox mailbox, IrcCodec codec, Whowas whowas, LimitCounters counters) {
        this.hub = hub;
        this.whowas = whowas;
        this.mailbox = mailbox;
        this.codec = codec;
        this.counters = counters;
        this.received = counters.traffic().received("irc");
    }

    /** True once registered (asked by the register timeout, on the channel's loop). */
    boolean named() {
        return session != null && session.named();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session = new IrcSession(ctx.channel(), mailbox, codec, hub, this);
        history = new IrcHistory(session, mailbox);
        multiline = new IrcMultiline(session, mailbox, hub, this::saidLines);
        sasl = new IrcSasl(session, mailbox, codec, hub, () -> wantedNick, this::tryRegister);
        modes = new IrcModes(this, hub, session, codec);
        ops = new IrcOps(this, hub, session, codec);
        monitor = new IrcMonitor(this, hub, session, codec);
        session.connect(hub);
        // After the session's own close listener: the nick is given up, WHOWAS remembers it.
        ctx.channel().closeFuture().addListener(f -> {
            monitor.clear();
            if (registered && !quitRecorded && session.user().name() != null) {
                gaveUp(session.user().name());
            }
        });
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (session == null || session.user() == null) {
            return;
        }
        if (msg instanceof String line) {
            session.input(() -> {
                received.increment();
                line(line);
            });
        } else if (msg == LineFramer.TOO_LONG) {
            session.input(this::inputTooLong);
        }
    }

    private void inputTooLong() {
        reply(codec.numeric("417", session.target(), "Input line was too long"));
    }

    private void line(String line) {
        if (IrcMessage.tooLong(line) || IrcMessage.clientTagsTooLong(line)) {
            inputTooLong();
            return;
        }
        IrcMessage m = IrcMessage.parse(line);
        if (m == null) {
            return;
        }
        boolean labels = session.has("labeled-response") && !(pending && !registered);
        String label = labels ? m.tags().get("label") : null;
        if (labels && m.command().equals("BATCH")) {
            label = multiline.label(m); // a multiline batch's label answers its end, with the message it makes
        }
        if (label == null || label.isEmpty()) {
            handle(m, line);
            return;
        }
        mailbox.labelStart(session, label);
        try {
            handle(m, line);
        } finally {
            mailbox.labelEnd(session);
        }
    }

    /** Runs one parsed line (within its labeled response, when it has one). */
    private void handle(IrcMessage m, String line) {
        session.command = m.command();
        if (line.indexOf('\uFFFD') >= 0) {
            // The framer put U+FFFD where the bytes were no UTF-8 (UTF8ONLY): refuse rather than pass on mojibake.
            reply(IrcMessage.of(codec.server(), "FAIL", m.command(), "INVALID_UTF8", "Message rejected: not UTF-8"));
            return;
        }
        if (!registered && !BEFORE_REGISTRATION.contains(m.command())) {
            if (pending && held.size() < HELD_LINES) {
                held.add(line); // sent right behind the nick, before the Hub's answer: kept until it comes
            } else if (!m.command().matches("\\d{3}")) {
                reply(codec.numeric("451", "*", "You have not registered"));
            }
            return;
        }
        dispatch(m);
    }

    private void dispatch(IrcMessage m) {
        if (registered && multiline.takes(m)) {
            return; // a line of a multiline batch, said with the batch
        }
        User u = session.user();
        switch (m.command()) {
            case "CAP" -> cap(m);
            case "AUTHENTICATE" -> sasl.authenticate(m, registered);
            case "NICK" -> nick(m);
            case "USER" -> user(m);
            case "PASS" -> {
                if (registered) {
                    reply(codec.numeric("462", session.target(), "You may not reregister"));
                } else if (m.params().isEmpty()) {
                    needMoreParams(m);
                } else {
                    pass = m.param(0);
                }
            }
            case "PING" -> {
                if (m.params().isEmpty()) {
                    reply(codec.numeric("409", session.target(), "No origin specified"));
                } else {
                    reply(IrcMessage.of(codec.server(), "PONG", codec.server(), m.param(0)));
                }
            }
            case "PONG" -> { }
            case "QUIT" -> {
                String reason = m.param(0);
                session.closing = reason == null || reason.isEmpty() ? "Quit" : "Quit: " + reason;
                if (registered && u.name() != null && !quitRecorded) {
                    // Before the Hub tells anyone: a WHOWAS sent by a peer who saw this QUIT must find the nick.
                    quitRecorded = true;
                    gaveUp(u.name());
                }
                hub.run(u, ChatCommand.QUIT, reason == null || reason.isEmpty() ? List.of() : List.of(reason));
            }
            case "JOIN" -> join(m);
            case "PART" -> part(m);
            case "TOPIC" -> topic(m);
            case "NAMES" -> names(m);
            case "LIST" -> hub.run(u, ChatCommand.ROOMS, List.of());
            case "PRIVMSG" -> message(m, false);
            case "NOTICE" -> message(m, true);
            case "TAGMSG" -> tagmsg(m);
            case "WHO" -> who(m);
            case "WHOIS" -> whois(m);
            case "ISON" -> ison(m);
            case "USERHOST" -> userhost(m);
            case "MODE" -> {
                if (m.params().isEmpty()) {
                    needMoreParams(m);
                } else {
                    modes.mode(m);
                }
            }
            case "AWAY" -> ops.away(m);
            case "OPER" -> ops.oper(m);
            case "KILL" -> ops.kill(m);
            case "WALLOPS" -> ops.wallops(m);
            case "SETNAME" -> ops.setname(m);
            case "MONITOR" -> monitor.monitor(m);
            case "KICK" -> kick(m);
            case "INVITE" -> ops.invite(m);
            case "WHOWAS" -> whowas(m);
            case "CHATHISTORY" -> history.command(m);
            case "BATCH" -> multiline.batch(m);
            case "MOTD" -> reply(session.motd());
            case "LUSERS" -> reply(session.lusers());
            case "VERSION" -> {
                List<IrcMessage> out = new ArrayList<>();
                out.add(codec.numeric("351", session.target(), "sori-" + sori.Main.version(), codec.server(),
                        "sori chat server"));
                out.addAll(session.isupport());
                reply(out);
            }
            case "INFO" -> reply(codec.numeric("371", session.target(), "sori " + sori.Main.version()
                    + ": one chat for IRC, netcat and the web"), codec.numeric("374", session.target(), "End of INFO list"));
            case "TIME" -> reply(codec.numeric("391", session.target(), codec.server(),
                    ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.RFC_1123_DATE_TIME)));
            default -> reply(codec.numeric("421", session.target(), m.command(), "Unknown command"));
        }
    }

    // ---- registration ----

    private void cap(IrcMessage m) {
        String sub = m.param(0) == null ? "" : m.param(0).toUpperCase(java.util.Locale.ROOT);
        String target = session.target();
        switch (sub) {
            case "LS" -> {
                capHold |= !registered;
                boolean v302 = m.param(1) != null && m.param(1).matches("\\d{1,6}") && Integer.parseInt(m.param(1)) >= 302;
                if (v302) {
                    session.caps.add("cap-notify"); // implied by 302
                    session.capsChanged();
                }
                reply(IrcMessage.of(codec.server(), "CAP", target, "LS", capList(v302)));
            }
            case "LIST" -> reply(IrcMessage.of(codec.server(), "CAP", target, "LIST", String.join(" ", sorted(session.caps))));
            case "REQ" -> {
                capHold |= !registered;
                String wanted = m.param(1) == null ? "" : m.param(1).strip();
                List<String> add = new ArrayList<>();
                List<String> remove = new ArrayList<>();
                boolean ok = !wanted.isEmpty();
                for (String c : wanted.split(" +")) {
                    boolean minus = c.startsWith("-");
                    String name = minus ? c.substring(1) : c;
                    ok &= CAPS.containsKey(name);
                    (minus ? remove : add).add(name);
                }
                if (ok) {
                    session.caps.addAll(add);
                    session.caps.removeAll(remove);
                    session.capsChanged();
                }
                reply(IrcMessage.of(codec.server(), "CAP", target, ok ? "ACK" : "NAK", wanted));
            }
            case "END" -> {
                capHold = false;
                if (!registered && wantedNick != null && userGiven) {
                    sasl.registering(); // registration completes: an unfinished exchange is aborted (906)
                }
                tryRegister();
            }
            default -> reply(codec.numeric("410", target, sub.isEmpty() ? "*" : m.param(0), "Invalid CAP command"));
        }
    }

    /** The capabilities for CAP LS: with their values for a 302 client, bare names for older ones. */
    static String capList(boolean withValues) {
        StringBuilder b = new StringBuilder();
        for (var c : CAPS.entrySet()) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(c.getKey());
            if (withValues && !c.getValue().isEmpty()) {
                b.append('=').append(c.getValue());
            }
        }
        return b.toString();
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    private void nick(IrcMessage m) {
        String nick = m.param(0);
        triedNick = null; // asked again: try it again, even if it was refused before
        if (nick == null || nick.isEmpty()) {
            reply(codec.numeric("431", session.target(), "No nickname given"));
            return;
        }
        if (registered) {
            hub.run(session.user(), ChatCommand.NICK, List.of(nick));
            return;
        }
        wantedNick = nick;
        tryRegister();
    }

    private void user(IrcMessage m) {
        if (registered || userGiven) {
            reply(codec.numeric("462", session.target(), "You may not reregister"));
            return;
        }
        if (m.params().size() < 4 || m.param(0).isEmpty() || m.param(3).isEmpty()) {
            needMoreParams(m);
            return;
        }
        String ident = m.param(0).replaceAll("[^A-Za-z0-9._-]", "");
        session.ident = ident.isEmpty() ? "u" : ident.substring(0, Math.min(ident.length(), 10));
        session.realname = m.param(3);
        userGiven = true;
        tryRegister();
    }

    private void tryRegister() {
        if (registered || pending || capHold || sasl.busy() || wantedNick == null || !userGiven
                || wantedNick.equals(triedNick)) {
            return; // SASL with an answer out: registration waits for it
        }
        pending = true;
        triedNick = wantedNick;
        Accounts.Account account = sasl.account();
        if (account != null ? hub.admitSignedIn(session.user(), wantedNick, account)
                : hub.register(session.user(), wantedNick)) {
            registered = true; // the welcome is on its way; what follows runs as a registered client's
            pending = false;
            runHeld();
        }
    }

    @Override
    public void welcomed(String nick) {
        history.named();
        if (!registered) { // accepted after a password check
            registered = true;
            pending = false;
            runHeld();
        }
    }

    private void runHeld() {
        List<String> lines = List.copyOf(held);
        held.clear();
        for (String line : lines) {
            line(line);
        }
    }

    @Override
    public void passwordAsked(String nick) {
        if (pass != null && !passUsed) {
            passUsed = true;
            hub.input(session.user(), pass); // the account's password, given with PASS
            return;
        }
        hub.input(session.user(), ""); // back to choosing a nick: no (more) password to try
        reply(codec.numeric("433", "*", nick, "Nickname is registered; give its password with PASS"));
    }

    @Override
    public void gaveUp(String nick) {
        history.named();
        whowas.add(new Whowas.Entry(nick, session.ident == null ? "u" : session.ident,
                session.realname == null ? nick : session.realname));
    }

    @Override
    public void prompted() {
        if (!greeted) {
            // The greeting answers no NICK. A client that sent NICK, USER and JOIN at once can have them
            // read before the greeting is delivered: the JOIN held behind that NICK must stay held.
            greeted = true;
            return;
        }
        pending = false;
        held.clear(); // they were for the nick that was refused
        tryRegister(); // a NICK that came while the Hub was answering the last one
    }

    // ---- channels ----

    /** The room {@code channel} names if this user is in it, as the server spells it; else null. */
    String memberRoom(String channel) {
        if (!channel.startsWith("#")) {
            return null;
        }
        String name = channel.substring(1);
        List<String> rooms = session.user().rooms();
        for (String r : rooms) {
            if (r.equals(name)) {
                return r; // as the server spells it: the common case, without folding
            }
        }
        for (String r : rooms) {
            if (IrcSession.same(r, name)) {
                return r;
            }
        }
        return null;
    }

    private void join(IrcMessage m) {
        if (m.params().isEmpty()) {
            needMoreParams(m);
            return;
        }
        User u = session.user();
        if (m.param(0).equals("0")) {
            for (String room : u.rooms()) {
                hub.run(u, ChatCommand.PART, List.of(room));
            }
            return;
        }
        String[] keys = m.param(1) == null ? new String[0] : m.param(1).split(",");
        String[] channels = m.param(0).split(",");
        for (int i = 0; i < channels.length; i++) {
            String ch = channels[i];
            String key = i < keys.length && !keys[i].isEmpty() ? keys[i] : null;
            if (ch.isEmpty()) {
                continue;
            }
            if (!ch.startsWith("#") || ch.length() == 1) {
                reply(codec.numeric("403", session.target(), ch, "No such channel"));
                continue;
            }
            if (memberRoom(ch) != null) {
                continue;
            }
            hub.run(u, ChatCommand.JOIN, key == null ? List.of(ch.substring(1)) : List.of(ch.substring(1), key));
            String room = memberRoom(ch);
            if (room != null) {
                Event.Who w = hub.roomInfo(room);
                List<IrcMessage> out = new ArrayList<>();
                if (w != null) {
                    out.addAll(session.topic(w.room(), w.topic(), true));
                    out.addAll(session.names(w));
                }
                mailbox.reply(session, out, room);
                ops.joined(room);
            }
        }
    }

    private void part(IrcMessage m) {
        if (m.params().isEmpty()) {
            needMoreParams(m);
            return;
        }
        for (String ch : m.param(0).split(",")) {
            String room = memberRoom(ch);
            if (room == null) {
                notMember(ch);
            } else {
                hub.part(session.user(), room, m.param(1));
            }
        }
    }

    /** ERR_NOTONCHANNEL for a channel that exists, ERR_NOSUCHCHANNEL otherwise. */
    void notMember(String ch) {
        if (ch.startsWith("#") && hub.roomInfo(ch) != null) {
            reply(codec.numeric("442", session.target(), ch, "You're not on that channel"));
        } else {
            reply(codec.numeric("403", session.target(), ch, "No such channel"));
        }
    }

    private void topic(IrcMessage m) {
        if (m.params().isEmpty()) {
            needMoreParams(m);
            return;
        }
        String ch = m.param(0);
        String room = memberRoom(ch);
        if (m.params().size() < 2) {
            Event.Who w = ch.startsWith("#") ? hub.roomInfo(ch) : null;
            if (w == null) {
                reply(codec.numeric("403", session.target(), ch, "No such channel"));
            } else {
                reply(session.topic(w.room(), w.topic(), false));
            }
            return;
        }
        if (room == null) {
            notMember(ch);
            return;
        }
        User u = session.user();
        hub.run(u, ChatCommand.JOIN, List.of(room)); // already in: makes it the room /topic acts on
        hub.run(u, ChatCommand.TOPIC, List.of(IrcCodec.clip(m.param(1), IrcCodec.TOPIC_BYTES)));
    }

    private void names(IrcMessage m) {
        if (m.params().isEmpty()) {
            reply(codec.numeric("366", session.target(), "*", "End of /NAMES list"));
            return;
        }
        for (String ch : m.param(0).split(",")) {
            if (!ch.startsWith("#")) {
                reply(codec.numeric("366", session.target(), ch, "End of /NAMES list"));
                continue;
            }
            // In a cluster a channel open only on other nodes is answered once the cluster did, on its thread:
            // back to the channel's loop, where the session may be read (TARGMAX NAMES:1: one channel, one answer).
            hub.roomInfo(ch, w -> {
                io.netty.channel.EventLoop loop = session.channel().eventLoop();
                if (loop.inEventLoop()) {
                    namesOf(ch, w);
                } else {
                    loop.execute(() -> namesOf(ch, w));
                }
            });
        }
    }

    private void namesOf(String ch, Event.Who w) {
        reply(w == null ? List.of(codec.numeric("366", session.target(), ch, "End of /NAMES list")) : session.names(w));
    }

    // ---- messages ----

    private void message(IrcMessage m, boolean notice) {
        if (m.params().isEmpty()) {
            if (!notice) {
                reply(codec.numeric("411", session.target(), "No recipient given (" + m.command() + ")"));
            }
            return;
        }
        String text = m.param(1);
        if (text == null || text.isEmpty()) {
            if (!notice) {
                reply(codec.numeric("412", session.target(), "No text to send"));
            }
            return;
        }
        String[] targets = m.param(0).split(",");
        if (targets.length > IrcCodec.MAX_TARGETS) {
            reply(codec.numeric("407", session.target(), m.param(0), "Too many targets"));
            return;
        }
        User u = session.user();
        String action = text.startsWith("\1ACTION ") ? text.substring(8, text.endsWith("\1") ? text.length() - 1
                : text.length()) : null;
        Event.Meta meta = new Event.Meta(null, notice && action == null, clientTags(m));
        for (String t : targets) {
            if (t.startsWith("#")) {
                String room = sayingRoom(t, notice);
                if (room != null && action != null) {
                    session.sending(room, action);
                    hub.say(u, room, action, true, meta);
                } else if (room != null) {
                    session.sending(room, text);
                    hub.say(u, room, text, false, meta);
                }
            } else if (hub.find(t) == null && !hub.clustered()) {
                if (!notice) {
                    reply(codec.numeric("401", session.target(), t, "No such nick/channel"));
                }
            } else { // in a cluster a nick not here may be on another node: the Hub answers 401 if on none
                String said = action != null ? "* " + u.name() + " " + action : text;
                session.sending("", said);
                hub.message(u, t, said, meta);
                User to = hub.find(t);
                String away = to == null ? null : awayOf(to);
                if (away != null && !notice) {
                    reply(codec.numeric("301", session.target(), to.name(), away));
                }
            }
        }
    }

    /**
     * The room a line to {@code channel} goes to, as the server spells it: one this user is in, or an open
     * one it is not in, whose +n the Hub checks (404 when on). Null after 403 when there is no such channel,
     * and null without a word for a NOTICE that +n would refuse: IRC never answers a NOTICE.
     */
    private String sayingRoom(String channel, boolean notice) {
        String room = memberRoom(channel);
        if (room != null) {
            return room;
        }
        Event.Who w = hub.roomInfo(channel);
        if (w == null) {
            if (!notice) {
                reply(codec.numeric("403", session.target(), channel, "No such channel"));
            }
            return null;
        }
        if (notice) {
            String modes = hub.roomModes(w.room());
            if (modes == null || modes.split(" ")[0].indexOf('n') >= 0) {
                return null;
            }
        }
        return w.room();
    }

    /** A multiline batch's text, with its lines separated by {@code \n}, to a channel or a nick. */
    private void saidLines(String target, String command, String text, IrcMultiline.Batch batch) {
        boolean notice = command.equals("NOTICE");
        User u = session.user();
        Event.Meta meta = new Event.Meta(null, notice, clientTags(new IrcMessage(batch.tags, null, "BATCH", List.of())),
                batch.joins());
        if (target.startsWith("#")) {
            String room = sayingRoom(target, notice);
            if (room == null) {
                return;
            }
            session.sending(room, text);
            hub.say(u, room, text, false, meta);
        } else if (hub.find(target) == null && !hub.clustered()) {
            if (!notice) {
                reply(codec.numeric("401", session.target(), target, "No such nick/channel"));
            }
        } else {
            session.sending("", text);
            hub.message(u, target, text, meta);
        }
    }

    /** The client-only tags ({@code +name}) of {@code m}, the only ones a client's message may pass on. */
    static java.util.Map<String, String> clientTags(IrcMessage m) {
        if (m.tags().isEmpty()) {
            return java.util.Map.of();
        }
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (var t : m.tags().entrySet()) {
            if (t.getKey().startsWith("+") && t.getKey().length() > 1) {
                out.put(t.getKey(), t.getValue());
            }
        }
        return out;
    }

    /**
     * TAGMSG: client-only tags and no text, to channels and nicks, relayed only to clients that have
     * message-tags (as a sender without it could not have meant to send one, it is still accepted). With
     * {@code +draft/persist} it is kept in history like a message (CHATHISTORY replays it under
     * draft/event-playback); without, never stored.
     */
    /** The client-only tag asking for a TAGMSG to be kept in history (IRCv3 draft, used by irctest and Ergo). */
    static final String PERSIST = "+draft/persist";

    private void tagmsg(IrcMessage m) {
        if (m.params().isEmpty() || m.param(0).isEmpty()) {
            reply(codec.numeric("411", session.target(), "No recipient given (TAGMSG)"));
            return;
        }
        Event.Meta meta = new Event.Meta(null, false, clientTags(m));
        boolean keep = meta.tags().containsKey(PERSIST);
        User u = session.user();
        for (String t : m.param(0).split(",")) {
            if (t.startsWith("#")) {
                String room = memberRoom(t);
                if (room == null) {
                    reply(codec.numeric(hub.roomInfo(t) != null ? "404" : "403", session.target(), t,
                            hub.roomInfo(t) != null ? "Cannot send to channel" : "No such channel"));
                } else {
                    hub.tag(u, IrcCodec.channel(room), meta, keep);
                }
            } else if (hub.find(t) == null) {
                reply(codec.numeric("401", session.target(), t, "No such nick/channel"));
            } else {
                hub.tag(u, t, meta, keep);
            }
        }
    }

    /** KICK as the chat's /kick, after IRC's own checks; the Hub refuses a non-operator (482). */
    private void kick(IrcMessage m) {
        if (m.params().size() < 2) {
            needMoreParams(m);
            return;
        }
        String ch = m.param(0);
        String room = memberRoom(ch);
        if (room == null) {
            notMember(ch);
            return;
        }
        User target = hub.find(m.param(1));
        if (target == null || !target.rooms().contains(room)) {
            reply(codec.numeric("441", session.target(), m.param(1), ch, "They aren't on that channel"));
            return;
        }
        hub.run(session.user(), ChatCommand.JOIN, List.of(room)); // already in: the room /kick acts on
        String reason = m.param(2);
        hub.run(session.user(), ChatCommand.KICK, reason == null || reason.isBlank() ? List.of(target.name())
                : List.of(target.name(), reason));
    }

    private void whowas(IrcMessage m) {
        String t = session.target();
        if (m.params().isEmpty() || m.param(0).isEmpty()) {
            reply(codec.numeric("431", t, "No nickname given"));
            return;
        }
        String nick = m.param(0);
        int count = 0;
        if (m.param(1) != null) {
            try {
                count = Integer.parseInt(m.param(1));
            } catch (NumberFormatException e) {
                count = 0;
            }
        }
        List<IrcMessage> out = new ArrayList<>();
        List<Whowas.Entry> found = whowas.find(nick, count);
        if (found.isEmpty()) {
            out.add(codec.numeric("406", t, nick, "There was no such nickname"));
        }
        for (Whowas.Entry e : found) {
            out.add(codec.numeric("314", t, e.nick(), "~" + e.ident(), IrcCodec.HOST, "*", e.realname()));
            out.add(codec.numeric("312", t, e.nick(), codec.server(), "sori"));
        }
        out.add(codec.numeric("369", t, nick, "End of WHOWAS"));
        reply(out);
    }

    /** The away message of {@code u}, or null: only IRC users can be away. */
    private static String awayOf(User u) {
        return u.session() instanceof IrcSession s ? s.away : null;
    }

    // ---- queries ----

    private String identOf(User u) {
        return u.session() instanceof IrcSession s && s.ident != null ? s.ident : "u";
    }

    private String realnameOf(User u) {
        return u.session() instanceof IrcSession s && s.realname != null ? s.realname : u.name();
    }

    private IrcMessage whoLine(String channel, User u, String whox) {
        return whoLine(channel, u, whox, "");
    }

    /** {@code mark} is the member's {@code @} or {@code +} in {@code channel}, after the here/gone flag. */
    private IrcMessage whoLine(String channel, User u, String whox, String mark) {
        String ident = "~" + identOf(u);
        String flags = (awayOf(u) == null ? "H" : "G") + (hub.isAdmin(u) ? "*" : "") + mark;
        if (whox == null) {
            return codec.numeric("352", session.target(), channel, ident, IrcCodec.HOST, codec.server(),
                    u.name(), flags, "0 " + realnameOf(u));
        }
        // WHOX: the fields asked for, in the spec's order whatever order they were asked in.
        int comma = whox.indexOf(',');
        String fields = comma < 0 ? whox : whox.substring(0, comma);
        String token = comma < 0 ? "0" : whox.substring(comma + 1);
        List<String> p = new ArrayList<>();
        for (char f : "tcuihsnfdlaor".toCharArray()) {
            if (fields.indexOf(f) < 0) {
                continue;
            }
            p.add(switch (f) {
                case 't' -> token;
                case 'c' -> channel;
                case 'u' -> ident;
                case 'i' -> "255.255.255.255";
                case 'h' -> IrcCodec.HOST;
                case 's' -> codec.server();
                case 'n' -> u.name();
                case 'f' -> flags;
                case 'd' -> "0";
                case 'l' -> "0";
                case 'a' -> u.account() == null ? "0" : u.accountName();
                case 'o' -> "n/a";
                default -> realnameOf(u);
            });
        }
        return codec.numeric("354", session.target(), p.toArray(String[]::new));
    }

    private void who(IrcMessage m) {
        String mask = m.params().isEmpty() ? "*" : m.param(0);
        String whox = m.params().size() >= 2 && m.param(1).startsWith("%") ? m.param(1).substring(1) : null;
        List<IrcMessage> out = new ArrayList<>();
        if (mask.startsWith("#")) {
            Event.Who w = hub.roomInfo(mask);
            if (w != null) {
                for (String member : w.members()) {
                    User u = hub.find(member);
                    if (u != null) {
                        out.add(whoLine(IrcCodec.channel(w.room()), u, whox, session.marks(w, member)));
                    }
                }
            }
        } else if (mask.indexOf('*') >= 0 || mask.indexOf('?') >= 0) {
            // A mask lists users it matches, but not the invisible unless they share a channel with us.
            Pattern p = glob(mask);
            List<String> mine = session.user().rooms();
            for (User u : hub.everyone()) {
                String name = u.name();
                if (name == null || !p.matcher(name).matches()) {
                    continue;
                }
                boolean hidden = u.session() instanceof IrcSession s && s.invisible && u != session.user()
                        && u.rooms().stream().noneMatch(mine::contains);
                if (!hidden) {
                    out.add(whoLine("*", u, whox));
                }
            }
        } else {
            User u = hub.find(mask);
            if (u != null && u.name() != null) {
                out.add(whoLine("*", u, whox));
            }
        }
        out.add(codec.numeric("315", session.target(), mask, "End of /WHO list"));
        reply(out);
    }

    /** An IRC mask ({@code *} any run, {@code ?} one character) as a case-insensitive pattern. */
    static Pattern glob(String mask) {
        StringBuilder re = new StringBuilder();
        for (char c : mask.toCharArray()) {
            re.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private void whois(IrcMessage m) {
        if (m.params().isEmpty()) {
            reply(codec.numeric("431", session.target(), "No nickname given"));
            return;
        }
        String nick = m.param(m.params().size() >= 2 ? 1 : 0);
        User u = hub.find(nick);
        List<IrcMessage> out = new ArrayList<>();
        String t = session.target();
        if ((u == null || u.name() == null) && hub.clustered()) {
            String asked = nick;
            hub.elsewhere(session.user(), asked, found -> reply(whoisElsewhere(t, asked, found)));
            return;
        }
        if (u == null || u.name() == null) {
            out.add(codec.numeric("401", t, nick, "No such nick/channel"));
        } else {
            String name = u.name();
            out.add(codec.numeric("311", t, name, "~" + identOf(u), IrcCodec.HOST, "*", realnameOf(u)));
            List<String> rooms = u.rooms();
            if (!rooms.isEmpty()) {
                List<String> marked = new ArrayList<>(rooms.size());
                for (String room : rooms) {
                    Event.Who w = hub.roomInfo(room);
                    marked.add((w == null ? "" : session.marks(w, name)) + IrcCodec.channel(room));
                }
                out.add(codec.numeric("319", t, name, String.join(" ", marked)));
            }
            out.add(codec.numeric("312", t, name, codec.server(), "sori, via " + u.session().kind()));
            if (awayOf(u) != null) {
                out.add(codec.numeric("301", t, name, awayOf(u)));
            }
            if (hub.isAdmin(u)) {
                out.add(codec.numeric("313", t, name, "is an IRC operator"));
            }
            if (u.account() != null) {
                out.add(codec.numeric("330", t, name, u.accountName(), "is logged in as"));
            }
            nick = name;
        }
        out.add(codec.numeric("318", t, nick, "End of /WHOIS list"));
        reply(out);
    }

    /**
     * WHOIS of a nick on another node of a cluster: what the namespace knows, which is that it is online, on which
     * node (as its server), and its account when the nick is a registered one; 401 when no node holds it.
     */
    private List<IrcMessage> whoisElsewhere(String t, String nick, Hub.Elsewhere found) {
        List<IrcMessage> out = new ArrayList<>();
        if (found == null) {
            out.add(codec.numeric("401", t, nick, "No such nick/channel"));
        } else {
            out.add(codec.numeric("311", t, found.name(), "~u", IrcCodec.HOST, "*", found.name()));
            out.add(codec.numeric("312", t, found.name(), found.node(), "sori, on another node"));
            if (found.account() != null) {
                out.add(codec.numeric("330", t, found.name(), found.account(), "is logged in as"));
            }
            nick = found.name();
        }
        out.add(codec.numeric("318", t, nick, "End of /WHOIS list"));
        return out;
    }

    private void ison(IrcMessage m) {
        List<String> on = new ArrayList<>();
        for (String p : m.params()) {
            for (String nick : p.split(" ")) {
                User u = nick.isEmpty() ? null : hub.find(nick);
                if (u != null && u.name() != null) {
                    on.add(u.name());
                }
            }
        }
        reply(codec.numeric("303", session.target(), String.join(" ", on)));
    }

    private void userhost(IrcMessage m) {
        if (m.params().isEmpty()) {
            needMoreParams(m);
            return;
        }
        List<String> found = new ArrayList<>();
        for (String nick : m.params().subList(0, Math.min(5, m.params().size()))) {
            User u = hub.find(nick);
            if (u != null && u.name() != null) {
                found.add(u.name() + (awayOf(u) == null ? "=+~" : "=-~") + identOf(u) + "@" + IrcCodec.HOST);
            }
        }
        reply(codec.numeric("302", session.target(), String.join(" ", found)));
    }

    private void needMoreParams(IrcMessage m) {
        reply(codec.numeric("461", session.target(), m.command(), "Not enough parameters"));
    }

    void reply(IrcMessage... lines) {
        mailbox.reply(session, lines);
    }

    void reply(List<IrcMessage> lines) {
        mailbox.reply(session, lines, null);
    }

    // ---- limits and errors ----

    /** A limit tripped: the Hub says why to the user (ERROR, then close) and to the channels. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof Tripped t)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        if (session == null) {
            ctx.close();
        } else {
            session.expel(hub, t);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ChannelSession.caught(ctx, cause, counters, session, log);
    }
}
