package sori.chat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;

/**
 * The room registry. A room is open while it has members; when it empties, its state (topic, last
 * sequence number, creation time) is filed away, so a room made again continues its numbers, as after a
 * restart, where the store hands the states back. Rooms are keyed by folded name ({@link Names#fold}).
 */
final class Rooms {

    private final ConcurrentHashMap<String, Room> open = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, EventStore.RoomState> closed = new ConcurrentHashMap<>();
    private final EventStore store;
    private final Sequencer.Factory sequencers;
    private final boolean deliverAfterCommit;
    private final int recentSize;
    private final IntPredicate announces;
    private final int greetNames;
    private final LongSupplier clock;
    /** The order outside this process rooms' events go through (a cluster), or null: each room numbers its own. */
    private final SharedOrder shared;

    Rooms(EventStore store, Sequencer.Factory sequencers, boolean deliverAfterCommit, ChatConfig config,
            LongSupplier clock) {
        this(store, sequencers, deliverAfterCommit, config, clock, null);
    }

    Rooms(EventStore store, Sequencer.Factory sequencers, boolean deliverAfterCommit, ChatConfig config,
            LongSupplier clock, SharedOrder shared) {
        this.shared = shared;
        this.store = store;
        this.sequencers = sequencers;
        this.deliverAfterCommit = deliverAfterCommit;
        this.recentSize = config.historySize();
        this.announces = config::announces;
        this.greetNames = config.announceMax();
        this.clock = clock;
        for (EventStore.RoomState s : store.rooms()) {
            closed.put(s.key(), s);
        }
    }

    /** The order outside this process rooms' events go through (a cluster), or null in one process. */
    SharedOrder shared() {
        return shared;
    }

    /** The open room called {@code key}, or null. */
    Room find(String key) {
        return open.get(key);
    }

    /** The open room for {@code name}, opened (made, or woken from its filed state) when it is not. */
    Room open(String name) {
        return open.computeIfAbsent(Names.fold(name), key -> {
            EventStore.RoomState s = closed.remove(key);
            if (s == null) {
                s = new EventStore.RoomState(name, key, clock.getAsLong(), null, 0);
            }
            return new Room(s, sequencers.forRoom(key, s.lastSeq()), store, deliverAfterCommit, recentSize,
                    announces, greetNames, shared, this::closed);
        });
    }

    /** {@code room} emptied and closed itself: file its state so its numbers continue when it opens again. */
    void closed(Room room) {
        // One atomic step: an open() racing with this sees either the old room (closed: it retries) or the state.
        open.computeIfPresent(room.key(), (key, current) -> {
            if (current != room) {
                return current;
            }
            closed.put(key, room.state());
            return null;
        });
    }

    /** The open rooms, by name. */
    List<Room> list() {
        List<Room> list = new ArrayList<>(open.values());
        list.sort(Comparator.comparing(Room::name));
        return list;
    }
}
