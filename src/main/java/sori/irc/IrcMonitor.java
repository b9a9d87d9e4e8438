package sori.irc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import sori.chat.Hub;
import sori.chat.Names;

/**
 * MONITOR: the nicks this client watches, at most {@link #LIMIT}, each watched through the Hub, which tells
 * it when the name comes on or goes off on any transport ({@code monitor.online}, {@code monitor.offline}:
 * 730, 731). Touched on the connection's loop only; the watches end with the connection.
 */
final class IrcMonitor {

    /** Nicks one client may watch: ISUPPORT's {@code MONITOR}. */
    static final int LIMIT = 100;
    static final String ONLINE = "monitor.online";
    static final String OFFLINE = "monitor.offline";

    private final IrcHandler handler;
    private final Hub hub;
    private final IrcSession session;
    private final IrcCodec codec;
    /** Folded name to the nick as given; an empty map that stays unmade until the first MONITOR +. */
    private Map<String, String> watched = Map.of();

    IrcMonitor(IrcHandler handler, Hub hub, IrcSession session, IrcCodec codec) {
        this.handler = handler;
        this.hub = hub;
        this.session = session;
        this.codec = codec;
    }

    void monitor(IrcMessage m) {
        String t = session.target();
        String sub = m.param(0) == null ? "" : m.param(0).toUpperCase(Locale.ROOT);
        String targets = m.param(1) == null ? "" : m.param(1);
        switch (sub) {
            case "+" -> add(targets);
            case "-" -> {
                for (String nick : targets.split(",")) {
                    String key = key(nick);
                    if (key != null && watched.containsKey(key)) {
                        watched.remove(key);
                        hub.unwatch(session.user(), nick);
                    }
                }
            }
            case "C" -> clear();
            case "L" -> {
                List<IrcMessage> out = new ArrayList<>();
                for (List<String> batch : batches(List.copyOf(watched.values()))) {
                    out.add(codec.numeric("732", t, String.join(",", batch)));
                }
                out.add(codec.numeric("733", t, "End of MONITOR list"));
                handler.reply(out);
            }
            case "S" -> {
                List<String> on = new ArrayList<>();
                List<String> off = new ArrayList<>();
                for (String nick : watched.values()) {
                    String holder = hub.find(nick) == null ? null : hub.find(nick).name();
                    if (holder == null) {
                        off.add(nick);
                    } else {
                        on.add(IrcCodec.mask(holder));
                    }
                }
                handler.reply(status(on, off));
            }
            default -> handler.reply(codec.numeric("461", t, "MONITOR", "Not enough parameters"));
        }
    }

    private void add(String targets) {
        String t = session.target();
        List<String> on = new ArrayList<>();
        List<String> off = new ArrayList<>();
        List<String> given = List.of(targets.split(","));
        for (int i = 0; i < given.size(); i++) {
            String nick = given.get(i);
            if (nick.isEmpty()) {
                continue;
            }
            String key = key(nick);
            if (key == null) {
                off.add(nick); // not a name: never on
                continue;
            }
            if (!watched.containsKey(key) && watched.size() >= LIMIT) {
                List<IrcMessage> out = new ArrayList<>(status(on, off));
                out.add(codec.numeric("734", t, String.valueOf(LIMIT), String.join(",", given.subList(i, given.size())),
                        "Monitor list is full."));
                handler.reply(out);
                return;
            }
            if (watched.isEmpty()) {
                watched = new LinkedHashMap<>();
            }
            watched.put(key, nick);
            String holder = hub.watch(session.user(), nick);
            if (holder == null) {
                off.add(nick);
            } else {
                on.add(IrcCodec.mask(holder));
            }
        }
        handler.reply(status(on, off));
    }

    /** Every watch ends: MONITOR C, or the connection closing. */
    void clear() {
        for (String nick : watched.values()) {
            hub.unwatch(session.user(), nick);
        }
        watched = Map.of();
    }

    private List<IrcMessage> status(List<String> on, List<String> off) {
        List<IrcMessage> out = new ArrayList<>();
        for (List<String> batch : batches(on)) {
            out.add(codec.numeric("730", session.target(), String.join(",", batch)));
        }
        for (List<String> batch : batches(off)) {
            out.add(codec.numeric("731", session.target(), String.join(",", batch)));
        }
        return out;
    }

    /** Nicks in lists short enough for one line each. */
    private static List<List<String>> batches(List<String> items) {
        List<List<String>> out = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        int bytes = 0;
        for (String item : items) {
            int len = IrcMessage.utf8Length(item) + 1;
            if (!batch.isEmpty() && bytes + len > 400) {
                out.add(batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(item);
            bytes += len;
        }
        if (!batch.isEmpty()) {
            out.add(batch);
        }
        return out;
    }

    /** The folded name {@code nick} watches, or null when it is no name (a mask, say). */
    private static String key(String nick) {
        String normal = Names.normalize(nick);
        return normal.isEmpty() || Names.problem(normal) != null ? null : Names.fold(normal);
    }
}
