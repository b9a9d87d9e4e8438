package sori.irc;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sori.chat.Event;
import sori.chat.Hub;
import sori.chat.Names;
import sori.net.ChannelSession;

/**
 * An IRC connection as the Hub sees it, and what this one client has seen: its nick and channels as
 * of the events delivered so far (tracked in delivery order, like {@code LineSession.viewRoom}), the
 * capabilities it enabled, and what it said at registration. Touched on the channel's loop only.
 */
final class IrcSession extends ChannelSession {

    /** {@link #view} says: send the event's common form (its {@link sori.chat.Delivery} slot). */
    static final Object SHARED = new Object();
    /** Quits and renames remembered to show one per user, however many shared channels announce it. */
    private static final int REMEMBERED = 256;

    private final IrcCodec codec;
    private final Hub hub;
    private final Registration registration;

    /** The label of the labeled response being gathered, and its bytes so far (null: none); mailbox only. */
    String label;
    java.io.ByteArrayOutputStream labelled;
    /** The account SASL signed in to before registration and said so (900): the Hub's sign-in is not said again. */
    String saslAccount;
    /** Capabilities enabled with CAP REQ. */
    final Set<String> caps = new HashSet<>();
    /** Nick as of the events delivered; null before RPL_WELCOME. */
    String nick;
    /** Ident from USER, shown in WHOIS and WHO (read by other connections' handlers). */
    volatile String ident;
    volatile String realname;
    /** The away message, or null when here (read by other connections' handlers). */
    volatile String away;
    /** User mode {@code +i}: hides this client from WHO masks of those who share no channel with it. */
    volatile boolean invisible;
    /** User mode {@code +w}: gets WALLOPS. */
    volatile boolean wallops;
    /** Channels joined as of the events delivered, as the server spells them (without {@code #}). */
    final Set<String> channels = new LinkedHashSet<>();
    /** Channels just joined whose replayed history waits for their names list, in order. */
    private Map<String, List<byte[]>> held;
    /** Made at first use, as {@link #held}, {@link #sent} and {@link #renames}: an idle connection needs none. */
    private Set<String> quits;
    /**
     * Lines this connection sent and has not yet seen come back (room or {@code ""} for a private
     * message, then the text as the Hub keeps it): without echo-message they are not sent back, but the
     * same person's lines from its other connections (a browser, netcat) are shown.
     */
    private java.util.ArrayDeque<String> sent;
    private static final int SENT = 64;
    private Set<String> renames;

    /** What the handler does when the Hub asks for something only registration can answer. */
    interface Registration {
        /** RPL_WELCOME is on its way: the Hub accepted {@code nick}. */
        void welcomed(String nick);

        /** The nick is an account's: the Hub waits for its password. */
        void passwordAsked(String nick);

        /** This client's nick changed from {@code nick}, which is free again. */
        void gaveUp(String nick);

        /** The Hub asks for a nick again (the last one was refused, or a password prompt given up). */
        void prompted();
    }

    IrcSession(Channel channel, IrcMailbox mailbox, IrcCodec codec, Hub hub, Registration registration) {
        super(channel, mailbox);
        this.codec = codec;
        this.hub = hub;
        this.registration = registration;
    }

    @Override
    public String kind() {
        return channel().pipeline().get(SslHandler.class) != null ? "irc+tls" : "irc";
    }

    /** Others' sign-ins reach an IRC client as ACCOUNT, under {@code account-notify} ({@link #view} checks it). */
    @Override
    public boolean hearsAccounts() {
        return true;
    }

    /** IRC clients join the channels they want: no first room. */
    @Override
    public boolean entersFirstRoom() {
        return false;
    }

    /** The user modes as RPL_UMODEIS shows them: {@code +i}, {@code +o} for an administrator, {@code +w}. */
    String userModes() {
        return "+" + (invisible ? "i" : "") + (user() != null && hub.isAdmin(user()) ? "o" : "") + (wallops ? "w" : "");
    }

    boolean has(String cap) {
        return caps.contains(cap);
    }

    /** {@link IrcCodec#shape} of the capabilities enabled, kept by {@link #capsChanged} (read by rooms: volatile). */
    private volatile int shape;

    /** Tags without text ({@link Event.Tagged}, {@link Event.KeptTags}) only for a client that has message-tags. */
    @Override
    public boolean takes(Event e) {
        return !(e instanceof Event.Tagged || e instanceof Event.KeptTags) || (shape & IrcCodec.TAGS) != 0;
    }

    /** This client's shape: which tags and JOIN form it is sent ({@link IrcCodec#TIME} ...). */
    /** An INVITE to this client from {@code from} to {@code room}, with the inviter's account under account-tag. */
    IrcMessage invite(String from, String room) {
        String account = null;
        if ((shape() & IrcCodec.ACCOUNT) != 0) {
            sori.chat.User inviter = hub.find(from);
            account = inviter == null ? null : inviter.accountName();
        }
        return new IrcMessage(account == null ? Map.of() : Map.of("account", account), IrcCodec.mask(from), "INVITE",
                List.of(target(), IrcCodec.channel(room)));
    }

    int shape() {
        return shape;
    }

    /** To be called after {@link #caps} changes (CAP REQ, CAP LS 302). */
    void capsChanged() {
        shape = IrcCodec.shape(caps);
    }

    /** The real name {@code nick} gave with USER; its nick for one on another transport, or gone. */
    String realnameOf(String nick) {
        sori.chat.User u = hub.find(nick);
        return u != null && u.session() instanceof IrcSession s && s.realname != null ? s.realname : nick;
    }

    /** This client's own JOIN of {@code room}, extended when it asked for extended-join. */
    private IrcMessage ownJoin(String room) {
        if ((shape & IrcCodec.EXTENDED_JOIN) == 0) {
            return IrcMessage.of(IrcCodec.mask(nick), "JOIN", IrcCodec.channel(room));
        }
        sori.chat.Person p = user().person();
        return IrcCodec.join(nick, room, p == null ? null : p.accountName(), realname == null ? nick : realname);
    }

    /** Who numerics are addressed to: the nick, or {@code *} before registration. */
    String target() {
        String name = user() == null ? null : user().name();
        return name == null ? "*" : name;
    }

    /** This connection sends {@code text} to {@code room} ({@code ""}: a private message). */
    void sending(String room, String text) {
        if (sent == null) {
            sent = new java.util.ArrayDeque<>();
        } else if (sent.size() == SENT) {
            sent.removeFirst(); // refused by the Hub, never to come back
        }
        sent.addLast(room + '\0' + sori.chat.Text.cleanLines(text));
    }

    /** True when {@code text} to {@code room} is one this connection sent (then forgotten). */
    private boolean sentHere(String room, String text) {
        return sent != null && sent.removeFirstOccurrence(room + '\0' + text);
    }

    /** Show our own line? Yes when another connection of ours sent it, or the client asked for echoes. */
    private boolean showOwn(String room, String text) {
        return !sentHere(room, text) || has("echo-message");
    }

    boolean isMe(String name) {
        return name != null && name.equals(nick);
    }

    /**
     * What this client is sent for {@code e}: {@link #SHARED} for the common form of a room event, null
     * for nothing, or the bytes. Updates what the client has seen.
     */
    Object view(sori.chat.Delivery d) {
        if (d.event() instanceof Event.Private p) {
            return privateMessage(p, (shape & IrcCodec.TAGS) != 0 ? IrcForms.of(d).privateId(p) : null);
        }
        if (d.event() instanceof Event.Tagged t) {
            return tagged(t, IrcForms.of(d).privateId(t));
        }
        return view(d.event());
    }

    /** {@link #view(sori.chat.Delivery)} of an event on its own (a private message then has no msgid). */
    Object view(Event e) {
        return switch (e) {
            case Event.RoomEvent re -> roomEvent(re);
            case Event.Replayed r -> replayed(r);
            case Event.Switched s -> switched(s);
            case Event.Welcome w -> {
                nick = w.name();
                registration.welcomed(nick);
                yield bytes(welcome());
            }
            case Event.Attached a -> attached(a);
            case Event.SignedIn in -> signedIn(in);
            case Event.AccountChanged a -> has("account-notify") && !isMe(a.name())
                    ? bytes(List.of(IrcMessage.of(IrcCodec.mask(a.name()), "ACCOUNT", a.account() == null ? "*" : a.account())))
                    : null;
            case Event.PasswordPrompt p -> {
                registration.passwordAsked(p.name());
                yield null;
            }
            case Event.Private p -> privateMessage(p, null);
            case Event.Tagged t -> tagged(t, t.kept() ? IrcIds.privateTags(t) : IrcIds.privateMessage(t.time()));
            case Event.Rooms r -> bytes(list(r));
            case Event.Topic t -> bytes(topic(t.room(), t.topic(), false));
            case Event.Notice n -> notice(n);
            case Event.Failure f -> bytes(List.of(failure(f)));
            case Event.Goodbye g -> bytes(List.of(codec.fromServer("ERROR", goodbye(g))));
            case Event.Prompt p -> {
                registration.prompted();
                yield null;
            }
            case Event.Who w -> null;
            case Event.Help h -> null;
            case Event.HistoryEnd h -> null;
        };
    }

    /** 900 or 901; a sign-in SASL announced already (900 before registration) is not said twice. */
    private Object signedIn(Event.SignedIn in) {
        if (in.name() != null && in.name().equals(saslAccount)) {
            saslAccount = null;
            return null;
        }
        saslAccount = null;
        return bytes(List.of(in.name() == null
                ? codec.numeric("901", target(), IrcCodec.mask(target()), "You are now logged out")
                : codec.numeric("900", target(), IrcCodec.mask(target()), in.name(),
                        "You are now logged in as " + in.name())));
    }

    private Object roomEvent(Event.RoomEvent e) {
        switch (e) {
            case Event.Said s -> {
                return !isMe(s.name()) || showOwn(s.room(), s.text()) ? SHARED : null;
            }
            case Event.Action a -> {
                return !isMe(a.name()) || showOwn(a.room(), a.text()) ? SHARED : null;
            }
            case Event.Joined j -> {
                if (isMe(j.name())) {
                    return null; // said when the join happened (Switched), before the replay
                }
                forgetQuit(j.name());
                return SHARED;
            }
            case Event.Left l -> {
                if (isMe(l.name())) {
                    channels.remove(l.room());
                    return l.why() == Event.Departure.PART ? SHARED : null;
                }
                if (l.why() == Event.Departure.PART) {
                    return SHARED;
                }
                if (quits == null) {
                    quits = remembered();
                }
                return quits.add(l.name()) ? SHARED : null; // one QUIT however many channels we share
            }
            case Event.Renamed r -> {
                // One rename is announced in each of the user's rooms at the same instant: show it once.
                if (renames == null) {
                    renames = remembered();
                }
                if (!renames.add(r.from() + '\0' + r.to() + '\0' + r.time())) {
                    return null;
                }
                if (isMe(r.from())) {
                    registration.gaveUp(nick);
                    nick = r.to();
                }
                forgetQuit(r.to());
                return SHARED;
            }
            case Event.TopicSet t -> {
                return SHARED;
            }
            case Event.KeptTags k -> {
                // As an unstored TAGMSG: to a client with message-tags; our own only as an echo.
                return (shape & IrcCodec.TAGS) == 0 || isMe(k.name()) && !has("echo-message") ? null : SHARED;
            }
            case Event.Moderated m when m.action() == Event.ModAction.INVITE -> {
                // IRC tells the inviter (RPL_INVITING) and, under invite-notify, the channel's other members.
                if (isMe(m.name())) {
                    return bytes(List.of(codec.numeric("341", nick, m.target(), IrcCodec.channel(m.room()))));
                }
                return has("invite-notify") ? bytes(List.of(IrcMessage.of(IrcCodec.mask(m.name()), "INVITE", m.target(),
                        IrcCodec.channel(m.room())))) : null;
            }
            case Event.Moderated m -> {
                if (m.action() == Event.ModAction.KICK && isMe(m.target())) {
                    channels.remove(m.room()); // a KICK takes us out: no PART follows
                    release(m.room());
                }
                return SHARED;
            }
        }
    }

    /**
     * This connection joined an account already on elsewhere: registered as its nick, then in each of
     * its rooms (a JOIN, the topic and names) before the replay that follows.
     */
    private Object attached(Event.Attached a) {
        nick = a.name();
        registration.welcomed(nick);
        List<IrcMessage> out = new ArrayList<>(welcome());
        for (String room : a.rooms()) {
            if (!channels.add(room)) {
                continue;
            }
            out.add(ownJoin(room));
            Event.Who w = hub.roomInfo(room);
            if (w != null) {
                out.addAll(topic(w.room(), w.topic(), true));
                out.addAll(names(w));
            }
        }
        return bytes(out);
    }

    private Object replayed(Event.Replayed r) {
        Event.RoomEvent e = r.event();
        if (!(e instanceof Event.Said) && !(e instanceof Event.Action)) {
            return null; // past joins, parts and renames would confuse the client's member lists
        }
        byte[] b = codec.encode(e, IrcCodec.shapeFor(e, shape), this::realnameOf);
        List<byte[]> waiting = held == null ? null : held.get(e.room());
        if (waiting != null) {
            waiting.add(b);
            return null;
        }
        return b;
    }

    private Object switched(Event.Switched s) {
        // A join of a room we were not in: announced now, before the room's replay.
        if (s.room() == null || s.announce() || channels.contains(s.room())) {
            return null;
        }
        channels.add(s.room());
        if (held == null) {
            held = new LinkedHashMap<>();
        }
        held.put(s.room(), new ArrayList<>());
        return bytes(List.of(ownJoin(s.room())));
    }

    /** The replay held since {@code room} was joined, to send after its names list; empty when none. */
    List<byte[]> release(String room) {
        List<byte[]> waiting = held == null ? null : held.remove(room);
        if (held != null && held.isEmpty()) {
            held = null;
        }
        return waiting == null ? List.of() : waiting;
    }

    /** A private message with the tags of this client's shape; {@code msgid} is its id, or null for none. */
    private Object privateMessage(Event.Private p, String msgid) {
        boolean fromMe = isMe(p.from());
        if (fromMe && !isMe(p.to()) && !showOwn("", p.text())) {
            return null;
        }
        List<IrcMessage> lines = IrcCodec.privmsg(p.meta().notice() ? "NOTICE" : "PRIVMSG", IrcCodec.mask(p.from()),
                p.to(), p.text(), false);
        byte[] b = tagged(lines, p.time(), msgid, p.meta());
        // To oneself with echo-message: the echo, and the message as received.
        return fromMe && isMe(p.to()) && has("echo-message") && sentHere("", p.text()) ? new Twice(b, b) : b;
    }

    /** What {@link #view} gives for a message one sent to oneself: its echo (labeled) and its receipt (not). */
    record Twice(byte[] echo, byte[] receipt) {}

    /** Client-only tags without text: a TAGMSG, to a client with message-tags (an echo only with echo-message). */
    private Object tagged(Event.Tagged t, String msgid) {
        boolean self = isMe(t.from()) && t.room() == null && isMe(t.to());
        if ((shape & IrcCodec.TAGS) == 0 || isMe(t.from()) && !has("echo-message") && !self) {
            return null;
        }
        IrcMessage line = IrcMessage.of(IrcCodec.mask(t.from()), "TAGMSG",
                t.room() != null ? IrcCodec.channel(t.room()) : t.to());
        byte[] b = tagged(List.of(line), t.time(), msgid, t.meta());
        return self && has("echo-message") ? new Twice(b, b) : b;
    }

    /** {@code lines} with the tags of this client's shape: msgid (when not null) and client tags on the first. */
    private byte[] tagged(List<IrcMessage> lines, long time, String msgid, Event.Meta meta) {
        StringBuilder rest = new StringBuilder();
        if ((shape & IrcCodec.TIME) != 0) {
            IrcCodec.tag(rest, "time", IrcCodec.time(time));
        }
        if ((shape & IrcCodec.ACCOUNT) != 0 && meta.account() != null) {
            IrcCodec.tag(rest, "account", meta.account());
        }
        StringBuilder first = new StringBuilder(rest);
        if ((shape & IrcCodec.TAGS) != 0) {
            if (msgid != null) {
                IrcCodec.tag(first, "msgid", msgid);
            }
            for (Map.Entry<String, String> t : meta.tags().entrySet()) {
                IrcCodec.tag(first, t.getKey(), t.getValue());
            }
        }
        return IrcCodec.bytes(lines, first.toString(), rest.toString());
    }

    private Object notice(Event.Notice n) {
        if (n.key().equals("renamed") && n.args().size() == 2 && isMe(n.args().get(0))) {
            // A rename while in no room: nobody else hears of it.
            String old = nick;
            registration.gaveUp(old);
            nick = n.args().get(1);
            return bytes(List.of(IrcMessage.of(IrcCodec.mask(old), "NICK", nick)));
        }
        List<String> a = n.args();
        switch (n.key()) {
            case "oper.granted" -> {
                return bytes(List.of(codec.numeric("381", target(), "You are now an IRC operator"),
                        IrcMessage.of(codec.server(), "MODE", target(), "+o")));
            }
            case "mod.invited" -> {
                return bytes(List.of(invite(a.get(0), a.get(1))));
            }
            case IrcMonitor.ONLINE -> {
                return bytes(List.of(codec.numeric("730", target(), IrcCodec.mask(a.get(0)))));
            }
            case IrcMonitor.OFFLINE -> {
                return bytes(List.of(codec.numeric("731", target(), a.get(0))));
            }
            default -> {
                return bytes(List.of(codec.fromServer("NOTICE", target(), codec.texts().get(n.key(), n.args()))));
            }
        }
    }

    IrcMessage failure(Event.Failure f) {
        String text = codec.texts().failure(f);
        IrcCodec.Refusal r = IrcCodec.refusal(f);
        if (r == null) {
            // No numeric says it: a standard reply, FAIL <command> <CODE> :text (the code is the chat's,
            // upper-cased: account.exists is ACCOUNT_EXISTS).
            return codec.fromServer("FAIL", command == null ? "*" : command,
                    f.code().toUpperCase(java.util.Locale.ROOT).replace('.', '_'), text);
        }
        List<String> params = new ArrayList<>(r.params());
        params.add(text);
        return codec.numeric(r.code(), target(), params.toArray(String[]::new));
    }

    /** The command being handled, or last handled: what a standard reply ({@code FAIL}) names. */
    String command;

    /** Reason for ERROR's "Closing Link". */
    String closing;

    private String goodbye(Event.Goodbye g) {
        String why = switch (g.key()) {
            case "error.limit.flood" -> "Excess Flood";
            case "error.limit.register" -> "Registration timeout";
            case "error.limit.dead" -> "Ping timeout";
            case "error.limit.slow" -> "Max SendQ exceeded";
            case Event.Goodbye.RESTART -> "Server restarting";
            case "bye" -> closing != null ? closing : "Quit";
            default -> codec.texts().get(g.key(), g.args());
        };
        String host = remote();
        int colon = host == null ? -1 : host.lastIndexOf(':');
        return "Closing Link: " + (colon > 0 ? host.substring(0, colon) : host) + " (" + why + ")";
    }

    /** RPL_WELCOME to RPL_ISUPPORT, then LUSERS and the MOTD: what a client waits for after registering. */
    List<IrcMessage> welcome() {
        String version = "sori-" + sori.Main.version();
        List<IrcMessage> out = new ArrayList<>();
        out.add(codec.numeric("001", nick, "Welcome to the " + codec.network() + " IRC network, " + IrcCodec.mask(nick)));
        out.add(codec.numeric("002", nick, "Your host is " + codec.server() + ", running version " + version));
        out.add(codec.numeric("003", nick, "This server was created " + CREATED));
        out.add(codec.numeric("004", nick, codec.server(), version, IrcCodec.USER_MODES, IrcCodec.CHANNEL_MODES));
        out.addAll(isupport());
        out.addAll(lusers());
        out.addAll(motd());
        return out;
    }

    private static final String CREATED = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)
            .format(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);

    /** RPL_ISUPPORT, at most 13 tokens a line. */
    List<IrcMessage> isupport() {
        List<IrcMessage> out = new ArrayList<>();
        List<String> tokens = codec.isupport();
        for (int i = 0; i < tokens.size(); i += 13) {
            List<String> p = new ArrayList<>(tokens.subList(i, Math.min(tokens.size(), i + 13)));
            p.add("are supported by this server");
            out.add(codec.numeric("005", target(), p.toArray(String[]::new)));
        }
        return out;
    }

    List<IrcMessage> lusers() {
        int users = hub.users();
        int max = codec.peakUsers(users);
        int rooms = hub.roomNames().size();
        int unknown = Math.max(0, hub.connections() - users);
        List<IrcMessage> out = new ArrayList<>();
        out.add(codec.numeric("251", target(), "There are " + users + " users and 0 invisible on 1 servers"));
        if (unknown > 0) {
            out.add(codec.numeric("253", target(), String.valueOf(unknown), "unknown connection(s)"));
        }
        out.add(codec.numeric("254", target(), String.valueOf(rooms), "channels formed"));
        out.add(codec.numeric("255", target(), "I have " + users + " clients and 0 servers"));
        out.add(codec.numeric("265", target(), String.valueOf(users), String.valueOf(max),
                "Current local users " + users + ", max " + max));
        out.add(codec.numeric("266", target(), String.valueOf(users), String.valueOf(max),
                "Current global users " + users + ", max " + max));
        return out;
    }

    List<IrcMessage> motd() {
        return List.of(codec.numeric("375", target(), "- " + codec.server() + " Message of the day - "),
                codec.numeric("372", target(), "- " + codec.texts().get("irc.motd")),
                codec.numeric("376", target(), "End of /MOTD command."));
    }

    List<IrcMessage> list(Event.Rooms r) {
        List<IrcMessage> out = new ArrayList<>();
        out.add(codec.numeric("321", target(), "Channel", "Users  Name"));
        for (Event.RoomInfo info : r.rooms()) {
            out.add(codec.numeric("322", target(), IrcCodec.channel(info.name()), String.valueOf(info.members()),
                    info.topic() == null ? "" : IrcCodec.clip(info.topic(), IrcCodec.TOPIC_BYTES)));
        }
        out.add(codec.numeric("323", target(), "End of /LIST"));
        return out;
    }

    /** RPL_TOPIC, or RPL_NOTOPIC unless {@code quiet} (a join says nothing of a missing topic). */
    List<IrcMessage> topic(String room, String topic, boolean quiet) {
        if (topic == null || topic.isEmpty()) {
            return quiet ? List.of() : List.of(codec.numeric("331", target(), IrcCodec.channel(room), "No topic is set"));
        }
        Event.TopicSet set = hub.topicSet(room);
        long created = hub.roomCreated(room);
        String by = set != null ? IrcCodec.mask(set.name()) : codec.server();
        long at = set != null ? set.time() : Math.max(created, 0);
        return List.of(codec.numeric("332", target(), IrcCodec.channel(room), IrcCodec.clip(topic, IrcCodec.TOPIC_BYTES)),
                codec.numeric("333", target(), IrcCodec.channel(room), by, String.valueOf(at / 1000)));
    }

    /** RPL_NAMREPLY lines (as many as the names need) and RPL_ENDOFNAMES. */
    List<IrcMessage> names(Event.Who w) {
        List<IrcMessage> out = new ArrayList<>();
        String ch = IrcCodec.channel(w.room());
        boolean masks = has("userhost-in-names");
        String modes = hub.roomModes(w.room());
        String kind = modes != null && modes.split(" ")[0].indexOf('s') >= 0 ? "@" : "="; // secret, or public
        String head = ":" + codec.server() + " 353 " + target() + " " + kind + " " + ch + " :";
        StringBuilder line = new StringBuilder();
        for (String member : w.members()) {
            String item = marks(w, member) + (masks ? IrcCodec.mask(member) : member);
            if (line.length() > 0 && IrcMessage.utf8Length(head) + IrcMessage.utf8Length(line.toString())
                    + 1 + IrcMessage.utf8Length(item) + 2 > IrcMessage.MAX_BYTES) {
                out.add(codec.numeric("353", target(), kind, ch, line.toString()));
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(item);
        }
        if (line.length() > 0) {
            out.add(codec.numeric("353", target(), kind, ch, line.toString()));
        }
        out.add(codec.numeric("366", target(), ch, "End of /NAMES list"));
        return out;
    }

    /** {@code @} for a channel operator (or founder), {@code +} for a voiced member, else nothing. */
    static String mark(Event.Who w, String member) {
        return w.ops().contains(member) ? "@" : w.voiced().contains(member) ? "+" : "";
    }

    /** {@link #mark}, or under multi-prefix every prefix the member has ({@code @+}). */
    String marks(Event.Who w, String member) {
        if (!has("multi-prefix")) {
            return mark(w, member);
        }
        return (w.ops().contains(member) ? "@" : "") + (w.voiced().contains(member) ? "+" : "");
    }

    static byte[] bytes(List<IrcMessage> lines) {
        return lines.isEmpty() ? null : IrcCodec.bytes(lines);
    }

    Hub hub() {
        return hub;
    }

    IrcCodec codec() {
        return codec;
    }

    /** {@code name} is back (joined, or renamed to): a later quit of theirs is shown again. */
    private void forgetQuit(String name) {
        if (quits != null) {
            quits.remove(name);
        }
    }

    /** A set that forgets its oldest entries past {@link #REMEMBERED}. */
    private static Set<String> remembered() {
        return java.util.Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > REMEMBERED;
            }
        });
    }

    /** True when {@code a} and {@code b} are the same name under the chat's folding. */
    static boolean same(String a, String b) {
        return a != null && b != null && Names.fold(Names.normalize(a)).equals(Names.fold(Names.normalize(b)));
    }
}
