package sori.store;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sori.chat.Event;
import sori.chat.Names;
import sori.chat.Readiness;

/**
 * The store on SQLite or PostgreSQL. {@link #append} only queues; one writer thread drains the queue and
 * commits in groups (at most {@link #GROUP_MAX} items, waiting at most {@link #GROUP_WAIT} for a group to
 * fill under {@link Durability#BATCH}, not at all under {@link Durability#SYNC}), then runs the group's
 * {@code committed} callbacks in order. When the database fails the writer keeps the group and the queue,
 * retries with backoff, and logs once per {@link Tuning#logInterval}. Reads run on their own threads,
 * after a barrier the writer passes once everything queued before the read is committed.
 */
public final class JdbcEventStore implements Store, Readiness, MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(JdbcEventStore.class);

    /**
     * Queued and uncommitted items past which the store reports {@link #congested()} while the database
     * fails: room enough for a few seconds of a busy chat to go on through an outage.
     */
    public static final int QUEUE_BOUND = 100_000;
    /** Most items in one commit. */
    public static final int GROUP_MAX = 1000;
    /**
     * Uncommitted items past which the store reports {@link #congested()} while the database answers: one
     * group. Senders who outrun the writer wait, so what a {@code kill -9} can lose stays one group.
     */
    public static final int STEADY_BOUND = GROUP_MAX;
    /** Longest a group waits to fill under {@link Durability#BATCH}. */
    public static final Duration GROUP_WAIT = Duration.ofMillis(10);
    /** At most one error (and one congestion warning) per this interval. */
    public static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    /** Threads (and pooled connections) for reads, beside the writer's one. */
    public static final int READ_THREADS = 2;

    private static final long RETRY_FIRST_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long RETRY_MAX_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long CLOSE_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(60);

    /** What tests turn down: the queue's bounds (database failing, and answering) and how often errors are logged. */
    record Tuning(int queueBound, int steadyBound, Duration logInterval) {
        static final Tuning DEFAULT = new Tuning(QUEUE_BOUND, STEADY_BOUND, LOG_INTERVAL);
    }

    private sealed interface Item {}

    private record Append(Event.RoomEvent event, Runnable committed) implements Item {}

    /** A private message, or kept private tags (then {@code tags} holds their fields and the text is empty). */
    private record Direct(String conversation, long time, String from, String to, String text, String tags)
            implements Item {}

    /** Completes once everything queued before it is committed; closes the group it lands in. */
    private record Barrier(CompletableFuture<Void> done) implements Item {}

    private record Sweep(long cutoff, CompletableFuture<Long> done) implements Item {}

    private record Stop() implements Item {}

    private final DataSource data;
    private final JdbcAccounts accounts;
    private final JdbcModeration moderation;
    private final JdbcSessionTokens sessionTokens;
    private final Sql reader;
    private final AutoCloseable release;
    private final Dialect dialect;
    private final Durability durability;
    private final String description;
    private final boolean readOnly;
    private final int queueBound;
    private final int steadyBound;

    private final ConcurrentLinkedQueue<Item> queue = new ConcurrentLinkedQueue<>();
    /** Appended and not yet committed: the queue's length that counts. */
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean congested;
    /** The last commit failed and is being retried: the database is away. */
    private volatile boolean failing;
    /** Set once metrics are on; the writer records each commit's time in it. */
    private volatile Timer commitTimer;
    private final ConcurrentLinkedQueue<Runnable> uncongested = new ConcurrentLinkedQueue<>();
    private final Throttle errorLog;
    private final Throttle congestionLog;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean idle;
    private volatile boolean abandon;

    private final Thread writer;
    private final ExecutorService reads;
    private final ScheduledExecutorService sweeper;

    // Writer thread only.
    private Connection connection;
    private PreparedStatement insertEvent;
    private PreparedStatement insertPrivate;
    private PreparedStatement upsertRoom;

    JdbcEventStore(DataSource data, AutoCloseable release, Dialect dialect, Durability durability, Duration retention,
            String description, boolean readOnly, Tuning tuning) {
        this.data = data;
        this.accounts = new JdbcAccounts(data);
        this.moderation = new JdbcModeration(data);
        this.sessionTokens = new JdbcSessionTokens(data);
        this.release = release;
        this.dialect = dialect;
        this.durability = durability;
        this.description = description;
        this.reader = new Sql(data, "store " + description);
        this.readOnly = readOnly;
        this.queueBound = tuning.queueBound();
        this.steadyBound = tuning.steadyBound();
        this.errorLog = new Throttle(tuning.logInterval());
        this.congestionLog = new Throttle(tuning.logInterval());
        AtomicInteger readers = new AtomicInteger();
        this.reads = Executors.newFixedThreadPool(READ_THREADS,
                r -> Thread.ofPlatform().daemon().name("sori-store-read-" + readers.incrementAndGet()).unstarted(r));
        this.writer = Thread.ofPlatform().daemon().name("sori-store-writer").unstarted(this::writeLoop);
        writer.start();
        if (retention.isZero() || readOnly) {
            sweeper = null;
        } else {
            sweeper = Executors.newSingleThreadScheduledExecutor(
                    r -> Thread.ofPlatform().daemon().name("sori-store-sweeper").unstarted(r));
            long every = Math.clamp(retention.toMillis() / 24, TimeUnit.MINUTES.toMillis(1), TimeUnit.HOURS.toMillis(1));
            sweeper.scheduleWithFixedDelay(() -> sweepOlderThan(retention), every, every, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public sori.chat.Accounts accounts() {
        return accounts;
    }

    @Override
    public sori.chat.Moderation moderation() {
        return moderation;
    }

    @Override
    public sori.chat.SessionTokens sessionTokens() {
        return sessionTokens;
    }

    @Override
    public String describe() {
        return description;
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void append(Event.RoomEvent event, Runnable committed) {
        enqueue(new Append(event, committed));
    }

    @Override
    public void appendPrivate(Event.Private message) {
        enqueue(new Direct(Conversations.of(message), message.time(), message.from(), message.to(), message.text(), null));
    }

    @Override
    public void appendPrivateTags(Event.Tagged tags) {
        enqueue(new Direct(Conversations.key(sori.chat.Names.fold(tags.from()), sori.chat.Names.fold(tags.to())),
                tags.time(), tags.from(), tags.to(), "", EventCodec.tags(tags.meta())));
    }

    private void enqueue(Item item) {
        if (closed.get()) {
            throw new IllegalStateException("store " + description + " is closed");
        }
        if (readOnly) {
            throw new UnsupportedOperationException("store " + description + " is open read-only");
        }
        long n = pending.incrementAndGet();
        queue.offer(item);
        if (n >= bound() && !congested) {
            congested = true;
            if (failing && congestionLog.due()) {
                log.warn("store {} is behind: {} events waiting to be written (bound {})", description, n, bound());
            }
        }
        if (idle) {
            LockSupport.unpark(writer);
        }
    }

    /** Queues an item that closes the current group at once (barrier, sweep, stop). */
    private void enqueueUrgent(Item item) {
        queue.offer(item);
        LockSupport.unpark(writer);
    }

    @Override
    public boolean congested() {
        return congested;
    }

    @Override
    public void whenUncongested(Runnable r) {
        uncongested.offer(r);
        if (!congested) {
            runUncongested();
        }
    }

    private void runUncongested() {
        Runnable r;
        while ((r = uncongested.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.error("a whenUncongested callback failed", e);
            }
        }
    }

    private void writeLoop() {
        List<Item> group = new ArrayList<>(GROUP_MAX + 1);
        long waitNanos = durability == Durability.SYNC ? 0 : GROUP_WAIT.toNanos();
        boolean stop = false;
        while (!stop) {
            Item first = queue.poll();
            if (first == null) {
                idle = true;
                if (queue.isEmpty()) {
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                }
                idle = false;
                continue;
            }
            group.add(first);
            int items = isWrite(first) ? 1 : 0;
            if (items == 1) {
                long deadline = System.nanoTime() + waitNanos;
                while (items < GROUP_MAX) {
                    Item next = queue.poll();
                    if (next == null) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        LockSupport.parkNanos(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(1)));
                        continue;
                    }
                    group.add(next);
                    if (!isWrite(next)) {
                        break;
                    }
                    items++;
                }
            }
            stop = group.getLast() instanceof Stop;
            if (!commit(group)) {
                return; // abandoned at close
            }
            long left = pending.addAndGet(-items);
            finish(group);
            group.clear();
            if (congested && left < bound()) {
                congested = false;
                if (left > steadyBound) {
                    log.info("store {} caught up: {} events waiting", description, left);
                }
                runUncongested();
            } else if (congested && failing && congestionLog.due()) {
                log.warn("store {} is behind: {} events waiting to be written (bound {})", description, left, bound());
            }
        }
        closeConnection();
    }

    /**
     * The congestion bound in force: one group while the database answers, so senders who outrun the
     * writer wait (normal back-pressure, not logged); the large queue while it fails, so the chat goes on.
     */
    private long bound() {
        return failing ? queueBound : steadyBound;
    }

    /** Ready while the database answers: {@code /readyz} says "store" during an outage. */
    @Override
    public boolean ready() {
        return !failing;
    }

    @Override
    public String what() {
        return "store";
    }

    /** The writer's backlog and how long a group takes to commit, for {@code /metrics}. */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("sori.store.queue", pending, AtomicLong::get)
                .description("events waiting to be written to the store").register(registry);
        commitTimer = Timer.builder("sori.store.commit").description("time to commit one group to the store")
                .publishPercentileHistogram().register(registry);
    }

    private static boolean isWrite(Item item) {
        return item instanceof Append || item instanceof Direct;
    }

    /** Commits the group, retrying until it is in; false only when {@link #close} gave up waiting. */
    private boolean commit(List<Item> group) {
        long backoff = RETRY_FIRST_NANOS;
        long failingSince = 0;
        int failures = 0;
        while (true) {
            try {
                long start = System.nanoTime();
                write(group);
                Timer t = commitTimer;
                if (t != null) {
                    t.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
                failing = false;
                if (failures > 0) {
                    log.info("store {} is writable again after {} s and {} failed attempts; nothing was lost",
                            description, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - failingSince), failures);
                    errorLog.reset();
                }
                return true;
            } catch (SQLException | RuntimeException e) {
                closeConnection();
                failing = true;
                if (failures++ == 0) {
                    failingSince = System.nanoTime();
                }
                if (errorLog.due()) {
                    log.error("cannot write to store {} ({} events waiting, kept in memory), retrying: {}",
                            description, pending.get(), oneLine(e));
                }
                if (abandon) {
                    return false;
                }
                LockSupport.parkNanos(this, backoff);
                backoff = Math.min(backoff * 2, RETRY_MAX_NANOS);
            }
        }
    }

    private void write(List<Item> group) throws SQLException {
        if (group.stream().allMatch(i -> i instanceof Barrier || i instanceof Stop)) {
            return; // nothing to write: a read's barrier or the close, after an earlier commit
        }
        if (connection == null) {
            connection = data.getConnection();
            connection.setAutoCommit(false);
            insertEvent = connection.prepareStatement(Dialect.INSERT_EVENT);
            insertPrivate = connection.prepareStatement(Dialect.INSERT_PRIVATE);
            upsertRoom = connection.prepareStatement(dialect.upsertRoom());
        }
        try {
            int events = 0;
            int privates = 0;
            Map<String, RoomRow> rooms = new LinkedHashMap<>();
            List<Sweep> sweeps = null;
            for (Item item : group) {
                switch (item) {
                    case Append a -> {
                        Event.RoomEvent e = a.event();
                        String key = roomKey(e.room());
                        EventCodec.Columns c = EventCodec.encode(e);
                        insertEvent.setString(1, key);
                        insertEvent.setLong(2, e.seq());
                        insertEvent.setLong(3, e.time());
                        insertEvent.setString(4, c.type());
                        insertEvent.setString(5, c.name());
                        insertEvent.setString(6, c.data());
                        insertEvent.addBatch();
                        events++;
                        rooms.computeIfAbsent(key, k -> new RoomRow(e)).add(e);
                    }
                    case Direct d -> {
                        insertPrivate.setString(1, d.conversation());
                        insertPrivate.setLong(2, d.time());
                        insertPrivate.setString(3, d.from());
                        insertPrivate.setString(4, d.to());
                        insertPrivate.setString(5, d.text());
                        insertPrivate.setString(6, d.tags());
                        insertPrivate.addBatch();
                        privates++;
                    }
                    case Sweep s -> {
                        if (sweeps == null) {
                            sweeps = new ArrayList<>(1);
                        }
                        sweeps.add(s);
                    }
                    case Barrier b -> {}
                    case Stop s -> {}
                }
            }
            if (events > 0) {
                insertEvent.executeBatch();
                for (Map.Entry<String, RoomRow> r : rooms.entrySet()) {
                    RoomRow row = r.getValue();
                    upsertRoom.setString(1, r.getKey());
                    upsertRoom.setString(2, row.name);
                    upsertRoom.setLong(3, row.created);
                    upsertRoom.setString(4, row.topic);
                    upsertRoom.setLong(5, row.lastSeq);
                    upsertRoom.setLong(6, row.topicSeq);
                    upsertRoom.addBatch();
                }
                upsertRoom.executeBatch();
            }
            if (privates > 0) {
                insertPrivate.executeBatch();
            }
            long[] deleted = null;
            if (sweeps != null) {
                deleted = new long[sweeps.size()];
                for (int i = 0; i < deleted.length; i++) {
                    deleted[i] = deleteOlder(sweeps.get(i).cutoff());
                }
            }
            connection.commit();
            if (deleted != null) {
                for (int i = 0; i < deleted.length; i++) {
                    sweeps.get(i).done().complete(deleted[i]);
                }
            }
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is dropped by the caller anyway
            }
            throw e;
        }
    }

    /** Room names folded to keys, remembered: folding (NFKC) costs more than the insert itself. */
    private final Map<String, String> keys = new java.util.HashMap<>();

    private String roomKey(String room) {
        String key = keys.get(room);
        if (key == null) {
            if (keys.size() >= 10_000) {
                keys.clear();
            }
            key = Names.fold(room);
            keys.put(room, key);
        }
        return key;
    }

    /**
     * Deletes what is older than {@code cutoff}. Room events go room by room along the primary key: a room's
     * times grow with its seq (one clock, read under the room's lock), so everything below the room's first
     * seq at or after the cutoff is older. Costs a lookup per room and the rows deleted, with no time index.
     */
    private long deleteOlder(long cutoff) throws SQLException {
        long n = 0;
        List<String> roomKeys = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT key FROM rooms");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                roomKeys.add(rs.getString(1));
            }
        }
        try (PreparedStatement first = connection.prepareStatement(
                        "SELECT seq FROM room_events WHERE room_key = ? AND time >= ? ORDER BY seq LIMIT 1");
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM room_events WHERE room_key = ? AND seq < ?")) {
            for (String key : roomKeys) {
                first.setString(1, key);
                first.setLong(2, cutoff);
                long keepFrom = Long.MAX_VALUE;
                try (ResultSet rs = first.executeQuery()) {
                    if (rs.next()) {
                        keepFrom = rs.getLong(1);
                    }
                }
                delete.setString(1, key);
                delete.setLong(2, keepFrom);
                n += delete.executeUpdate();
            }
        }
        try (PreparedStatement d = connection.prepareStatement("DELETE FROM private_messages WHERE time < ?")) {
            d.setLong(1, cutoff);
            n += d.executeUpdate();
        }
        return n;
    }

    /** After the commit: callbacks in order, then barriers (a read after an append sees it). */
    private void finish(List<Item> group) {
        for (Item item : group) {
            if (item instanceof Append a && a.committed() != null) {
                try {
                    a.committed().run();
                } catch (RuntimeException e) {
                    log.error("a committed callback failed", e);
                }
            } else if (item instanceof Barrier b) {
                b.done().complete(null);
            }
        }
    }

    /** What a group does to one room's row. */
    private static final class RoomRow {
        final String name;
        final long created;
        String topic;
        long topicSeq = -1;
        long lastSeq;

        RoomRow(Event.RoomEvent first) {
            this.name = first.room();
            this.created = first.time();
        }

        /** Events come in sequence order: one at or below what the group has seen is a re-delivery. */
        void add(Event.RoomEvent e) {
            if (e.seq() <= lastSeq) {
                return;
            }
            lastSeq = e.seq();
            if (e instanceof Event.TopicSet t) {
                topic = t.topic();
                topicSeq = e.seq();
            }
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is being dropped
            }
            connection = null;
        }
    }

    @Override
    public CompletableFuture<Long> sweep(long cutoffMillis) {
        Sweep s = new Sweep(cutoffMillis, new CompletableFuture<>());
        enqueueUrgent(s);
        return s.done();
    }

    private void sweepOlderThan(Duration retention) {
        sweep(System.currentTimeMillis() - retention.toMillis()).whenComplete((n, e) -> {
            if (n != null && n > 0) {
                log.info("retention: deleted {} events and messages older than {} from {}", n, retention, description);
            }
        });
    }

    // ---------------------------------------------------------------- reads

    /** Completes once everything appended before the call is committed. */
    private CompletableFuture<Void> afterWrites() {
        if (pending.get() == 0) {
            return CompletableFuture.completedFuture(null);
        }
        Barrier b = new Barrier(new CompletableFuture<>());
        enqueueUrgent(b);
        return b.done();
    }

    /** Reads on a pooled connection once the writes queued before are committed; a failure is a StoreException. */
    private <T> CompletableFuture<T> query(Sql.Work<T> q) {
        return afterWrites().thenApplyAsync(v -> reader.run("read", q), reads);
    }

    @Override
    public List<RoomState> rooms() {
        try {
            return query(c -> {
                List<RoomState> out = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT key, name, created, topic, last_seq FROM rooms ORDER BY key");
                        ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new RoomState(rs.getString(2), rs.getString(1), rs.getLong(3), rs.getString(4), rs.getLong(5)));
                    }
                }
                return out;
            }).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    @Override
    public CompletableFuture<List<RoomState>> rooms(java.util.Collection<String> keys) {
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<String> all = List.copyOf(keys);
        return query(c -> {
            List<RoomState> out = new ArrayList<>();
            // In slices: one statement per slice keeps under every driver's limit on parameters.
            for (int from = 0; from < all.size(); from += Sql.IN_SLICE) {
                List<String> slice = all.subList(from, Math.min(all.size(), from + Sql.IN_SLICE));
                out.addAll(Sql.rows(c, "SELECT key, name, created, topic, last_seq FROM rooms WHERE key IN ("
                                + Sql.marks(slice.size()) + ")",
                        r -> new RoomState(r.getString(2), r.getString(1), r.getLong(3), r.getString(4), r.getLong(5)),
                        slice.toArray()));
            }
            return out;
        });
    }

    @Override
    public CompletableFuture<List<Event.RoomEvent>> read(String roomKey, long after, long before, int limit, boolean newest) {
        if (limit <= 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        return query(c -> {
            String room;
            try (PreparedStatement s = c.prepareStatement("SELECT name FROM rooms WHERE key = ?")) {
                s.setString(1, roomKey);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return List.of();
                    }
                    room = rs.getString(1);
                }
            }
            List<Event.RoomEvent> out = new ArrayList<>(Math.min(limit, 1024));
            try (PreparedStatement s = c.prepareStatement("SELECT seq, time, type, name, data FROM room_events "
                    + "WHERE room_key = ? AND seq > ? AND seq < ? ORDER BY seq " + (newest ? "DESC" : "ASC") + " LIMIT ?")) {
                s.setString(1, roomKey);
                s.setLong(2, after);
                s.setLong(3, before);
                s.setInt(4, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(EventCodec.decode(room, rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getString(5)));
                    }
                }
            }
            if (newest) {
                Collections.reverse(out);
            }
            return out;
        });
    }

    @Override
    public CompletableFuture<Long> seqAt(String roomKey, long time) {
        // From the newest back: history is mostly asked about recent times.
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT seq FROM room_events WHERE room_key = ? AND time < ? ORDER BY seq DESC LIMIT 1")) {
                s.setString(1, roomKey);
                s.setLong(2, time);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getLong(1) + 1 : 0L;
                }
            }
        });
    }

    @Override
    public CompletableFuture<List<Event.Private>> readPrivate(String keyA, String keyB, long afterTime, long beforeTime,
            int limit, boolean newest) {
        if (limit <= 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        return conversation(keyA, keyB, afterTime, beforeTime, limit, newest, false)
                .thenApply(l -> l.stream().map(Event.Private.class::cast).toList());
    }

    @Override
    public CompletableFuture<List<Event>> readConversation(String keyA, String keyB, long afterTime, long beforeTime,
            int limit, boolean newest) {
        if (limit <= 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        return conversation(keyA, keyB, afterTime, beforeTime, limit, newest, true);
    }

    /** A conversation's rows in the window: its messages, and its kept tags too when {@code tags}. */
    private CompletableFuture<List<Event>> conversation(String keyA, String keyB, long afterTime, long beforeTime,
            int limit, boolean newest, boolean tags) {
        String order = newest ? "DESC" : "ASC";
        return query(c -> {
            List<Event> out = new ArrayList<>(Math.min(limit, 1024));
            try (PreparedStatement s = c.prepareStatement("SELECT sender, recipient, time, text, tags FROM private_messages "
                    + "WHERE conversation = ? AND time > ? AND time < ?" + (tags ? "" : " AND tags IS NULL")
                    + " ORDER BY time " + order + ", id " + order + " LIMIT ?")) {
                s.setString(1, Conversations.key(keyA, keyB));
                s.setLong(2, afterTime);
                s.setLong(3, beforeTime);
                s.setInt(4, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String kept = rs.getString(5);
                        out.add(kept == null ? new Event.Private(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4))
                                : new Event.Tagged(rs.getString(1), null, rs.getString(2), rs.getLong(3),
                                        EventCodec.untags(kept), true));
                    }
                }
            }
            if (newest) {
                Collections.reverse(out);
            }
            return out;
        });
    }

    @Override
    public CompletableFuture<List<Correspondent>> correspondents(String key, long afterTime, long beforeTime, int limit) {
        if (limit <= 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        String like = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return query(c -> {
            // Each conversation's last message (names as spelled there); rows sharing a last millisecond give one.
            List<Correspondent> out = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            try (PreparedStatement s = c.prepareStatement("SELECT p.conversation, p.time, p.sender, p.recipient "
                    + "FROM private_messages p JOIN (SELECT conversation, MAX(time) AS last FROM private_messages "
                    + "WHERE conversation LIKE ? ESCAPE '\\' OR conversation LIKE ? ESCAPE '\\' GROUP BY conversation "
                    + "HAVING MAX(time) > ? AND MAX(time) < ?) m ON p.conversation = m.conversation AND p.time = m.last "
                    + "ORDER BY p.time, p.conversation, p.id DESC")) {
                s.setString(1, like + " %");
                s.setString(2, "% " + like);
                s.setLong(3, afterTime);
                s.setLong(4, beforeTime);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next() && out.size() < limit) {
                        // SQLite's LIKE ignores ASCII case; folded keys have none, but be sure.
                        if (Conversations.other(rs.getString(1), key) != null && seen.add(rs.getString(1))) {
                            Event.Private last = new Event.Private(rs.getString(3), rs.getString(4), rs.getLong(2), "");
                            out.add(new Correspondent(Conversations.otherParty(last, key), rs.getLong(2)));
                        }
                    }
                }
            }
            return out;
        });
    }

    // ---------------------------------------------------------------- close

    /** Writes everything queued (waiting up to a minute for a database that is down), then lets go. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        enqueueUrgent(new Stop());
        try {
            writer.join(CLOSE_WAIT_MILLIS);
            if (writer.isAlive()) {
                abandon = true;
                LockSupport.unpark(writer);
                writer.join(TimeUnit.SECONDS.toMillis(5));
                log.error("store {} closed with {} events not written: the database stayed unreachable",
                        description, pending.get());
            }
            reads.shutdown();
            reads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                release.close();
            } catch (Exception e) {
                log.warn("closing store {}: {}", description, oneLine(e));
            }
        }
    }

    /**
     * A failure in one short line. A failed batch says why through its next exception: its own message
     * quotes the statement, and with it what people wrote, which stays out of the logs.
     */
    static String oneLine(Throwable e) {
        if (e instanceof java.sql.BatchUpdateException b) {
            SQLException next = b.getNextException();
            e = next != null ? next : new SQLException("a batch of writes failed");
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        m = (nl < 0 ? m : m.substring(0, nl)).strip();
        return m.length() <= 300 ? m : m.substring(0, 300) + "...";
    }

    /** True at most once per interval: for logging a repeated failure once, not per event. */
    static final class Throttle {
        private final long intervalNanos;
        private final AtomicLong next = new AtomicLong();
        private final AtomicBoolean armed = new AtomicBoolean(true);

        Throttle(Duration interval) {
            this.intervalNanos = interval.toNanos();
        }

        boolean due() {
            long now = System.nanoTime();
            if (armed.compareAndSet(true, false)) {
                next.set(now + intervalNanos);
                return true;
            }
            long n = next.get();
            return now - n >= 0 && next.compareAndSet(n, now + intervalNanos);
        }

        /** The next call is due at once again. */
        void reset() {
            armed.set(true);
        }
    }
}
