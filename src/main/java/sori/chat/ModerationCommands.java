package sori.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Room moderation ({@code /claim /op /deop /voice /devoice /kick /ban /unban /mute /unmute /invite /mode})
 * and the administrators' {@code /kill /sban /unsban}, plus the checks the other commands ask before a join,
 * a line or a topic. Every action in a room is a {@link Event.Moderated} room event, numbered in the
 * room's order like any other. The state lives in {@link Policies}. Moderation acts on a {@link Person}:
 * a role, ban, mute or kick of an account holds for every connection it has; a person present in a room
 * is found only through {@link #memberNamed}, and its connections only through {@link #connectionsOf}.
 */
final class ModerationCommands {

    private static final Logger log = LoggerFactory.getLogger(ModerationCommands.class);
    /** The largest {@code +l}. */
    static final int MAX_LIMIT = 100_000;

    private final Hub hub;
    private final Rooms rooms;
    private final Directory names;
    private final Policies policies;
    private final LongSupplier clock;

    ModerationCommands(Hub hub, Rooms rooms, Directory names, Policies policies, LongSupplier clock) {
        this.hub = hub;
        this.rooms = rooms;
        this.names = names;
        this.policies = policies;
        this.clock = clock;
    }

    // ---- who is who ----

    /**
     * The member called {@code name} in {@code room}, or null. The one place a name becomes a person present:
     * the person, with all of its connections (a kick takes them all out of the room).
     */
    Person memberNamed(Room room, String name) {
        Person p = names.find(Names.fold(Names.normalize(name)));
        return p != null && p.isIn(room) ? p : null;
    }

    /** Every connection of the person called {@code name}, for {@code /kill}. */
    List<User> connectionsOf(String name) {
        Person p = names.find(Names.fold(Names.normalize(name)));
        return p == null ? List.of() : List.of(p.connections());
    }

    /** What {@code u} may do in {@code room}; an administrator counts as an operator everywhere. */
    RoomPolicy.Rank rank(User u, Room room) {
        Person p = u.person();
        return p == null ? RoomPolicy.Rank.NONE : rank(p, room);
    }

    RoomPolicy.Rank rank(Person p, Room room) {
        RoomPolicy.Rank r = policies.of(room.key()).rank(p);
        return r.compareTo(RoomPolicy.Rank.OP) < 0 && policies.admin(p) ? RoomPolicy.Rank.OP : r;
    }

    /** The marks of a who-list: members with {@code @} and with {@code +}. */
    Event.Who who(Room room) {
        RoomPolicy p = policies.find(room.key());
        if (p == null) {
            return new Event.Who(room.name(), room.topic(), room.memberNames());
        }
        List<String> all = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        List<String> voiced = new ArrayList<>();
        for (Person m : room.members()) {
            all.add(m.name());
            if (p.rank(m).compareTo(RoomPolicy.Rank.OP) >= 0) {
                ops.add(m.name());
            }
            if (p.voiced(m)) {
                voiced.add(m.name()); // an operator may have a voice too: IRC's multi-prefix shows both
            }
        }
        all.addAll(room.remoteNames()); // members on other nodes (shared order): their ranks are not known here
        return new Event.Who(room.name(), room.topic(), all, ops, voiced);
    }

    /** Where moderation is kept (the store's, or memory), for what this node's memory of it cannot tell. */
    Moderation kept() {
        return policies.kept();
    }

    /** True when {@code room} is +s (secret): /rooms shows it only to its members. */
    boolean secret(Room room) {
        RoomPolicy p = policies.find(room.key());
        return p != null && p.has('s');
    }

    // ---- checks other commands ask ----

    /**
     * Why {@code u} may not join the room {@code key} (now {@code size} members) with {@code password}, or
     * null when it may. Operators of the room pass every check; an invitation passes +i and +k.
     */
    Event.Failure joinRefusal(User u, String key, String name, int size, String password) {
        RoomPolicy p = policies.find(key);
        if (p == null || !p.restrictsJoins() || policies.admin(u) || p.rank(u.person()).compareTo(RoomPolicy.Rank.OP) >= 0) {
            return null;
        }
        Moderation.Ban ban = policies.banOf(p, u.name(), u.host());
        if (ban != null) {
            return ban.reason() == null ? Event.Failure.of("join.banned", name)
                    : Event.Failure.of("join.banned.reason", name, ban.reason());
        }
        boolean invited = p.invited(Names.fold(u.name()), policies.now());
        if (p.has('i') && !invited) {
            return Event.Failure.of("join.invite", name);
        }
        String needed = p.password();
        if (needed != null && !invited && !needed.equals(password)) {
            return Event.Failure.of(password == null ? "join.key" : "join.badkey", name);
        }
        if (p.limit() > 0 && size >= p.limit()) {
            return Event.Failure.of("join.full", name, p.limit());
        }
        return null;
    }

    /**
     * {@code u} joins the room {@code key}, which had {@code size} members: its invitation is used up. Whoever
     * opens a room nobody founded is its operator for the visit, as IRC's channel creator is; the first room,
     * which everyone enters, is run only by its founder, its operators and the administrators.
     */
    void joined(User u, String key, int size) {
        boolean opens = size == 0 && !key.equals(Names.fold(hub.config().firstRoom()));
        RoomPolicy p = opens ? policies.of(key) : policies.find(key);
        if (p == null) {
            return;
        }
        p.useInvite(Names.fold(u.name()));
        Person person = u.person();
        if (opens && p.unfounded() && p.rank(person).compareTo(RoomPolicy.Rank.OP) < 0 && p.visit(person, true, true)) {
            policies.visiting(person);
        }
    }

    /** {@code p} left {@code room}: its roles for the visit end. */
    void left(Person p, Room room) {
        policies.left(p, room.key());
    }

    /** True when {@code u} may speak in {@code room} (+m, mutes); otherwise says why. */
    boolean maySpeak(User u, Room room) {
        RoomPolicy p = policies.find(room.key());
        if (p == null || !p.restrictsSpeech()) {
            return true; // every line of an unmoderated room comes this way: no folding, no lookups
        }
        RoomPolicy.Rank r = rank(u, room);
        if (r.compareTo(RoomPolicy.Rank.OP) >= 0) {
            return true;
        }
        if (policies.muteOf(p, Names.fold(u.name())) != null) {
            Hub.fail(u, "say.muted", room.name());
            return false;
        }
        if (p.has('m') && r == RoomPolicy.Rank.NONE) {
            Hub.fail(u, "say.moderated", room.name());
            return false;
        }
        return true;
    }

    /**
     * True when {@code u}, not a member of {@code room}, may speak there: the room is -n, no ban covers
     * {@code u} (a member who is banned is kicked; one outside must be kept out too), and {@link #maySpeak}
     * lets it (+m, mutes). Otherwise says why.
     */
    boolean maySpeakFromOutside(User u, Room room) {
        RoomPolicy p = policies.find(room.key());
        if (p == null || !p.takesExternal()) {
            Hub.fail(u, "say.external", room.name());
            return false;
        }
        if (rank(u, room).compareTo(RoomPolicy.Rank.OP) < 0 && policies.banOf(p, u.name(), u.host()) != null) {
            Hub.fail(u, "say.banned", room.name());
            return false;
        }
        return maySpeak(u, room);
    }

    /** True when {@code u} may set {@code room}'s topic (+t); otherwise says why. */
    boolean maySetTopic(User u, Room room) {
        RoomPolicy p = policies.find(room.key());
        if (p != null && p.has('t') && rank(u, room).compareTo(RoomPolicy.Rank.OP) < 0) {
            Hub.fail(u, "topic.locked", room.name());
            return false;
        }
        return true;
    }

    /**
     * True when a server ban covers {@code u} as {@code name} (null: by address alone, before a name) signing
     * in to {@code account} (null: a guest); an administrator's account is never shut out.
     */
    boolean serverBanned(User u, String name, String account) {
        return !policies.adminAccount(account) && policies.serverBan(name, u.host()) != null;
    }

    /** Ends the connection of {@code u}, which a server ban covers; its rooms hear it was disconnected. */
    void refuse(User u) {
        hub.disconnect(u, Event.Departure.KILLED, null);
        u.post(Event.Goodbye.of("error.sban"));
    }

    /** The account {@code key} was deleted: a name registered again must not inherit its rooms. */
    void forgetAccount(String key) {
        policies.forgetAccount(key);
    }

    /** {@code p}'s last connection ended: a guest's voice ends with it. */
    void gone(Person p) {
        policies.gone(p);
    }

    // ---- room commands ----

    void claim(User u) {
        Room room = current(u);
        if (room == null) {
            return;
        }
        if (u.account() == null) {
            Hub.fail(u, "mod.claim.guest");
            return;
        }
        RoomPolicy p = policies.of(room.key());
        if (!p.claim(u.accountName())) { // the account, not the nick: they differ for an IRC nick chosen with SASL
            Hub.fail(u, "mod.claimed", room.name(), p.founder());
            return;
        }
        policies.saveSettings(p);
        announce(u, room, Event.ModAction.CLAIM, null, null, null);
    }

    void op(User u, String name, boolean on) {
        Room room = operated(u);
        if (room == null) {
            return;
        }
        RoomPolicy p = policies.of(room.key());
        Person target = memberNamed(room, name);
        if (on) {
            if (target == null) {
                Hub.fail(u, "mod.notmember", name, room.name());
                return;
            }
            if (target.account() == null) {
                // A guest has nothing to keep a role under: it is an operator until it leaves the room.
                p.visit(target, true, true);
                policies.visiting(target);
            } else {
                setRole(p, target.account(), RoomPolicy.OP);
            }
            announce(u, room, Event.ModAction.OP, target.name(), null, null);
            return;
        }
        String account = target != null && target.account() != null ? target.account() : Names.fold(Names.normalize(name));
        if (p.founded(account) && !policies.admin(u)) {
            Hub.fail(u, "mod.founder", name, room.name());
            return;
        }
        if (target != null && p.visit(target, true, false)) {
            if (RoomPolicy.OP.equals(p.role(account))) {
                setRole(p, account, null);
            }
            announce(u, room, Event.ModAction.DEOP, target.name(), null, null);
            return;
        }
        if (!RoomPolicy.OP.equals(p.role(account))) {
            Hub.fail(u, "mod.notop", name, room.name());
            return;
        }
        setRole(p, account, null);
        announce(u, room, Event.ModAction.DEOP, target != null ? target.name() : name, null, null);
    }

    void voice(User u, String name, boolean on) {
        Room room = operated(u);
        if (room == null) {
            return;
        }
        RoomPolicy p = policies.of(room.key());
        Person target = memberNamed(room, name);
        if (on) {
            if (target == null) {
                Hub.fail(u, "mod.notmember", name, room.name());
                return;
            }
            if (p.voiced(target) || p.rank(target) == RoomPolicy.Rank.FOUNDER) {
                Hub.fail(u, "mod.ranked", target.name(), room.name());
                return;
            }
            if (target.account() == null || p.rank(target) != RoomPolicy.Rank.NONE) {
                // For the visit: a guest has nothing to keep it under, and an operator's kept role stays.
                p.visit(target, false, true);
                policies.visiting(target);
            } else {
                setRole(p, target.account(), RoomPolicy.VOICE);
            }
            announce(u, room, Event.ModAction.VOICE, target.name(), null, null);
            return;
        }
        boolean had = target != null && p.visit(target, false, false);
        String account = target != null && target.account() != null ? target.account() : Names.fold(Names.normalize(name));
        if (!had && RoomPolicy.VOICE.equals(p.role(account))) {
            setRole(p, account, null);
            had = true;
        }
        if (!had) {
            Hub.fail(u, "mod.notvoiced", name, room.name());
            return;
        }
        announce(u, room, Event.ModAction.DEVOICE, target != null ? target.name() : name, null, null);
    }

    void kick(User u, String name, String reason) {
        Room room = operated(u);
        if (room == null) {
            return;
        }
        Person target = memberNamed(room, name);
        if (target == null) {
            Hub.fail(u, "mod.notmember", name, room.name());
            return;
        }
        if (shielded(u, target, room)) {
            return;
        }
        kickOut(u, room, target, reason);
    }

    /** {@code /ban TARGET [DURATION] [reason]}: {@code rest} is what follows the target. */
    void ban(User u, String target, String rest) {
        Room room = operated(u);
        if (room == null) {
            return;
        }
        Mask mask = Mask.parse(target);
        if (mask == null) {
            Hub.fail(u, "mod.mask", target);
            return;
        }
        String[] parts = splitDuration(rest);
        long span = parts[0] == null ? 0 : TimeSpan.millis(parts[0]);
        String reason = parts[1];
        long now = clock.getAsLong();
        RoomPolicy p = policies.of(room.key());
        Moderation.Ban ban = new Moderation.Ban(room.key(), mask.text(), span == 0 ? 0 : now + span, reason, u.name(), now);
        p.ban(ban);
        policies.write(m -> m.saveBan(ban));
        announce(u, room, Event.ModAction.BAN, mask.text(), parts[0], reason);
        for (Person m : room.members()) {
            if (m != u.person() && covers(mask, m) && rank(m, room).compareTo(RoomPolicy.Rank.OP) < 0) {
                kickOut(u, room, m, reason);
            }
        }
    }

    void unban(User u, String target) {
        Room room = operated(u);
        if (room == null) {
            return;
        }
        Mask mask = Mask.parse(target);
        Moderation.Ban gone = mask == null ? null : policies.of(room.key()).unban(mask.text());
        if (gone == null) {
            Hub.fail(u, "mod.noban", target, room.name());
            return;
        }
        policies.write(m -> m.deleteBan(gone.scope(), gone.mask()));
        announce(u, room, Event.ModAction.UNBAN, gone.mask(), null, null);
    }

    void mute(User u, String name, String duration) {
        Room room = operated(u);
        if (room == null) {
            return;
        }
        long span = duration == null ? 0 : TimeSpan.millis(duration);
        if (span < 0) {
            Hub.fail(u, "mod.duration", duration);
            return;
        }
        if (Names.problem(Names.normalize(name)) != null) {
            Hub.fail(u, "mod.notmember", name, room.name());
            return;
        }
        Person target = memberNamed(room, name);
        if (target != null && shielded(u, target, room)) {
            return;
        }
        RoomPolicy p = policies.of(room.key());
        Moderation.Mute mute = new Moderation.Mute(room.key(), Names.fold(Names.normalize(name)),
                span == 0 ? 0 : clock.getAsLong() + span);
        p.mute(mute);
        policies.write(m -> m.saveMute(mute));
        announce(u, room, Event.ModAction.MUTE, target != null ? target.name() : name, duration, null);
    }

    void unmute(User u, String name) {
        Room room = operated(u);
        if (room == null) {
            return;
        }
        Moderation.Mute gone = policies.of(room.key()).unmute(Names.fold(Names.normalize(name)));
        if (gone == null) {
            Hub.fail(u, "mod.notmuted", name, room.name());
            return;
        }
        policies.write(m -> m.deleteMute(gone.room(), gone.target()));
        announce(u, room, Event.ModAction.UNMUTE, name, null, null);
    }

    void invite(User u, String name) {
        Room room = operated(u);
        if (room == null) {
            return;
        }
        Person target = names.find(Names.fold(Names.normalize(name)));
        if (target == null) {
            Hub.fail(u, "user.unknown", name);
            return;
        }
        policies.of(room.key()).invite(Names.fold(target.name()), policies.now() + RoomPolicy.INVITE_MILLIS);
        announce(u, room, Event.ModAction.INVITE, target.name(), null, null);
        target.post(Event.Notice.of("mod.invited", u.name(), room.name()));
    }

    /** {@code /mode}: shows the modes; {@code /mode +m}, {@code /mode +k KEY}, {@code /mode +l N} ... change one. */
    void mode(User u, String change, String value) {
        Room room = current(u);
        if (room == null) {
            return;
        }
        RoomPolicy p = policies.of(room.key());
        if (change == null) {
            u.post(Event.Notice.of("mod.modes", room.name(), p.modeString(rank(u, room).compareTo(RoomPolicy.Rank.OP) >= 0)));
            return;
        }
        if (change.length() > 2 && value == null && change.matches("[+-][imnst]+")) {
            flags(u, room, change); // several letters at once, as IRC's MODE #room +imt: one announcement
            return;
        }
        if (change.length() != 2 || (change.charAt(0) != '+' && change.charAt(0) != '-')
                || RoomPolicy.MODES.indexOf(change.charAt(1)) < 0) {
            Hub.fail(u, "mod.mode", change);
            return;
        }
        if (operated(u) == null) {
            return;
        }
        boolean on = change.charAt(0) == '+';
        char letter = change.charAt(1);
        boolean takesValue = on && (letter == 'k' || letter == 'l');
        if (takesValue != (value != null)) {
            Hub.fail(u, "command.usage", ChatCommand.MODE.usage());
            return;
        }
        String detail = change;
        switch (letter) {
            case 'k' -> {
                if (on && (value.length() > Moderation.KEY_LENGTH || value.chars().anyMatch(Character::isWhitespace))) {
                    Hub.fail(u, "mod.key");
                    return;
                }
                p.password(on ? value : null);
            }
            case 'l' -> {
                int n = on ? limit(value) : 0;
                if (n < 0) {
                    Hub.fail(u, "mod.limit", MAX_LIMIT);
                    return;
                }
                p.limit(n);
                detail = on ? change + " " + n : change;
            }
            default -> p.mode(letter, on);
        }
        policies.saveSettings(p);
        announce(u, room, Event.ModAction.MODE, null, detail, null);
    }

    /** {@code +imt} or {@code -st}: the letters that change are announced together; none changing, nothing is. */
    private void flags(User u, Room room, String change) {
        if (operated(u) == null) {
            return;
        }
        boolean on = change.charAt(0) == '+';
        RoomPolicy p = policies.of(room.key());
        StringBuilder changed = new StringBuilder();
        for (char letter : change.substring(1).toCharArray()) {
            if (p.has(letter) != on && changed.indexOf(String.valueOf(letter)) < 0) {
                p.mode(letter, on);
                changed.append(letter);
            }
        }
        if (!changed.isEmpty()) {
            policies.saveSettings(p);
            announce(u, room, Event.ModAction.MODE, null, change.charAt(0) + changed.toString(), null);
        }
    }

    // ---- server administrators ----

    void kill(User u, String name, String reason) {
        if (!policies.admin(u)) {
            Hub.fail(u, "mod.admin", "kill");
            return;
        }
        List<User> targets = connectionsOf(name);
        if (targets.isEmpty()) {
            Hub.fail(u, "user.unknown", name);
            return;
        }
        String shown = targets.getFirst().name();
        for (User t : targets) {
            disconnect(u, t, reason);
        }
        if (!targets.contains(u)) {
            u.post(Event.Notice.of("mod.killed.done", shown));
        }
        log.info("{} disconnected {}{}", u.name(), shown, reason == null ? "" : " (" + reason + ")");
    }

    /** {@code /sban NAME|ADDRESS|MASK [DURATION]}: refused at connect (by address) and at the name prompt. */
    void serverBan(User u, String target, String duration) {
        if (!policies.admin(u)) {
            Hub.fail(u, "mod.admin", "sban");
            return;
        }
        Mask mask = Mask.parse(target.indexOf('@') < 0 && Mask.looksLikeAddress(target) ? "@" + target : target);
        if (mask == null) {
            Hub.fail(u, "mod.mask", target);
            return;
        }
        long span = duration == null ? 0 : TimeSpan.millis(duration);
        if (span < 0) {
            Hub.fail(u, "mod.duration", duration);
            return;
        }
        long now = clock.getAsLong();
        policies.serverBan(new Moderation.Ban(Moderation.SERVER, mask.text(), span == 0 ? 0 : now + span, null, u.name(), now));
        u.post(Event.Notice.of("mod.sban.set", mask.text()));
        for (User c : hub.connectedUsers()) {
            if (c != u && !policies.admin(c) && mask.matches(c.name(), c.host())) {
                refuse(c);
            }
        }
        log.info("{} banned {} from the server{}", u.name(), mask.text(), duration == null ? "" : " for " + duration);
    }

    void serverUnban(User u, String target) {
        if (!policies.admin(u)) {
            Hub.fail(u, "mod.admin", "unsban");
            return;
        }
        Mask mask = Mask.parse(target.indexOf('@') < 0 && Mask.looksLikeAddress(target) ? "@" + target : target);
        if (mask == null || !policies.serverUnban(mask.text())) {
            Hub.fail(u, "mod.nosban", target);
            return;
        }
        u.post(Event.Notice.of("mod.sban.lifted", mask.text()));
    }

    // ---- helpers ----

    /**
     * Leaves first, then says goodbye: the goodbye makes the transport close the connection, whose own
     * leave (as a lost connection) must find the user already gone.
     */
    private void disconnect(User by, User target, String reason) {
        hub.disconnect(target, Event.Departure.KILLED, reason);
        target.post(reason == null ? Event.Goodbye.of("mod.killed", by.name())
                : Event.Goodbye.of("mod.killed.reason", by.name(), reason));
    }

    private void kickOut(User by, Room room, Person target, String reason) {
        String actor = by.name();
        String name = target.name();
        long now = clock.getAsLong();
        hub.kick(target, room, seq -> new Event.Moderated(room.name(), seq, now, actor, Event.ModAction.KICK, name, null, reason));
    }

    /** True when {@code mask} covers {@code p}: its name, from the address of any of its connections. */
    private static boolean covers(Mask mask, Person p) {
        for (User c : p.connections()) {
            if (mask.matches(p.name(), c.host())) {
                return true;
            }
        }
        return false;
    }

    /** True (and says why) when {@code target} is the founder or an administrator and {@code u} is no administrator. */
    private boolean shielded(User u, Person target, Room room) {
        if (policies.admin(u)) {
            return false;
        }
        if (policies.admin(target) || policies.of(room.key()).rank(target) == RoomPolicy.Rank.FOUNDER) {
            Hub.fail(u, "mod.founder", target.name(), room.name());
            return true;
        }
        return false;
    }

    private void setRole(RoomPolicy p, String account, String role) {
        p.role(account, role);
        policies.write(m -> m.saveRole(p.key, account, role));
    }

    private void announce(User u, Room room, Event.ModAction action, String target, String detail, String reason) {
        String actor = u.name();
        long now = clock.getAsLong();
        room.announce(seq -> new Event.Moderated(room.name(), seq, now, actor, action, target, detail, reason));
    }

    private static Room current(User u) {
        Room room = u.current();
        if (room == null) {
            Hub.fail(u, "room.none");
        }
        return room;
    }

    /** The current room when {@code u} may moderate it; otherwise says why and returns null. */
    private Room operated(User u) {
        Room room = current(u);
        if (room != null && rank(u, room).compareTo(RoomPolicy.Rank.OP) < 0) {
            Hub.fail(u, "mod.denied", room.name());
            return null;
        }
        return room;
    }

    /** Splits {@code [DURATION] [reason]}: a first word that is a duration, and the rest. */
    private static String[] splitDuration(String rest) {
        if (rest == null || rest.isBlank()) {
            return new String[] {null, null};
        }
        String s = rest.strip();
        int space = s.indexOf(' ');
        String first = space < 0 ? s : s.substring(0, space);
        if (TimeSpan.millis(first) > 0) {
            String reason = space < 0 ? null : s.substring(space + 1).strip();
            return new String[] {first.toLowerCase(Locale.ROOT), reason == null || reason.isEmpty() ? null : reason};
        }
        return new String[] {null, s};
    }

    private static int limit(String value) {
        try {
            int n = Integer.parseInt(value);
            return n >= 1 && n <= MAX_LIMIT ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
