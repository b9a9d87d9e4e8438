package sori.chat;

import java.util.List;

/**
 * A room's recent events, in sequence order. The Hub calls it under the room's lock, so an
 * implementation need not be thread-safe, and must not block (a durable store queues its writes).
 */
public interface History {

    void add(Event.RoomEvent event);

    /** The last {@code n} events, oldest first. */
    List<Event.RoomEvent> last(int n);

    /** Events with a sequence number above {@code seq}, oldest first, at most {@code limit}. */
    List<Event.RoomEvent> since(long seq, int limit);

    /** Makes an empty history for a new room. */
    @FunctionalInterface
    interface Factory {
        History create(String room);
    }
}
