package sori.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sori.chat.Event;
import sori.chat.EventStore;
import sori.store.EventCodec;

/**
 * What the node that wins a dead node's reap does with its rooms ({@code docs/cluster-design.md}, "Names and
 * leases" and "Store"), as the {@link Reaper}'s callback. In each room the dead node listed:
 * <ol>
 * <li>announce the leave of every member the room's hash still maps to the dead node, through the append script,
 * whose conditional leave ({@link MemberChange#leave}) appends only while the name is still mapped there: a second
 * reaper, or a repeat after a winner died half way, announces nothing again;
 * <li>copy the tail of the room's stream into the store, from {@link #DEFAULT_LOOKBACK} seqs below the store's last
 * seq on. Each node stores only the events it appended, so an event whose publisher died after the script and before
 * its store commit is in the stream only; the leaves just announced are appended by no Hub and land this way too.
 * The store ignores a (room, seq) it holds, so copying what others wrote already costs a lookup each.
 * </ol>
 * The store's last seq is no bound by itself: nodes commit their own events on their own writers, so a dead
 * node's unstored events may lie below a seq another node has stored. They are few and recent (a node's writer
 * holds about one group, {@code JdbcEventStore.STEADY_BOUND}, uncommitted while the database answers), hence the
 * look-back. The reap completes once the store has committed the copy, so a reap that finishes lost nothing.
 */
public final class Takeover implements Reaper.Callback {

    private static final Logger log = LoggerFactory.getLogger(Takeover.class);

    /** Seqs below the store's last that are copied again, for a dead node's events behind another's stored ones. */
    public static final int DEFAULT_LOOKBACK = 1000;

    /** Stream entries read per request while copying. */
    private static final int PAGE = 1000;

    /** Rooms taken over at once: a dead node's thousands of rooms should not flood Redis or the store. */
    private static final int ROOMS_AT_ONCE = 8;

    private final RoomLog rooms;
    private final EventStore store;
    private final LongSupplier clock;
    private final int lookback;

    /** {@code clock}: milliseconds since the epoch, for the announced leaves ({@code System::currentTimeMillis}). */
    public Takeover(RoomLog rooms, EventStore store, LongSupplier clock) {
        this(rooms, store, clock, DEFAULT_LOOKBACK);
    }

    public Takeover(RoomLog rooms, EventStore store, LongSupplier clock, int lookback) {
        this.rooms = Objects.requireNonNull(rooms);
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
        if (lookback < 0) {
            throw new IllegalArgumentException("lookback must not be negative: " + lookback);
        }
        this.lookback = lookback;
    }

    /** Takes over each of {@code roomKeys}; the names are the {@link Reaper}'s to free. Tolerates a repeat. */
    @Override
    public CompletionStage<Void> reap(String deadId, Set<String> names, Set<String> roomKeys) {
        ConcurrentLinkedQueue<String> left = new ConcurrentLinkedQueue<>(roomKeys);
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(ROOMS_AT_ONCE, roomKeys.size()); i++) {
            lanes.add(lane(deadId, left));
        }
        return CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new));
    }

    /** Takes the queue's rooms one after another until it is empty. */
    private CompletableFuture<Void> lane(String deadId, ConcurrentLinkedQueue<String> left) {
        String room = left.poll();
        if (room == null) {
            return CompletableFuture.completedFuture(null);
        }
        return room(deadId, room).toCompletableFuture().thenCompose(v -> lane(deadId, left));
    }

    /**
     * One room: the leaves first, so a store that is away does not hold them up (the failed reap is repeated once
     * its key runs out, and then announces nothing again), then the copy from below the store's last seq.
     */
    CompletionStage<Void> room(String deadId, String room) {
        return announceLeaves(deadId, room)
                .thenCompose(v -> store.read(room, 0, Long.MAX_VALUE, 1, true))
                .thenCompose(last -> copy(room,
                        last.isEmpty() ? 0 : Math.max(0, last.getFirst().seq() - 1 - lookback)));
    }

    private CompletionStage<Void> announceLeaves(String deadId, String room) {
        return rooms.members(room).thenCompose(members -> {
            List<String> theirs = members.entrySet().stream().filter(m -> m.getValue().equals(deadId))
                    .map(Map.Entry::getKey).toList();
            if (theirs.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            // The leave names the room as its events do; the key alone is folded.
            return rooms.newest(room).thenCompose(newest -> {
                String name = newest.map(e -> EventCodec.fromWire(e.seq(), e.json()).room()).orElse(room);
                List<CompletableFuture<Long>> leaves = new ArrayList<>();
                for (String member : theirs) {
                    Event.Left left = new Event.Left(name, 0, clock.getAsLong(), member, Event.Departure.DISCONNECTED,
                            null);
                    leaves.add(rooms.append(room, EventCodec.toWire(left), MemberChange.leave(member, deadId))
                            .toCompletableFuture());
                }
                return CompletableFuture.allOf(leaves.toArray(CompletableFuture[]::new));
            });
        });
    }

    /** Copies the stream's entries after {@code after} into the store; completes once they are committed. */
    private CompletionStage<Void> copy(String room, long after) {
        return rooms.read(room, after, Long.MAX_VALUE, PAGE).thenCompose(page -> {
            if (page.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> committed = new CompletableFuture<>();
            Event.RoomEvent last = null;
            for (RoomLog.Entry e : page) {
                Event.RoomEvent event;
                try {
                    event = EventCodec.fromWire(e.seq(), e.json());
                } catch (RuntimeException bad) {
                    log.warn("not copying unreadable event {} of room {}: {}", e.seq(), room, e.json(), bad);
                    continue;
                }
                if (last != null) {
                    store.append(last, null);
                }
                last = event;
            }
            if (last == null) {
                committed.complete(null);
            } else {
                // committed callbacks run in order: the page's last one says the whole page is in
                store.append(last, () -> committed.complete(null));
            }
            long next = page.getLast().seq();
            return page.size() < PAGE ? committed : committed.thenCompose(v -> copy(room, next));
        });
    }
}
