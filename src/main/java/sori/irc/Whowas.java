package sori.irc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Who used a nick on this listener before: the last {@link #KEPT} IRC nicks given up (a quit, a nick
 * change), for WHOWAS. Users of other transports are not recorded. Shared by the listener's connections.
 */
final class Whowas {

    static final int KEPT = 1000;

    record Entry(String nick, String ident, String realname) {}

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    synchronized void add(Entry e) {
        entries.addFirst(e);
        if (entries.size() > KEPT) {
            entries.removeLast();
        }
    }

    /** The newest {@code max} entries for {@code nick} (any case), newest first; {@code max} below 1 is all. */
    synchronized List<Entry> find(String nick, int max) {
        List<Entry> out = new ArrayList<>();
        for (Iterator<Entry> it = entries.iterator(); it.hasNext() && (max < 1 || out.size() < max); ) {
            Entry e = it.next();
            if (e.nick().equalsIgnoreCase(nick) || IrcSession.same(e.nick(), nick)) {
                out.add(e);
            }
        }
        return out;
    }
}
