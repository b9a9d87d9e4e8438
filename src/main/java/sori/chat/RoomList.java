package sori.chat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code /rooms} (and IRC's LIST, which runs it) lists. In one process: the rooms open here, at once, as
 * always. In a cluster, also the rooms open only on other nodes: the {@link SharedOrder} tells which rooms have
 * members anywhere and how many; their names, topics and modes come from the store, which every node shares
 * (PostgreSQL) and where the node that changed them wrote them. Not from this node's own moderation, which
 * was read at start and does not hear other nodes' mode changes: a room made secret there would show here.
 * The answer comes when both reads are in, on whatever thread completes them (a post only enqueues).
 */
final class RoomList {

    private static final Logger log = LoggerFactory.getLogger(RoomList.class);

    /**
     * Where moderation is read (it may block on the database) and the answer is made (it takes rooms' monitors):
     * not on the thread that completed the order's answer, which is the Redis client's I/O thread.
     */
    private static final Executor BLOCKING = r -> Thread.ofVirtual().name("sori-room-list").start(r);

    private final Rooms rooms;
    private final ModerationCommands moderation;
    private final EventStore store;
    private final Moderation kept;
    /** Null in one process. */
    private final SharedOrder shared;

    RoomList(Rooms rooms, ModerationCommands moderation, EventStore store, Moderation kept, SharedOrder shared) {
        this.rooms = rooms;
        this.moderation = moderation;
        this.store = store;
        this.kept = kept;
        this.shared = shared;
    }

    /** Posts {@code u} the rooms it may see: now in one process, once the cluster answered in a cluster. */
    void answer(User u) {
        if (shared == null) {
            u.post(new Event.Rooms(here(u)));
            return;
        }
        CompletableFuture<Map<String, Integer>> occupied;
        try {
            occupied = shared.occupied().toCompletableFuture();
        } catch (RuntimeException e) {
            occupied = CompletableFuture.failedFuture(e);
        }
        occupied.thenCompose(this::elsewhere).whenCompleteAsync((remote, error) -> {
            List<Event.RoomInfo> list = here(u);
            if (error != null) {
                // Redis or the store did not answer: the rooms open here are still true, and better than no
                // answer; the rooms elsewhere are left out rather than shown without knowing if they are secret.
                log.debug("listing this node's rooms only: {}", error.toString());
            } else {
                remote.forEach((key, info) -> {
                    if (rooms.find(key) == null) { // else opened here meanwhile: listed above already
                        list.add(info);
                    }
                });
                list.sort(Comparator.comparing(Event.RoomInfo::name));
            }
            u.post(new Event.Rooms(list));
        }, BLOCKING);
    }

    /**
     * The room {@code key} (typed as {@code asked}) as {@code /who} and NAMES show it, when it is not open here:
     * its members on the other nodes (their ranks are not known here), name and topic; {@code then} gets null,
     * on whatever thread answers, when no node has members in it, when it is secret (nobody here is in it, or it
     * would be open here), or when the cluster or the store cannot tell now. In one process: null at once.
     */
    void elsewhere(String key, String asked, Consumer<Event.Who> then) {
        if (shared == null) {
            then.accept(null);
            return;
        }
        CompletableFuture<java.util.Collection<String>> members;
        try {
            members = shared.members(key).toCompletableFuture();
        } catch (RuntimeException e) {
            members = CompletableFuture.failedFuture(e);
        }
        members.thenCompose(names -> {
            if (names.isEmpty()) {
                return CompletableFuture.completedFuture((Event.Who) null);
            }
            List<String> one = List.of(key);
            CompletableFuture<List<Moderation.RoomSettings>> settings = CompletableFuture.supplyAsync(
                    () -> kept.rooms(one), BLOCKING);
            return store.rooms(one).thenCombine(settings, (states, modes) -> {
                if (modes.stream().anyMatch(m -> m.modes() != null && m.modes().indexOf('s') >= 0)) {
                    return null;
                }
                EventStore.RoomState s = states.isEmpty() ? null : states.getFirst();
                return new Event.Who(s == null ? asked : s.name(), s == null ? null : s.topic(),
                        names.stream().sorted().toList(), List.of(), List.of());
            });
        }).whenCompleteAsync((who, error) -> {
            if (error != null) {
                log.debug("cannot tell who is in room {} elsewhere: {}", key, error.toString());
            }
            then.accept(error == null ? who : null);
        }, BLOCKING);
    }

    /** The rooms open here that {@code u} may see, by name; their counts hold the members elsewhere too. */
    private List<Event.RoomInfo> here(User u) {
        List<Event.RoomInfo> list = new ArrayList<>();
        for (Room r : rooms.list()) {
            if (moderation.secret(r) && !u.isIn(r)) {
                continue; // +s: only its members see it
            }
            list.add(new Event.RoomInfo(r.name(), r.size(), r.topic()));
        }
        return list;
    }

    /**
     * The rooms of {@code occupied} not open here, by key, but secret ones: the asker is in none of them, since a room
     * with a member here is open here. A room the store has no row for yet (its first events are still on their
     * way to the database) is listed by its key, without a topic.
     */
    private CompletableFuture<Map<String, Event.RoomInfo>> elsewhere(Map<String, Integer> occupied) {
        List<String> keys = occupied.keySet().stream().filter(k -> rooms.find(k) == null).toList();
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        CompletableFuture<List<Moderation.RoomSettings>> settings = CompletableFuture.supplyAsync(
                () -> kept.rooms(keys), BLOCKING);
        return store.rooms(keys).thenCombine(settings, (states, modes) -> {
            Map<String, EventStore.RoomState> byKey = new HashMap<>();
            states.forEach(s -> byKey.put(s.key(), s));
            java.util.Set<String> secret = new java.util.HashSet<>();
            for (Moderation.RoomSettings s : modes) {
                if (s.modes() != null && s.modes().indexOf('s') >= 0) {
                    secret.add(s.room());
                }
            }
            Map<String, Event.RoomInfo> out = new HashMap<>();
            for (String key : keys) {
                if (secret.contains(key)) {
                    continue;
                }
                EventStore.RoomState s = byKey.get(key);
                out.put(key, new Event.RoomInfo(s == null ? key : s.name(), occupied.get(key),
                        s == null ? null : s.topic()));
            }
            return out;
        });
    }
}
