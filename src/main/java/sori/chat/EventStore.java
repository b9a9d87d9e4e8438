package sori.chat;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where rooms and their events outlive the process: memory, SQLite or PostgreSQL (see
 * {@code sori.store}). The Hub calls {@link #append} under a room's lock, in that room's sequence
 * order, so an implementation must never block there: writes are queued to one writer that commits in
 * groups. Reads run on the store's own executor and answer later; a read issued after an append sees it.
 */
public interface EventStore extends AutoCloseable {

    /** What the store knows of a room: kept when the room empties, so its numbers never start again. */
    record RoomState(String name, String key, long created, String topic, long lastSeq) {}

    /** Every room the store holds, read once at start (blocking: call it before serving). */
    List<RoomState> rooms();

    /**
     * What the store holds of the rooms {@code keys} (folded names); a room it does not know is left out. For
     * a room list that spans the nodes of a cluster, where another node opened the room and wrote its row.
     * Answers later and never blocks the caller; this default reads every room, so a store with many
     * overrides it.
     */
    default CompletableFuture<List<RoomState>> rooms(java.util.Collection<String> keys) {
        java.util.Set<String> wanted = java.util.Set.copyOf(keys);
        return CompletableFuture.supplyAsync(() -> rooms().stream().filter(r -> wanted.contains(r.key())).toList());
    }

    /**
     * Queues {@code event} for writing, in the order of calls. {@code committed}, when not null, runs on
     * the writer's thread once the group holding the event is committed (durability {@code sync} delivers
     * from there). Never blocks and never drops: past the queue's bound it only reports {@link #congested}.
     * The store keeps the room's row (created on its first event, topic and last sequence number) from the
     * events themselves.
     */
    void append(Event.RoomEvent event, Runnable committed);

    /** Queues a private message, kept for its conversation and readable only by its two parties. */
    void appendPrivate(Event.Private message);

    /**
     * Queues private client-only tags the sender asked to keep ({@link Event.Tagged#kept}), in their
     * conversation beside its messages; {@link #readConversation} gives them back, {@link #readPrivate} never.
     */
    void appendPrivateTags(Event.Tagged tags);

    /**
     * A room's events with {@code after < seq < before}, oldest first: the last {@code limit} of them when
     * {@code newest}, else the first {@code limit}. Sees every event appended before the call.
     */
    CompletableFuture<List<Event.RoomEvent>> read(String roomKey, long after, long before, int limit, boolean newest);

    /**
     * Where {@code time} (ms since the epoch) falls in a room's order: one more than the sequence number of
     * its last event before {@code time} (0 when none is held), so events from that number on are at or
     * after it. A room's times grow with its numbers (one clock, read under the room's lock), which lets
     * a time select by number ({@code read}).
     */
    CompletableFuture<Long> seqAt(String roomKey, long time);

    /** The last {@code limit} private messages between the two folded names sent before {@code beforeTime}, oldest first. */
    default CompletableFuture<List<Event.Private>> readPrivate(String keyA, String keyB, long beforeTime, int limit) {
        return readPrivate(keyA, keyB, Long.MIN_VALUE, beforeTime, limit, true);
    }

    /**
     * Private messages between the two folded names with {@code afterTime < time < beforeTime}, oldest
     * first: the last {@code limit} of them when {@code newest}, else the first {@code limit}.
     */
    CompletableFuture<List<Event.Private>> readPrivate(String keyA, String keyB, long afterTime, long beforeTime, int limit,
            boolean newest);

    /**
     * As {@link #readPrivate}, with the conversation's kept tags ({@link Event.Tagged}) among its messages
     * ({@link Event.Private}), in time order, all counted by {@code limit}: for a client that shows them.
     */
    CompletableFuture<List<Event>> readConversation(String keyA, String keyB, long afterTime, long beforeTime, int limit,
            boolean newest);

    /** Someone {@code key} exchanged private messages with ({@code other}, spelled as in the last) and when the last was sent. */
    record Correspondent(String other, long last) {}

    /**
     * Those the folded name {@code key} exchanged private messages with whose last message has
     * {@code afterTime < last < beforeTime}: the earliest {@code limit} by that last message.
     */
    CompletableFuture<List<Correspondent>> correspondents(String key, long afterTime, long beforeTime, int limit);

    /** True while the write queue is past its bound: the Hub then slows senders down. */
    boolean congested();

    /** Runs {@code r} once when the write queue is back under its bound (at once when it is already). */
    void whenUncongested(Runnable r);

    /** Writes everything queued, then releases the store. */
    @Override
    void close();
}
