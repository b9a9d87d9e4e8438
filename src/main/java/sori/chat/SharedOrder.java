package sori.chat;

/**
 * A room order kept outside this process (a cluster: Redis numbers a room's events and every node
 * follows the room's stream). Without one, a room numbers its events itself with its {@link Sequencer},
 * under its lock, and posts them at once; with one, a room hands each event over unnumbered (seq 0) and
 * delivers nothing until the order gives it back numbered through {@link Hub#ordered}, on every node
 * alike, so all nodes show one order.
 *
 * <p>The contract with the other side: {@link Hub#ordered} is called for each room in sequence order,
 * one at a time, with no gaps and no duplicates, for this node's events and every other node's. Filling
 * gaps, dropping duplicates and putting late arrivals back in order are the order's job, not the room's.
 * The event given back must equal the one appended but for its number ({@link Event.RoomEvent#withSeq}):
 * that is how the appending node knows its own event (to store it and to tell a sender from outside).
 */
public interface SharedOrder {

    /**
     * Appends {@code event} (numbered 0) to the order of the room {@code roomKey} (a folded name). Called
     * under the room's lock: it must not block, nor call back into the Hub on this thread. When the
     * order cannot take it (the cluster is unavailable), it calls {@code refused} once, from any thread,
     * and never gives the event back. {@code delivered} is the last seq the room has shown on this node (its
     * stored seq when it was just loaded): the order numbers nothing at or below it, so an order that has never
     * seen the room (a new cluster on an old store, or one that lost its data) goes on after the store's events.
     */
    void append(String roomKey, long delivered, Event.RoomEvent event, Runnable refused);

    /**
     * The rooms that have members on any node, by folded name, each with its member count across the nodes:
     * what {@code /rooms} (and IRC's LIST) lists beyond the rooms open here. Must not block; completes on any
     * thread. Fails when the order cannot tell now (the cluster is unavailable), and by default: the caller then
     * lists this node's rooms only.
     */
    default java.util.concurrent.CompletionStage<java.util.Map<String, Integer>> occupied() {
        return java.util.concurrent.CompletableFuture.failedFuture(
                new UnsupportedOperationException("this order lists no rooms"));
    }

    /**
     * The members of the room {@code roomKey} on every node, by name, empty when it has none: for {@code /who}
     * and NAMES of a room open only elsewhere. Must not block; completes on any thread. Fails when the order
     * cannot tell now, and by default.
     */
    default java.util.concurrent.CompletionStage<java.util.Collection<String>> members(String roomKey) {
        return java.util.concurrent.CompletableFuture.failedFuture(
                new UnsupportedOperationException("this order lists no members"));
    }
}
