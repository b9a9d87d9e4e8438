package sori.chat;

/**
 * A transport's delivery queue, typically one per event loop and wire format. The Hub calls
 * {@link #post} while holding a room's lock, so an implementation must only enqueue (no I/O, no
 * blocking) and must deliver posts in the order they were made: that is what keeps every member's
 * view of a room in sequence order.
 */
public interface Mailbox {

    /**
     * Queues {@code delivery} for each of {@code to}, all of which belong to this mailbox. The array
     * is shared and must not be modified.
     */
    void post(Delivery delivery, Session[] to);
}
