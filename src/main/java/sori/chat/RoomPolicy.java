package sori.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One room's moderation, in memory: its founder, modes, key and limit, the roles of accounts, roles for
 * a visit (a guest's, and the operator status of whoever opened the room), bans, mutes and open
 * invitations. Outlives the {@link Room} (which closes when it empties);
 * {@link Policies} keeps one per room that was ever moderated or opened with {@code /join}, and writes
 * changes through to the store.
 * A room with no policy yet is +n, like a new one.
 * Guarded by its own monitor, a leaf: it may be taken inside a room's (a join is checked there), and
 * nothing else is taken or called while it is held.
 */
final class RoomPolicy {

    /** What a member may do here, lowest first. */
    enum Rank { NONE, VOICE, OP, FOUNDER }

    static final String OP = "op";
    static final String VOICE = "voice";
    /** The mode letters sori keeps, in IRC's order. */
    static final String MODES = "iklmnst";

    final String key;
    /** The founder's account name as registered (shown), and its key (compared). */
    private String founder;
    private String founderKey;
    private final Set<Character> modes = new TreeSet<>();
    private String password;
    private int limit;
    private final Map<String, String> roles = new HashMap<>();
    /**
     * Roles for a visit, kept in memory only and ended when the person leaves the room: a guest's voice or
     * operator status (a guest has no account to keep it under), and the operator status of whoever opened
     * the room while it had no founder (IRC's channel creator). An account's kept role counts as well.
     */
    private final Set<Person> visitOps = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Person> visitVoices = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, Moderation.Ban> bans = new HashMap<>();
    private final Map<String, Moderation.Mute> mutes = new HashMap<>();
    /** What {@link #restrictsSpeech} and {@link #restrictsJoins} answer, kept by {@link #refresh}. */
    private volatile boolean restrictsSpeech;
    private volatile boolean restrictsJoins;
    private volatile boolean takesExternal;
    /** How long an invitation lasts unused. */
    static final long INVITE_MILLIS = 60 * 60 * 1000L;

    /** Folded names invited, with when the invitation runs out; each lets one join in past +i and +k. */
    private final Map<String, Long> invites = new HashMap<>();

    RoomPolicy(String key) {
        this.key = key;
        modes.add('n'); // a room opens +n, as an IRC server opens a channel: only members speak
        refresh();
    }

    synchronized void load(Moderation.RoomSettings s) {
        founder = s.founder();
        founderKey = founder == null ? null : Names.fold(founder);
        modes.clear();
        for (char c : s.modes().toCharArray()) {
            if (MODES.indexOf(c) >= 0) {
                modes.add(c);
            }
        }
        password = s.key();
        limit = s.limit();
        refresh();
    }

    synchronized void load(Moderation.Role r) {
        roles.put(r.account(), r.role());
    }

    synchronized void load(Moderation.Ban b) {
        bans.put(b.mask(), b);
        refresh();
    }

    synchronized void load(Moderation.Mute m) {
        mutes.put(m.target(), m);
        refresh();
    }

    synchronized Moderation.RoomSettings settings() {
        StringBuilder b = new StringBuilder();
        modes.forEach(b::append);
        return new Moderation.RoomSettings(key, founder, b.toString(), password, limit);
    }

    synchronized Rank rank(Person u) {
        if (u == null) {
            return Rank.NONE;
        }
        Rank kept = Rank.NONE;
        String account = u.account();
        if (account != null) {
            if (account.equals(founderKey)) {
                return Rank.FOUNDER;
            }
            String role = roles.get(account);
            kept = OP.equals(role) ? Rank.OP : VOICE.equals(role) ? Rank.VOICE : Rank.NONE;
        }
        if (kept == Rank.OP || visitOps.contains(u)) {
            return Rank.OP;
        }
        return kept == Rank.VOICE || visitVoices.contains(u) ? Rank.VOICE : Rank.NONE;
    }

    /** True when {@code u} has a voice here, kept or for the visit: an operator may have one too (IRC's {@code @+}). */
    synchronized boolean voiced(Person u) {
        return visitVoices.contains(u) || u.account() != null && VOICE.equals(roles.get(u.account()));
    }

    /** True when nobody founded this room. */
    synchronized boolean unfounded() {
        return founderKey == null;
    }

    synchronized String founder() {
        return founder;
    }

    /** True when the account {@code key} founded this room. */
    synchronized boolean founded(String key) {
        return key.equals(founderKey);
    }

    /** Makes the account called {@code name} the founder when there is none; false when there is. */
    synchronized boolean claim(String name) {
        if (founder != null) {
            return false;
        }
        founder = name;
        founderKey = Names.fold(name);
        return true;
    }

    synchronized String role(String account) {
        return roles.get(account);
    }

    /** Sets (null: takes away) the role of {@code account}. */
    synchronized void role(String account, String role) {
        if (role == null) {
            roles.remove(account);
        } else {
            roles.put(account, role);
        }
    }

    /** The account {@code key} was deleted: its role here and its founding go. */
    synchronized void forget(String key) {
        roles.remove(key);
        if (key.equals(founderKey)) {
            founder = null;
            founderKey = null;
        }
    }

    /** Gives {@code u} operator status ({@code op}) or a voice for this visit, or takes it away; false when nothing changed. */
    synchronized boolean visit(Person u, boolean op, boolean on) {
        Set<Person> set = op ? visitOps : visitVoices;
        return on ? set.add(u) : set.remove(u);
    }


    /** True when a line may be refused here (+m, or someone muted): the fast path skips everything else. */
    boolean restrictsSpeech() {
        return restrictsSpeech; // every line of the room asks: no lock
    }

    /** True when a non-member may say something here (-n). */
    boolean takesExternal() {
        return takesExternal;
    }

    /** True when a join may be refused here. */
    boolean restrictsJoins() {
        return restrictsJoins;
    }

    /** Called under this monitor after modes, bans or mutes change. */
    private void refresh() {
        restrictsSpeech = modes.contains('m') || !mutes.isEmpty();
        // +n, +m, +s and +t refuse no join: a room with only those takes the fast path.
        restrictsJoins = modes.contains('i') || modes.contains('k') || modes.contains('l') || !bans.isEmpty();
        takesExternal = !modes.contains('n');
    }

    synchronized boolean has(char mode) {
        return modes.contains(mode);
    }

    synchronized void mode(char mode, boolean on) {
        if (on) {
            modes.add(mode);
        } else {
            modes.remove(mode);
        }
        refresh();
    }

    synchronized String password() {
        return password;
    }

    synchronized void password(String key) {
        password = key;
        mode('k', key != null);
    }

    synchronized int limit() {
        return limit;
    }

    synchronized void limit(int n) {
        limit = n;
        mode('l', n > 0);
    }

    /** The modes as {@code +iklmnst} letters (with key and limit when {@code full}), for {@code /mode}; {@code +} for none. */
    synchronized String modeString(boolean full) {
        StringBuilder b = new StringBuilder("+");
        if (modes.contains('n')) {
            b.append('n'); // first, where it stood while it was always on: +nt, not +tn
        }
        modes.forEach(c -> {
            if (c != 'n') {
                b.append(c);
            }
        });
        if (full && password != null) {
            b.append(' ').append(password);
        }
        if (limit > 0) {
            b.append(' ').append(limit);
        }
        return b.toString();
    }

    /** Invites {@code nameKey} until {@code expires} (ms since the epoch), or until it joins. */
    synchronized void invite(String nameKey, long expires) {
        invites.values().removeIf(until -> until <= expires - INVITE_MILLIS); // run out: forget them
        invites.put(nameKey, expires);
    }

    /** True when {@code nameKey} has an invitation still running at {@code now}. */
    synchronized boolean invited(String nameKey, long now) {
        Long until = invites.get(nameKey);
        if (until != null && until <= now) {
            invites.remove(nameKey);
            return false;
        }
        return until != null;
    }

    /** Uses up the invitation of {@code nameKey}, if any. */
    synchronized void useInvite(String nameKey) {
        invites.remove(nameKey);
    }

    synchronized void ban(Moderation.Ban b) {
        bans.put(b.mask(), b);
        refresh();
    }

    synchronized Moderation.Ban unban(String mask) {
        Moderation.Ban gone = bans.remove(mask);
        refresh();
        return gone;
    }

    /**
     * The ban covering the user called {@code name} from {@code host}, or null; bans past their time are
     * dropped on the way and handed to {@code expired} so the store forgets them too.
     */
    synchronized Moderation.Ban banOf(String name, String host, long now, List<Moderation.Ban> expired) {
        Moderation.Ban found = null;
        for (var it = bans.values().iterator(); it.hasNext();) {
            Moderation.Ban b = it.next();
            if (b.expires() != 0 && b.expires() <= now) {
                it.remove();
                expired.add(b);
                refresh();
            } else if (found == null) {
                Mask m = Mask.parse(b.mask());
                if (m != null && m.matches(name, host)) {
                    found = b;
                }
            }
        }
        return found;
    }

    synchronized List<Moderation.Ban> bans() {
        return new ArrayList<>(bans.values());
    }

    synchronized void mute(Moderation.Mute m) {
        mutes.put(m.target(), m);
        refresh();
    }

    synchronized Moderation.Mute unmute(String target) {
        Moderation.Mute gone = mutes.remove(target);
        refresh();
        return gone;
    }

    /** The mute on {@code target} still running at {@code now}, or null (an expired one is dropped and returned in {@code expired}). */
    synchronized Moderation.Mute muteOf(String target, long now, List<Moderation.Mute> expired) {
        Moderation.Mute m = mutes.get(target);
        if (m != null && m.expires() != 0 && m.expires() <= now) {
            mutes.remove(target);
            expired.add(m);
            refresh();
            return null;
        }
        return m;
    }

    /** {@code u} left the room (or its last connection ended): its roles for the visit end. */
    synchronized void gone(Person u) {
        visitOps.remove(u);
        visitVoices.remove(u);
    }
}
