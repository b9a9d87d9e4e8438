package sori.chat;

/**
 * The port a transport implements: one per connection. The Hub never writes to a connection itself;
 * it posts events to the session's {@link Mailbox}, which delivers them in the order posted.
 */
public interface Session {

    /** Where this session's events are queued; sessions sharing one are written in one batch. */
    Mailbox mailbox();

    /** Who is on the other end, for logs ("127.0.0.1:51234"). */
    String remote();

    /** Which transport, for the who-list and logs ("tcp", "web"). */
    String kind();

    /**
     * True when this session wants {@code e}, for events only some transports show ({@link Event.Tagged},
     * {@link Event.KeptTags}: tags without text, which a terminal or a browser would show as nothing). Asked
     * of live events and of each replayed one.
     */
    default boolean takes(Event e) {
        return !(e instanceof Event.Tagged || e instanceof Event.KeptTags);
    }

    /**
     * True when a name, once accepted, also enters the first room (plain text, web); false for a
     * protocol whose clients join rooms themselves (IRC), which then gets a {@link Event.Welcome} with
     * no room.
     */
    default boolean entersFirstRoom() {
        return true;
    }

    /**
     * Stops reading this connection's input for now (the store is behind); true when it did and a
     * {@link #resumeReading} will follow, false when this transport cannot or already paused.
     */
    default boolean pauseReading() {
        return false;
    }

    /**
     * True when this transport shows other people's sign-ins and sign-outs ({@link Event.AccountChanged}, IRC's
     * {@code account-notify}); the Hub posts them to such sessions only.
     */
    default boolean hearsAccounts() {
        return false;
    }

    /** Reads input again after {@link #pauseReading}. */
    default void resumeReading() {}
}
