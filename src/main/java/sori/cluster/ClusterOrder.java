package sori.cluster;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sori.chat.Event;
import sori.chat.Hub;
import sori.chat.Readiness;
import sori.chat.SharedOrder;
import sori.cluster.RoomLog.Entry;
import sori.store.EventCodec;

/**
 * The rooms' shared order on Redis ({@code docs/cluster-design.md}, "Order"): each event goes to its room's
 * {@link RoomLog} and comes back, numbered, through the room's live channel and a {@link Reorder}, on this node
 * as on every other, so all nodes deliver one order.
 *
 * <p>A room is followed from the first event this node appends to it (or from {@link #follow}): subscribe, list
 * the room in this node's room set ({@link ClusterDirectory#addRoom}, so a {@link Reaper} finds it should this node
 * die), then read the room's seq and members in one step ({@link RoomLog#snapshot}), seed the Hub's roster of
 * members elsewhere, and deliver from the seq after. The room stays listed while followed: an entry for a room
 * this node has no members in left costs a reaper one look at the member hash. Appends wait for that (in order); an append whose reply says seq N
 * tells the Reorder, so a live message lost on the way is read from the stream.
 *
 * <p>A live message published while this node's pub/sub connection was down is gone, and a node that only
 * listens has no append reply to tell it the seq exists. So when a connection to Redis comes back, each followed
 * room is subscribed again and, once that is confirmed, its seq key read and {@link Reorder#known told}: the gap
 * is filled from the stream. As a safety net (a reconnect whose re-read failed, a message lost otherwise), every
 * {@link #DEFAULT_CHECK} each followed room's seq key is read the same way: one {@code GET} per room, at most one
 * in flight per room.
 *
 * <p>The Hub needs its order when it is made and the order calls the Hub back, so the Hub is
 * {@link #attach attached} after both exist; nothing is appended before that. Callbacks into the Hub run on this
 * order's own (virtual) threads or Lettuce's, never on the thread that called {@link #append}, which holds the
 * room's lock: {@link Hub#ordered} takes that lock itself.
 */
public final class ClusterOrder implements SharedOrder, Readiness, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterOrder.class);

    /** Entries read per gap fill; a longer gap is read on in the next fill. */
    private static final int FILL_LIMIT = 1000;

    /** How often each followed room's seq is compared with what its Reorder has. */
    public static final Duration DEFAULT_CHECK = Duration.ofSeconds(5);

    private final RoomLog rooms;
    private final String node;
    private final NodeLease lease;
    /** Where this node's rooms are listed ({@code sori:{node:ID}:rooms}) for whoever reaps it. */
    private final ClusterDirectory directory;
    private final ExecutorService callbacks = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Followed> followed = new ConcurrentHashMap<>();
    private final ScheduledExecutorService checks;
    private volatile Hub hub;

    /**
     * The order of node {@code node} (its id, the value in the rooms' member hashes). {@code lease}: appends are
     * refused while it is not {@link NodeLease#alive alive}; null for none (tests).
     */
    public ClusterOrder(RoomLog rooms, String node, NodeLease lease) {
        this(rooms, node, lease, DEFAULT_CHECK);
    }

    /** {@code check}: how often the followed rooms' seqs are read as a safety net (tests make it long). */
    ClusterOrder(RoomLog rooms, String node, NodeLease lease, Duration check) {
        this.rooms = Objects.requireNonNull(rooms);
        this.node = Objects.requireNonNull(node);
        this.lease = lease;
        this.directory = new ClusterDirectory(rooms.connector().commands());
        checks = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("sori-order-check").factory());
        long ms = check.toMillis();
        checks.scheduleWithFixedDelay(this::check, ms, ms, TimeUnit.MILLISECONDS);
        rooms.onReconnect(this::reconnected);
    }

    /** The Hub that gets the rooms' events back; once, before the first append. */
    public void attach(Hub hub) {
        this.hub = Objects.requireNonNull(hub);
    }

    @Override
    public void append(String roomKey, long delivered, Event.RoomEvent event, Runnable refused) {
        String json;
        MemberChange change;
        try {
            json = EventCodec.toWire(event);
            change = change(event);
        } catch (RuntimeException e) {
            log.warn("cannot put {} on the wire", event, e);
            refuse(refused);
            return;
        }
        followed.computeIfAbsent(roomKey, Followed::new).append(new Append(json, change, refused, delivered));
    }

    /**
     * Starts following {@code roomKey} with {@code lastSeq} delivered already (the room's state as this node
     * loaded it): later events come back from {@code lastSeq + 1}, read from the stream first. No-op when
     * already followed.
     */
    public void follow(String roomKey, long lastSeq) {
        followed.computeIfAbsent(roomKey, Followed::new).start(lastSeq);
    }

    /**
     * Every room listed by a node in {@code sori:nodes} ({@code sori:{node:ID}:rooms}) with its member count, the
     * length of its member hash; rooms whose hash is empty are left out (a node keeps a followed room listed
     * after its last member there left). A node dead but not yet reaped still counts: its members are listed in
     * the rooms' hashes, and so in their NAMES, until the reaper announces their leaving. One pipelined round of
     * commands per step (nodes, their room sets, the hashes), never blocking; in a Redis Cluster each goes to
     * its key's shard.
     */
    @Override
    public CompletionStage<Map<String, Integer>> occupied() {
        RedisClusterAsyncCommands<String, String> redis = rooms.connector().commands();
        return redis.smembers(NodeKeys.NODES).thenCompose(nodes -> {
            List<CompletableFuture<java.util.Set<String>>> sets = nodes.stream()
                    .map(id -> redis.smembers(NodeKeys.rooms(id)).toCompletableFuture()).toList();
            return CompletableFuture.allOf(sets.toArray(CompletableFuture[]::new)).thenCompose(v -> {
                java.util.Set<String> keys = new java.util.TreeSet<>();
                sets.forEach(s -> keys.addAll(s.join()));
                Map<String, CompletableFuture<Long>> counts = new java.util.TreeMap<>();
                keys.forEach(k -> counts.put(k, redis.hlen(RoomLog.membersKey(k)).toCompletableFuture()));
                return CompletableFuture.allOf(counts.values().toArray(CompletableFuture[]::new)).thenApply(w -> {
                    Map<String, Integer> out = new java.util.LinkedHashMap<>();
                    counts.forEach((k, n) -> {
                        if (n.join() > 0) {
                            out.put(k, n.join().intValue());
                        }
                    });
                    return out;
                });
            });
        });
    }

    /** The names in the room's member hash: every node's members of it. */
    @Override
    public CompletionStage<java.util.Collection<String>> members(String roomKey) {
        return rooms.connector().commands().hkeys(RoomLog.membersKey(roomKey)).thenApply(names -> names);
    }

    /** This node's id. */
    public String node() {
        return node;
    }

    /** Ready while the lease is alive: a node that lost it refuses every line, so probes should send no one to it. */
    @Override
    public boolean ready() {
        return alive();
    }

    @Override
    public String what() {
        return "cluster";
    }

    @Override
    public void close() {
        checks.shutdownNow();
        for (String room : followed.keySet()) {
            rooms.unfollow(room);
        }
        followed.clear();
        callbacks.shutdownNow();
    }

    /**
     * What {@code event} does to the room's member hash: joins and leaves map a name to this node or free it, a
     * rename moves this node's entry to the new name, a kick (announced by any node) frees the target.
     */
    private MemberChange change(Event.RoomEvent event) {
        return switch (event) {
            case Event.Joined j -> MemberChange.join(j.name(), node);
            case Event.Left l -> MemberChange.leave(l.name(), node);
            case Event.Renamed r -> MemberChange.rename(r.from(), r.to(), node);
            case Event.Moderated m when m.action() == Event.ModAction.KICK && m.target() != null
                    && !m.target().isEmpty() -> MemberChange.kick(m.target());
            default -> MemberChange.none();
        };
    }

    /** A connection is back: live messages may have been lost meanwhile. On a Lettuce thread. */
    private void reconnected() {
        followed.values().forEach(f -> f.resync(true));
    }

    private void check() {
        followed.values().forEach(f -> f.resync(false));
    }

    private boolean alive() {
        return lease == null || lease.alive();
    }

    private void refuse(Runnable refused) {
        try {
            callbacks.execute(refused);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closing: nobody is left to tell
        }
    }

    /** {@code floor}: the last seq the appending room had shown here, which Redis numbers above. */
    private record Append(String json, MemberChange change, Runnable refused, long floor) {}

    /** One room this node follows, or is starting to. */
    private final class Followed {
        private final String room;
        /** Null until the snapshot is in; then every live entry goes to it. */
        private Reorder reorder;
        /** Live entries that came before the Reorder existed. */
        private List<Entry> early = new ArrayList<>();
        /** Appends that wait for the start, in the order given. */
        private List<Append> queued = new ArrayList<>();
        private boolean starting;
        /** A seq read for {@link #resync} is under way: at most one per room. */
        private boolean checking;

        Followed(String room) {
            this.room = room;
        }

        void append(Append a) {
            synchronized (this) {
                if (reorder == null) {
                    queued.add(a);
                    startLocked(a.floor()); // from what the room showed here, not from a Redis that may be new
                    return;
                }
            }
            send(a);
        }

        synchronized void start(long lastSeq) {
            if (reorder == null) {
                startLocked(lastSeq);
            }
        }

        /** Subscribes, then reads the snapshot; {@code lastSeq} -1: deliver from the snapshot's seq on. */
        private void startLocked(long lastSeq) {
            if (starting) {
                return;
            }
            starting = true;
            rooms.follow(room, this::live).toCompletableFuture()
                    // listed before any member of this node can join, so a reaper of this node finds the room
                    .thenCompose(v -> directory.addRoom(room, node))
                    .thenComposeAsync(v -> rooms.snapshot(room), callbacks)
                    .whenCompleteAsync((snapshot, error) -> started(snapshot, error, lastSeq), callbacks);
        }

        private void started(RoomLog.Snapshot snapshot, Throwable error, long lastSeq) {
            List<Append> waiting;
            if (error != null) {
                synchronized (this) {
                    waiting = queued;
                    queued = new ArrayList<>();
                    early = new ArrayList<>();
                    starting = false; // the next append tries again
                }
                log.warn("cannot follow room {}: {}", room, error.toString());
                waiting.forEach(a -> a.refused().run());
                return;
            }
            List<String> elsewhere = snapshot.members().entrySet().stream()
                    .filter(m -> !m.getValue().equals(node)).map(Map.Entry::getKey).toList();
            hub.remoteMembers(room, elsewhere); // before any event after the snapshot comes back
            Reorder r = new Reorder(lastSeq < 0 ? snapshot.seq() : lastSeq, this::deliver, this::fill);
            List<Entry> before;
            synchronized (this) {
                reorder = r;
                before = early;
                early = null;
                waiting = queued;
                queued = null;
                starting = false;
            }
            before.forEach(e -> r.accept(e.seq(), e.json()));
            r.known(snapshot.seq());
            waiting.forEach(this::send);
        }

        /**
         * Reads the room's seq and tells the Reorder, so entries that will not come live are read from the
         * stream; {@code subscribe}: subscribe again first (after a reconnect), so the seq read covers them.
         * Not yet started: the start reads its own snapshot. Failures wait for the next reconnect or check.
         */
        void resync(boolean subscribe) {
            Reorder r;
            synchronized (this) {
                r = reorder;
                if (r == null || (checking && !subscribe)) {
                    return;
                }
                checking = true;
            }
            CompletableFuture<Void> ready = subscribe ? rooms.refollow(room).toCompletableFuture()
                    : CompletableFuture.completedFuture(null);
            ready.thenCompose(v -> rooms.seq(room)).whenCompleteAsync((seq, error) -> {
                synchronized (this) {
                    checking = false;
                }
                if (error != null) {
                    log.debug("cannot read the seq of room {}: {}", room, error.toString());
                    return;
                }
                r.known(seq);
            }, callbacks);
        }

        private void live(Entry e) {
            Reorder r;
            synchronized (this) {
                r = reorder;
                if (r == null) {
                    if (early != null) {
                        early.add(e);
                    }
                    return;
                }
            }
            r.accept(e.seq(), e.json());
        }

        private void send(Append a) {
            if (!alive()) {
                refuse(a.refused());
                return;
            }
            CompletableFuture<Long> sent;
            try {
                sent = rooms.append(room, a.json(), a.change(), a.floor()).toCompletableFuture();
            } catch (RuntimeException e) {
                refuse(a.refused());
                return;
            }
            sent.whenCompleteAsync((seq, error) -> {
                if (error != null || seq == null || seq == 0) {
                    // Failed or timed out: not in the order (a timed-out script may still have run; then its
                    // event comes back as another's and the speaker was told it failed). Seq 0: a leave someone
                    // else announced already, so it never comes back.
                    a.refused().run();
                    return;
                }
                reorder.known(seq);
            }, callbacks);
        }

        private void deliver(Entry e) {
            Event.RoomEvent event;
            try {
                event = EventCodec.fromWire(e.seq(), e.json());
            } catch (RuntimeException bad) {
                log.warn("skipping unreadable event {} of room {}: {}", e.seq(), room, e.json(), bad);
                return;
            }
            hub.ordered(room, event);
        }

        private java.util.concurrent.CompletionStage<List<Entry>> fill(long after, long before) {
            return rooms.read(room, after, before, FILL_LIMIT);
        }
    }
}
