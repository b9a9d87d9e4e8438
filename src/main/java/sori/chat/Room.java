package sori.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.LongFunction;

/**
 * A room: its members, its order, topic and recent events. Every change happens under the room's
 * monitor, and events are posted to mailboxes while it is held, which is what gives each room one
 * total order that all members see. Posting only enqueues; nothing here writes to a socket or waits
 * for the store: appends are queued, and reads of older history answer later, on the store's thread,
 * while the reader's live events are held back (see {@link #replay}).
 *
 * <p>In a shared order ({@link SharedOrder}, a cluster) the room does not number its events: it hands
 * them over unnumbered and posts each when the order gives it back ({@link #ordered}), the same way on
 * every node. Its people are those on this node; the names of those on other nodes are a roster kept
 * from the joins and leaves that come back from the order, for member lists, counts and limits.
 */
final class Room {

    private static final Mailbox[] NO_BOXES = new Mailbox[0];
    private static final Session[][] NO_SESSIONS = new Session[0][];

    /** What a replay asks for: the last {@code count}, the {@code count} before {@code seq}, or those after it. */
    record Query(Hub.HistoryKind kind, long seq, int count, boolean end) {}

    private final String name;
    private final String key;
    private final long created;
    private final Sequencer sequencer;
    private final EventStore store;
    private final boolean deliverAfterCommit;
    private final Recent recent;
    private final IntPredicate announces;
    private final int greetNames;
    /** People, in join order; each is a member with every one of its connections. */
    private final Set<Person> members = new LinkedHashSet<>();
    /** Connections whose live events wait for a replay from the store to arrive first. Usually empty. */
    private final Map<User, List<Delivery>> held = new IdentityHashMap<>();
    /** Durability sync: events numbered and queued to the store, not yet committed, in order. */
    private final ArrayDeque<Event.RoomEvent> uncommitted = new ArrayDeque<>();
    /** Durability sync: the senders from outside (-n) of uncommitted events, who get them once committed. Usually empty. */
    private final Map<Event.RoomEvent, User> outsiders = new IdentityHashMap<>();
    /** The shared order (a cluster), or null: this room numbers its own events with {@link #sequencer}. */
    private final SharedOrder shared;
    /** Shared order: tells the registry this room emptied when that happens off a caller's thread. */
    private final Consumer<Room> emptied;
    /** Shared order: this node's events handed to the order and not back yet, oldest first. */
    private final ArrayDeque<Pending> pending = new ArrayDeque<>(0);
    /** Shared order: members on other nodes, folded name to name, in join order. Empty in one process. */
    private final Map<String, String> remote = new java.util.LinkedHashMap<>();

    /**
     * Shared order: an event of this node's on its way through the order; {@code speaker} hears if it is
     * refused, {@code outsider} (a sender from outside) and {@code leaver} (who left or was kicked
     * meanwhile) get it when it comes back, as they would have in one process.
     */
    private record Pending(Event.RoomEvent event, Person speaker, User outsider, Person leaver) {}

    private long delivered;
    private String topic;
    private Event.TopicSet topicSet;
    private boolean closed;
    // Members' connections grouped by mailbox so a post is one array walk; rebuilt on the first post
    // after a join, a leave or a connection coming or going, so a crowd joining a quiet room costs one
    // rebuild, not one each.
    private boolean regrouped = true;
    private Mailbox[] boxes = NO_BOXES;
    private Session[][] sessions = NO_SESSIONS;

    /**
     * @param state              what the store knows of the room (last number, topic, creation)
     * @param deliverAfterCommit durability sync: members get an event only once the store committed it
     * @param announces          whether a room of that many members announces joins and leaves
     * @param greetNames         most names a newcomer's welcome lists (0: all)
     */
    Room(EventStore.RoomState state, Sequencer sequencer, EventStore store, boolean deliverAfterCommit,
            int recentSize, IntPredicate announces, int greetNames) {
        this(state, sequencer, store, deliverAfterCommit, recentSize, announces, greetNames, null, null);
    }

    /**
     * @param shared  the order outside this process this room's events go through, or null
     * @param emptied shared order: called (off this room's lock) when the room empties once its own
     *                events are back from the order, so the registry files it
     */
    Room(EventStore.RoomState state, Sequencer sequencer, EventStore store, boolean deliverAfterCommit,
            int recentSize, IntPredicate announces, int greetNames, SharedOrder shared, Consumer<Room> emptied) {
        this.shared = shared;
        this.emptied = emptied;
        this.name = state.name();
        this.key = state.key();
        this.created = state.created();
        this.topic = state.topic();
        this.sequencer = sequencer;
        this.store = store;
        this.deliverAfterCommit = deliverAfterCommit;
        this.delivered = sequencer.last();
        this.recent = new Recent(recentSize, delivered == 0);
        this.announces = announces;
        this.greetNames = greetNames;
    }

    String name() {
        return name;
    }

    String key() {
        return key;
    }

    /** How a {@link #join} went. */
    enum Entry { JOINED, CLOSED, REFUSED }

    /**
     * Adds {@code person}, if {@code admits} (asked with the member count now, under this room's monitor,
     * so two joins cannot both pass a limit) lets it in: hands the member list to {@code greet} (which
     * may post a welcome), replays the last {@code replay} events to each of the newcomer's connections
     * alone, then announces the join to everyone, newcomer included, unless the room is too big to
     * announce joins. CLOSED when the room was closed meanwhile (look it up again); REFUSED when
     * {@code admits} said no (the room closes then if nobody is in it: see {@link #isClosed}).
     */
    synchronized Entry join(Person person, int replay, BiConsumer<List<String>, Integer> greet,
            LongFunction<Event.RoomEvent> joined, IntPredicate admits) {
        if (closed) {
            return Entry.CLOSED;
        }
        if (!admits.test(members.size() + remote.size())) {
            closed = empty();
            return Entry.REFUSED;
        }
        members.add(person);
        regrouped = false;
        greet.accept(memberNames(greetNames), members.size() + remote.size());
        if (replay > 0) {
            for (User c : person.connections()) {
                replay(c, new Query(Hub.HistoryKind.LAST, 0, replay, false));
            }
        }
        if (announces.test(members.size() + remote.size())) {
            order(joined, person, null, null);
        }
        return Entry.JOINED;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Announces the departure to everyone, the leaver included, then removes them. Returns true when
     * the room is now empty and closed; the caller then files its state away.
     */
    synchronized boolean leave(Person person, LongFunction<Event.RoomEvent> left) {
        if (!members.contains(person)) {
            return false;
        }
        if (announces.test(members.size() + remote.size())) {
            order(left, person, null, person);
        }
        return remove(person);
    }

    /**
     * Publishes {@code removal} (a kick), then removes {@code person}, every connection of it, without a
     * {@link Event.Left}: the kick says it. Returns true when the room is now empty and closed; false too
     * when {@code person} was not in.
     */
    synchronized boolean remove(Person person, LongFunction<Event.RoomEvent> removal) {
        if (!members.contains(person)) {
            return false;
        }
        order(removal, null, null, person);
        return remove(person);
    }

    /** Publishes a moderation event, whoever acts (an administrator need not be a member); false once closed. */
    synchronized boolean announce(LongFunction<Event.RoomEvent> event) {
        if (closed) {
            return false;
        }
        order(event, null, null, null);
        return true;
    }

    /** The members, in join order: each person once, however many connections it has. */
    synchronized List<Person> members() {
        return new ArrayList<>(members);
    }

    /** Removes without a word (server shutdown). */
    synchronized boolean drop(Person person) {
        return remove(person);
    }

    /**
     * A member gained a connection ({@code replay} &gt; 0: which gets the last events first, alone, as a
     * newcomer would) or lost one: the fan-out is regrouped before the next event.
     */
    synchronized void attached(User connection, int replay) {
        regrouped = false;
        if (replay > 0 && members.contains(connection.person())) {
            replay(connection, new Query(Hub.HistoryKind.LAST, 0, replay, false));
        }
    }

    synchronized void detached(User connection) {
        held.remove(connection);
        regrouped = false;
    }

    private boolean remove(Person person) {
        members.remove(person);
        held.keySet().removeIf(c -> c.person() == person); // live events they were waiting for go nowhere now
        regrouped = false;
        closed = empty();
        return closed;
    }

    /** Nobody here, and (shared order) none of this node's events still on their way back. */
    private boolean empty() {
        return members.isEmpty() && pending.isEmpty();
    }

    /** Publishes an event made with the next sequence number; false if {@code person} is not a member. */
    synchronized boolean say(Person person, LongFunction<Event.RoomEvent> event) {
        if (!members.contains(person)) {
            return false;
        }
        order(event, person, null, null);
        return true;
    }

    /**
     * Publishes a line from {@code sender}, who is not a member (a -n room takes lines from outside):
     * numbered in the room's order like a member's. The sender gets it too, on the connection it came
     * from alone (its others are not in the room either), so a client that asked for its echo sees it;
     * a sender who joined meanwhile gets it as a member. False once the room is closed.
     */
    synchronized boolean sayFromOutside(User sender, LongFunction<Event.RoomEvent> event) {
        if (closed) {
            return false;
        }
        if (shared == null) {
            publish(event.apply(sequencer.next()), members.contains(sender.person()) ? null : sender);
        } else {
            order(event, null, sender, null);
        }
        return true;
    }

    /**
     * Posts {@code e}, outside the room's order and never stored, to every member connection that
     * {@link Session#takes} it; false if {@code person} is not a member.
     */
    synchronized boolean signal(Person person, Event e) {
        if (!members.contains(person)) {
            return false;
        }
        Delivery d = new Delivery(e);
        for (Person p : members) {
            for (User c : p.connections()) {
                if (c.session().takes(e)) {
                    c.post(d);
                }
            }
        }
        return true;
    }

    synchronized void topic(Person person, String text, LongFunction<Event.RoomEvent> event) {
        if (shared != null && members.contains(person)) {
            order(event, person, null, null); // the topic changes when it comes back (see ordered)
        } else if (members.contains(person)) {
            topic = text;
            Event.RoomEvent e = event.apply(sequencer.next());
            topicSet = e instanceof Event.TopicSet t ? t : null;
            publish(e);
        }
    }

    /** Who set the topic and when, since this room opened; null when not known (set before, or never). */
    synchronized Event.TopicSet topicSet() {
        return topicSet;
    }

    synchronized String topic() {
        return topic;
    }

    synchronized List<String> memberNames() {
        return memberNames(0);
    }

    /** The first {@code max} members' names in join order (0: all), those on other nodes last. */
    private List<String> memberNames(int max) {
        int all = members.size() + remote.size();
        int n = max == 0 ? all : Math.min(max, all);
        List<String> names = new ArrayList<>(n);
        for (Person p : members) {
            if (names.size() == n) {
                break;
            }
            names.add(p.name());
        }
        for (String r : remote.values()) {
            if (names.size() == n) {
                break;
            }
            names.add(r);
        }
        return names;
    }

    /** Shared order: the names of members on other nodes, in join order; empty in one process. */
    synchronized List<String> remoteNames() {
        return new ArrayList<>(remote.values());
    }

    /** Members here and (shared order) on other nodes. */
    synchronized int size() {
        return members.size() + remote.size();
    }

    /** What the store should remember of this room once it is closed; numbers continue from here. */
    synchronized EventStore.RoomState state() {
        return new EventStore.RoomState(name, key, created, topic, shared == null ? sequencer.last() : delivered);
    }

    /**
     * Sends {@code user} past events as {@link Event.Replayed}, then (when {@code q.end()}) a
     * {@link Event.HistoryEnd}. Served from memory when the recent events cover the query; otherwise
     * read from the store off this lock, while the user's live events of this room wait, so the user
     * sees the replay, then every live event after it: no gap, no duplicate.
     */
    synchronized void replay(User user, Query q) {
        long upTo = delivered;
        long after = q.kind() == Hub.HistoryKind.SINCE ? q.seq() : 0;
        long before = q.kind() == Hub.HistoryKind.BEFORE ? Math.min(q.seq(), upTo + 1) : upTo + 1;
        boolean newest = q.kind() != Hub.HistoryKind.SINCE;
        long from = newest ? Math.max(after + 1, before - q.count()) : after + 1;
        if (upTo == 0 || before <= after + 1 || recent.covers(from)) {
            send(user, q, recent.window(after, before, q.count(), newest), upTo);
            return;
        }
        boolean hold = q.kind() != Hub.HistoryKind.BEFORE && members.contains(user.person()) && !held.containsKey(user);
        if (hold) {
            held.put(user, new ArrayList<>());
            regrouped = false;
        }
        store.read(key, after, before, q.count(), newest).whenComplete((events, error) -> {
            synchronized (this) {
                if (error != null) {
                    user.post(Event.Failure.of("history.unavailable"));
                } else {
                    send(user, q, events, upTo);
                }
                if (hold) {
                    release(user);
                }
            }
        });
    }

    private void send(User user, Query q, List<Event.RoomEvent> events, long upTo) {
        int sent = 0;
        for (Event.RoomEvent e : events) {
            // Kept tags hold a place in the order but have no words: left out for whoever shows none.
            if (user.session().takes(e)) {
                user.post(new Event.Replayed(e));
                sent++;
            }
        }
        if (q.end()) {
            // Bounds from what was read, so a page's cursor and "more" are right whatever was left out.
            long first = events.isEmpty() ? 0 : events.getFirst().seq();
            long last = events.isEmpty() ? q.seq() : events.getLast().seq();
            boolean more = q.kind() == Hub.HistoryKind.SINCE ? events.size() == q.count() && last < upTo : first > 1;
            user.post(new Event.HistoryEnd(name, sent, first, more));
        }
    }

    /** Hands a held member the live events that arrived during its replay, then lets it back in the fan-out. */
    private void release(User user) {
        List<Delivery> waiting = held.remove(user);
        if (waiting == null) {
            return; // left meanwhile
        }
        Session[] self = {user.session()};
        for (Delivery d : waiting) {
            if (user.session().takes(d.event())) {
                user.session().mailbox().post(d, self);
            }
        }
        regrouped = false;
    }

    /**
     * Puts the event {@code make} builds in the room's order. Alone, numbered now and published; in a
     * shared order, handed over unnumbered and published when it comes back ({@link #ordered}). The
     * others are for the shared order (see {@link Pending}); null when none.
     */
    private void order(LongFunction<Event.RoomEvent> make, Person speaker, User outsider, Person leaver) {
        if (shared == null) {
            publish(make.apply(sequencer.next()), null);
            return;
        }
        Event.RoomEvent e = make.apply(0);
        Pending p = new Pending(e, speaker, outsider, leaver);
        pending.add(p);
        shared.append(key, delivered, e, () -> refused(p));
    }

    /** Shared order: {@code p} was refused; its speaker hears why, and the room files itself if that emptied it. */
    private void refused(Pending p) {
        boolean nowClosed;
        synchronized (this) {
            if (!pending.remove(p)) {
                return;
            }
            Event.Failure why = Event.Failure.of("cluster.unavailable");
            if (p.outsider() != null) {
                p.outsider().post(why);
            } else if (p.speaker() != null) {
                p.speaker().post(why);
            }
            nowClosed = !closed && empty();
            closed |= nowClosed;
        }
        if (nowClosed) {
            emptied.accept(this);
        }
    }

    /**
     * Shared order: {@code event}, numbered, came back from the order, the next of this room's (the order
     * calls in sequence, without gaps). Posts it to the members here; stores it if this node appended it;
     * keeps the roster of members elsewhere from the joins and leaves of others. True when the room is
     * now empty and closed; the caller then files its state away.
     */
    synchronized boolean ordered(Event.RoomEvent event) {
        if (closed || event.seq() <= delivered) {
            return false;
        }
        Pending mine = mine(event);
        if (mine == null) {
            roster(event);
        }
        if (event instanceof Event.TopicSet t) {
            topic = t.topic();
            topicSet = t;
        }
        if (mine != null) {
            store.append(event, null); // the node that appended stores it: once, whichever node it is
        }
        Delivery d = deliver(event);
        if (mine != null) {
            if (mine.outsider() != null && !members.contains(mine.outsider().person())) {
                mine.outsider().post(d);
            }
            if (mine.leaver() != null && !members.contains(mine.leaver())) {
                mine.leaver().post(d);
            }
        }
        closed = empty();
        return closed;
    }

    /** The pending event of this node's that {@code event} is, taken off the list; null when another node's. */
    private Pending mine(Event.RoomEvent event) {
        if (pending.isEmpty()) {
            return null;
        }
        Event.RoomEvent bare = event.withSeq(0);
        for (java.util.Iterator<Pending> i = pending.iterator(); i.hasNext(); ) {
            Pending p = i.next();
            if (p.event().equals(bare)) {
                i.remove();
                return p;
            }
        }
        return null;
    }

    /**
     * Shared order: another node's join, leave, rename or kick moves a name in the roster of members
     * elsewhere. Someone with people here too (an account on two nodes) stays here as a person.
     */
    private void roster(Event.RoomEvent event) {
        switch (event) {
            case Event.Joined j when !local(j.name()) -> remote.put(Names.fold(j.name()), j.name());
            case Event.Left l -> remote.remove(Names.fold(l.name()));
            case Event.Renamed r when remote.remove(Names.fold(r.from())) != null -> remote.put(Names.fold(r.to()), r.to());
            case Event.Moderated m when m.action() == Event.ModAction.KICK && m.target() != null ->
                    remote.remove(Names.fold(m.target()));
            default -> {
            }
        }
    }

    private boolean local(String name) {
        String folded = Names.fold(name);
        for (Person p : members) {
            if (Names.fold(p.name()).equals(folded)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Shared order: the members on other nodes are {@code names}, as the order knows them now (read when
     * this node starts following the room, before the events after it come back).
     */
    synchronized void remoteMembers(java.util.Collection<String> names) {
        remote.clear();
        for (String n : names) {
            if (!local(n)) {
                remote.put(Names.fold(n), n);
            }
        }
    }

    private void publish(Event.RoomEvent event) {
        publish(event, null);
    }

    /** Stores and delivers {@code event}; {@code outsider} (null: none), a sender not a member, gets it too. */
    private void publish(Event.RoomEvent event, User outsider) {
        if (deliverAfterCommit) {
            uncommitted.add(event);
            if (outsider != null) {
                outsiders.put(event, outsider);
            }
            store.append(event, this::committed);
        } else {
            store.append(event, null);
            Delivery d = deliver(event);
            if (outsider != null) {
                outsider.post(d);
            }
        }
    }

    /** Durability sync: the store committed the oldest uncommitted event (callbacks come in order). */
    private synchronized void committed() {
        Event.RoomEvent e = uncommitted.poll();
        if (e != null) {
            Delivery d = deliver(e);
            User outsider = outsiders.isEmpty() ? null : outsiders.remove(e);
            if (outsider != null) {
                outsider.post(d);
            }
        }
    }

    private Delivery deliver(Event.RoomEvent event) {
        if (!regrouped) {
            regroup();
        }
        recent.add(event);
        delivered = event.seq();
        Delivery d = new Delivery(event);
        Mailbox[] b = boxes;
        Session[][] s = sessions;
        boolean some = event instanceof Event.KeptTags;
        for (int i = 0; i < b.length; i++) {
            if (some) {
                postTaking(b[i], d, s[i]);
            } else {
                b[i].post(d, s[i]);
            }
        }
        if (!held.isEmpty()) {
            for (List<Delivery> waiting : held.values()) {
                waiting.add(d);
            }
        }
        return d;
    }

    /** Posts {@code d} to those of {@code to} that {@link Session#takes} it (rare events only: it copies). */
    private static void postTaking(Mailbox box, Delivery d, Session[] to) {
        Session[] taking = java.util.Arrays.stream(to).filter(x -> x.takes(d.event())).toArray(Session[]::new);
        if (taking.length > 0) {
            box.post(d, taking);
        }
    }

    private void regroup() {
        Map<Mailbox, List<Session>> byBox = new IdentityHashMap<>();
        for (Person p : members) {
            for (User c : p.connections()) {
                if (held.isEmpty() || !held.containsKey(c)) {
                    byBox.computeIfAbsent(c.session().mailbox(), k -> new ArrayList<>()).add(c.session());
                }
            }
        }
        Mailbox[] b = new Mailbox[byBox.size()];
        Session[][] s = new Session[byBox.size()][];
        int i = 0;
        for (Map.Entry<Mailbox, List<Session>> e : byBox.entrySet()) {
            b[i] = e.getKey();
            s[i] = e.getValue().toArray(Session[]::new);
            i++;
        }
        boxes = b;
        sessions = s;
        regrouped = true;
    }

    @Override
    public String toString() {
        return "#" + name;
    }
}
