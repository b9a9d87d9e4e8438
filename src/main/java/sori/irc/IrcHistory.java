package sori.irc;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import sori.chat.Event;
import sori.chat.EventStore;
import sori.chat.Hub;
import sori.chat.Names;
import sori.chat.User;

/**
 * CHATHISTORY (IRCv3 {@code draft/chathistory}): a channel's or a private conversation's past, read from
 * the chat's {@link EventStore} and sent in a {@code chathistory} batch. A selector is {@code *},
 * {@code msgid=} (a room event's id names its number, a private message's its time: {@link IrcIds}) or
 * {@code timestamp=}; bounds are exclusive. A channel's history is its members'; a private conversation's
 * is its two parties', from when the asker's name became its own (its account's creation, or a guest's
 * taking the nick), so a name taken again never reads its last owner's messages. Without
 * {@code draft/event-playback} only messages are sent, not joins, parts, renames, topics, modes or kept
 * TAGMSGs ({@code +draft/persist}); those are sent to a client with it (TAGMSGs only if it has message-tags).
 */
final class IrcHistory {

    /** Most messages one request returns (ISUPPORT {@code CHATHISTORY}). */
    static final int MAX = 1000;
    /** Room events read at a time when some are not shown (joins without event-playback). */
    private static final int PAGE = 200;
    /** Most room events looked at for one request: a room of nothing but joins yields what it has. */
    private static final int SCAN = 20 * MAX;

    private final IrcSession session;
    private final IrcMailbox mailbox;
    private final IrcCodec codec;
    private final Hub hub;
    /** When this connection took its nick (ms): how far back a guest's private history goes. */
    private volatile long namedAt = Long.MAX_VALUE;

    IrcHistory(IrcSession session, IrcMailbox mailbox) {
        this.session = session;
        this.mailbox = mailbox;
        this.codec = session.codec();
        this.hub = session.hub();
    }

    /** This connection has a new nick (registered or changed): its private history as a guest starts now. */
    void named() {
        namedAt = System.currentTimeMillis();
    }

    /** A request refused: {@code FAIL CHATHISTORY code subcommand [target] :text}, as standard replies go. */
    private static final class Refused extends RuntimeException {
        final List<String> params;

        Refused(String... params) {
            super(params[params.length - 1], null, false, false);
            this.params = List.of(params);
        }
    }

    /** A point a selector names, as exclusive bounds in the target's order (a room's numbers, or times). */
    private record Point(long after, long before) {}

    /** Where past lines come from: a room's events or a conversation's messages, with their order's unit. */
    private interface Log {
        /** The bounds {@code selector} names. */
        CompletableFuture<Point> point(String selector);

        /** The lines with {@code after < position < before}, oldest first; the last {@code limit} when {@code newest}. */
        CompletableFuture<List<Object>> read(long after, long before, int limit, boolean newest);
    }

    /** What this client is sent, fixed on its loop before the store answers. */
    private record Form(boolean batch, boolean time, boolean tags, boolean account, boolean playback) {}

    void command(IrcMessage m) {
        String sub = m.param(0) == null ? "" : m.param(0).toUpperCase(Locale.ROOT);
        try {
            switch (sub) {
                case "LATEST", "BEFORE", "AFTER", "AROUND" -> {
                    need(m, sub, 4);
                    query(sub, m.param(1), List.of(m.param(2)), limit(sub, m.param(3)));
                }
                case "BETWEEN" -> {
                    need(m, sub, 5);
                    query(sub, m.param(1), List.of(m.param(2), m.param(3)), limit(sub, m.param(4)));
                }
                case "TARGETS" -> {
                    need(m, sub, 4);
                    targets(time(sub, m.param(1)), time(sub, m.param(2)), limit(sub, m.param(3)));
                }
                case "" -> throw new Refused("NEED_MORE_PARAMS", "*", "Missing subcommand");
                default -> throw new Refused("UNKNOWN_COMMAND", m.param(0), "Unknown subcommand");
            }
        } catch (Refused r) {
            fail(r);
        }
    }

    private static void need(IrcMessage m, String sub, int params) {
        if (m.params().size() < params) {
            throw new Refused("NEED_MORE_PARAMS", sub, "Insufficient parameters");
        }
    }

    private static int limit(String sub, String s) {
        try {
            int n = Integer.parseInt(s);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n == 0 ? MAX : Math.min(n, MAX);
        } catch (NumberFormatException e) {
            throw new Refused("INVALID_PARAMS", sub, s, "Invalid limit");
        }
    }

    private static long time(String sub, String selector) {
        if (!selector.startsWith("timestamp=")) {
            throw new Refused("INVALID_PARAMS", sub, selector, "TARGETS takes timestamps");
        }
        return timestamp(sub, selector.substring("timestamp=".length()));
    }

    private static long timestamp(String sub, String s) {
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new Refused("INVALID_PARAMS", sub, s, "Invalid timestamp");
        }
    }

    // ---- LATEST, BEFORE, AFTER, AROUND, BETWEEN ----

    private void query(String sub, String target, List<String> selectors, int limit) {
        Form form = form();
        Log log = target.startsWith("#") ? roomLog(sub, target, form) : privateLog(sub, target, form);
        for (String s : selectors) {
            if (!s.equals("*") && !s.startsWith("msgid=") && !s.startsWith("timestamp=")
                    || s.equals("*") && !sub.equals("LATEST")) {
                throw new Refused("INVALID_PARAMS", sub, s, "Invalid message reference");
            }
        }
        CompletableFuture<List<Object>> lines = switch (sub) {
            case "LATEST" -> selectors.get(0).equals("*") ? log.read(Long.MIN_VALUE, Long.MAX_VALUE, limit, true)
                    : log.point(selectors.get(0)).thenCompose(p -> log.read(p.after(), Long.MAX_VALUE, limit, true));
            case "BEFORE" -> log.point(selectors.get(0)).thenCompose(p -> log.read(Long.MIN_VALUE, p.before(), limit, true));
            case "AFTER" -> log.point(selectors.get(0)).thenCompose(p -> log.read(p.after(), Long.MAX_VALUE, limit, false));
            case "AROUND" -> log.point(selectors.get(0)).thenCompose(p ->
                    log.read(Long.MIN_VALUE, p.before(), (limit - 1) / 2, true).thenCompose(older ->
                            log.read(p.before() - 1, Long.MAX_VALUE, limit - older.size(), false).thenApply(newer -> {
                                List<Object> all = new ArrayList<>(older);
                                all.addAll(newer);
                                return all;
                            })));
            default -> log.point(selectors.get(0)).thenCompose(a -> log.point(selectors.get(1)).thenCompose(b ->
                    a.before() <= b.before() ? log.read(a.after(), b.before(), limit, false)
                            : log.read(b.after(), a.before(), limit, true)));
        };
        boolean paused = session.pauseReading(); // what the client sends next is answered after this
        lines.whenComplete((found, error) -> {
            try {
                answer(sub, target, form, found, error);
            } finally {
                answered(paused);
            }
        });
    }

    private void answer(String sub, String target, Form form, List<Object> found, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            fail(cause instanceof Refused r ? r
                    : new Refused("MESSAGE_ERROR", sub, target, "History is not available now"));
            return;
        }
        String ref = IrcIds.batch();
        List<IrcMessage> out = new ArrayList<>(found.size() + 2);
        if (form.batch()) {
            out.add(IrcMessage.of(codec.server(), "BATCH", "+" + ref, "chathistory", target));
        }
        for (Object o : found) {
            out.addAll(switch (o) {
                case Event.Private p -> privateLines(p, form, ref);
                case Event.Tagged t -> tagLines(t, form, ref);
                default -> roomLines((Event.RoomEvent) o, form, ref);
            });
        }
        if (form.batch()) {
            out.add(IrcMessage.of(codec.server(), "BATCH", "-" + ref));
        }
        mailbox.reply(session, out, null);
    }

    private Form form() {
        return new Form(session.has("batch"), session.has("server-time"), session.has("message-tags"),
                session.has("account-tag"), session.has("draft/event-playback"));
    }

    /** A channel this client is in; any other is refused, as the spec's INVALID_TARGET. */
    private Log roomLog(String sub, String target, Form form) {
        String room = null;
        for (String r : session.user().rooms()) {
            if (IrcSession.same(r, target.substring(1))) {
                room = r;
            }
        }
        if (room == null) {
            throw new Refused("INVALID_TARGET", sub, target, "You are not on that channel");
        }
        String key = Names.fold(room);
        EventStore store = hub.store();
        String named = room;
        return new Log() {
            @Override
            public CompletableFuture<Point> point(String selector) {
                if (selector.startsWith("msgid=")) {
                    IrcIds.RoomId id = IrcIds.parseRoom(selector.substring("msgid=".length()));
                    if (id == null || !IrcSession.same(id.room(), named)) {
                        throw new Refused("INVALID_PARAMS", sub, selector, "Unknown msgid");
                    }
                    return CompletableFuture.completedFuture(new Point(id.seq(), id.seq()));
                }
                long t = timestamp(sub, selector.substring("timestamp=".length()));
                // Strictly before t: below its first event at or after t; strictly after: above its last at or before.
                return store.seqAt(key, t).thenCompose(before -> store.seqAt(key, t + 1)
                        .thenApply(next -> new Point(next - 1, before)));
            }

            @Override
            public CompletableFuture<List<Object>> read(long after, long before, int limit, boolean newest) {
                return page(store, key, after, before, limit, newest, form.playback(), form.tags(), new ArrayList<>(), 0);
            }
        };
    }

    /**
     * Reads room events page by page until {@code limit} of them are shown to this client ({@code all}:
     * every kind, kept tags only when it has message-tags ({@code tags}); else only messages), or the range
     * or {@link #SCAN} ends.
     */
    private static CompletableFuture<List<Object>> page(EventStore store, String key, long after, long before, int limit,
            boolean newest, boolean all, boolean tags, List<Object> got, int scanned) {
        if (limit <= 0 || after >= before - 1) {
            return CompletableFuture.completedFuture(got);
        }
        int size = all ? limit : Math.max(limit, PAGE);
        return store.read(key, after, before, size, newest).thenCompose(events -> {
            List<Object> shown = new ArrayList<>(events.size());
            for (Event.RoomEvent e : events) {
                if (all && (tags || !(e instanceof Event.KeptTags)) || e instanceof Event.Said || e instanceof Event.Action) {
                    shown.add(e);
                }
            }
            if (newest) {
                got.addAll(0, shown);
            } else {
                got.addAll(shown);
            }
            if (got.size() >= limit) {
                return CompletableFuture.completedFuture(newest ? new ArrayList<>(got.subList(got.size() - limit, got.size()))
                        : new ArrayList<>(got.subList(0, limit)));
            }
            if (events.size() < size || scanned + size >= SCAN) {
                return CompletableFuture.completedFuture(got);
            }
            return newest ? page(store, key, after, events.getFirst().seq(), limit, newest, all, tags, got, scanned + size)
                    : page(store, key, events.getLast().seq(), before, limit, newest, all, tags, got, scanned + size);
        });
    }

    /** The conversation with {@code target} (any nick, online or not), from when this client's name became its own. */
    private Log privateLog(String sub, String target, Form form) {
        User u = session.user();
        String me = u.name() == null ? null : Names.fold(u.name());
        String other = Names.fold(Names.normalize(target));
        if (me == null || other.isEmpty() || other.indexOf(' ') >= 0 || other.indexOf(',') >= 0) {
            throw new Refused("INVALID_TARGET", sub, target, "Not a nick or channel");
        }
        EventStore store = hub.store();
        CompletableFuture<Long> since = since(u);
        return new Log() {
            @Override
            public CompletableFuture<Point> point(String selector) {
                long t;
                if (selector.startsWith("msgid=")) {
                    IrcIds.PrivateId id = IrcIds.parsePrivate(selector.substring("msgid=".length()));
                    if (id == null) {
                        throw new Refused("INVALID_PARAMS", sub, selector, "Unknown msgid");
                    }
                    t = id.time();
                } else {
                    t = timestamp(sub, selector.substring("timestamp=".length()));
                }
                return CompletableFuture.completedFuture(new Point(t, t));
            }

            @Override
            public CompletableFuture<List<Object>> read(long after, long before, int limit, boolean newest) {
                if (limit <= 0) {
                    return CompletableFuture.completedFuture(List.of());
                }
                // Kept tags only for a client that asked for more than messages and can show tags.
                return form.playback() && form.tags()
                        ? since.thenCompose(from -> store.readConversation(me, other, Math.max(after, from - 1), before,
                                limit, newest)).thenApply(List::<Object>copyOf)
                        : since.thenCompose(from -> store.readPrivate(me, other, Math.max(after, from - 1), before, limit,
                                newest)).thenApply(List::<Object>copyOf);
            }
        };
    }

    /** From when {@code u}'s name is its own: its account's creation, or when this connection took it. */
    private CompletableFuture<Long> since(User u) {
        long guest = namedAt;
        if (u.account() == null) {
            return CompletableFuture.completedFuture(guest);
        }
        return hub.signIns().account(u.account()).thenApply(a -> a.map(sori.chat.Accounts.Account::created).orElse(guest));
    }

    // ---- TARGETS ----

    /** A channel or nick with history, and the time of its latest message. */
    private record Found(String target, long last) {}

    /**
     * The channels this client is in and the nicks it exchanged private messages with whose latest message
     * falls strictly between the two times, earliest first: {@code CHATHISTORY TARGETS target timestamp}.
     */
    private void targets(long a, long b, int limit) {
        long after = Math.min(a, b);
        long before = Math.max(a, b);
        Form form = form();
        User u = session.user();
        EventStore store = hub.store();
        List<CompletableFuture<Found>> rooms = new ArrayList<>();
        for (String room : u.rooms()) {
            rooms.add(page(store, Names.fold(room), Long.MIN_VALUE, Long.MAX_VALUE, 1, true, false, false, new ArrayList<>(), 0)
                    .thenApply(l -> l.isEmpty() ? null : new Found(IrcCodec.channel(room), ((Event.RoomEvent) l.getFirst()).time())));
        }
        CompletableFuture<List<Found>> people = u.name() == null ? CompletableFuture.completedFuture(List.of())
                : since(u).thenCompose(from -> store.correspondents(Names.fold(u.name()), Math.max(after, from - 1),
                        before, limit).thenApply(cs -> cs.stream().map(c -> new Found(c.other(), c.last())).toList()));
        CompletableFuture<List<Found>> targets = CompletableFuture.allOf(rooms.toArray(CompletableFuture[]::new))
                .thenCombine(people, (v, ps) -> earliest(rooms, ps, after, before, limit));
        boolean paused = session.pauseReading();
        targets.whenComplete((found, error) -> {
            try {
                answerTargets(form, found, error);
            } finally {
                answered(paused);
            }
        });
    }

    /** The channels with their latest message in the window, and the people, earliest first: {@code limit} of them. */
    private static List<Found> earliest(List<CompletableFuture<Found>> rooms, List<Found> people, long after, long before,
            int limit) {
        List<Found> all = new ArrayList<>(people);
        for (CompletableFuture<Found> r : rooms) {
            Found f = r.join();
            if (f != null && f.last() > after && f.last() < before) {
                all.add(f);
            }
        }
        all.sort(java.util.Comparator.comparingLong(Found::last).thenComparing(Found::target));
        return all.subList(0, Math.min(limit, all.size()));
    }

    private void answerTargets(Form form, List<Found> found, Throwable error) {
        if (error != null) {
            fail(new Refused("MESSAGE_ERROR", "TARGETS", "*", "History is not available now"));
            return;
        }
        String ref = IrcIds.batch();
        List<IrcMessage> out = new ArrayList<>();
        if (form.batch()) {
            out.add(IrcMessage.of(codec.server(), "BATCH", "+" + ref, "draft/chathistory-targets"));
        }
        for (Found f : found) {
            IrcMessage line = IrcMessage.of(codec.server(), "CHATHISTORY", "TARGETS", f.target(), IrcCodec.time(f.last()));
            out.add(form.batch() ? tagged(line, Map.of("batch", ref)) : line);
        }
        if (form.batch()) {
            out.add(IrcMessage.of(codec.server(), "BATCH", "-" + ref));
        }
        mailbox.reply(session, out, null);
    }

    // ---- lines ----

    /** A room event as this client sees it in history: its lines with batch, time and (first line) msgid tags. */
    private List<IrcMessage> roomLines(Event.RoomEvent e, Form form, String ref) {
        List<IrcMessage> lines = tagged(codec.roomEvent(e), form, ref, e.time(), IrcIds.room(e.room(), e.seq()),
                IrcCodec.account(e));
        return e instanceof Event.KeptTags k ? clientTags(lines, k.meta()) : lines;
    }

    /** Private tags kept in history: a TAGMSG under the id it was delivered with, its client tags after ours. */
    private List<IrcMessage> tagLines(Event.Tagged t, Form form, String ref) {
        IrcMessage line = IrcMessage.of(IrcCodec.mask(t.from()), "TAGMSG", t.to());
        return clientTags(tagged(List.of(line), form, ref, t.time(), IrcIds.privateTags(t), t.meta().account()), t.meta());
    }

    /** A TAGMSG's one line with the client-only tags it was sent with (only a client with message-tags is sent one). */
    private static List<IrcMessage> clientTags(List<IrcMessage> lines, Event.Meta meta) {
        return List.of(tagged(lines.getFirst(), meta.tags()));
    }

    private List<IrcMessage> privateLines(Event.Private p, Form form, String ref) {
        return tagged(IrcCodec.privmsg(IrcCodec.mask(p.from()), p.to(), p.text(), false), form, ref, p.time(),
                IrcIds.privateMessage(p), p.meta().account());
    }

    private static List<IrcMessage> tagged(List<IrcMessage> lines, Form form, String ref, long time, String msgid,
            String account) {
        List<IrcMessage> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            Map<String, String> tags = new LinkedHashMap<>(4);
            if (form.batch()) {
                tags.put("batch", ref);
            }
            if (form.time()) {
                tags.put("time", IrcCodec.time(time));
            }
            if (form.account() && account != null) {
                tags.put("account", account);
            }
            if (form.tags() && i == 0) {
                tags.put("msgid", msgid); // once: a text split in several lines is one message
            }
            out.add(tagged(lines.get(i), tags));
        }
        return out;
    }

    /** {@code m} with {@code tags} after its own. */
    static IrcMessage tagged(IrcMessage m, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return m;
        }
        Map<String, String> all = new LinkedHashMap<>(m.tags());
        all.putAll(tags);
        return new IrcMessage(all, m.source(), m.command(), m.params());
    }

    /**
     * Lets the client's next lines in once the answer is queued: reading stops while the store is asked
     * (a pause takes effect at the very next line), so a PING sent behind CHATHISTORY is answered behind it.
     */
    private void answered(boolean paused) {
        if (paused) {
            session.resumeReading(); // on the loop, after the answer already queued
        }
    }

    private void fail(Refused r) {
        List<String> p = new ArrayList<>(r.params.size() + 1);
        p.add("CHATHISTORY");
        p.addAll(r.params);
        mailbox.reply(session, IrcMessage.of(codec.server(), "FAIL", p.toArray(String[]::new)));
    }
}
