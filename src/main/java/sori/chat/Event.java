package sori.chat;

import java.util.List;

/**
 * Everything the Hub tells a session, as immutable records. Room events carry the room's sequence
 * number; the rest go to one session. A transport renders each of these in its own wire format.
 */
public sealed interface Event {

    /** An event in a room's total order: every member sees these in {@code seq} order, no gaps. */
    sealed interface RoomEvent extends Event {
        String room();

        long seq();

        /** Milliseconds since the epoch, from the Hub's clock. */
        long time();
    }

    record Joined(String room, long seq, long time, String name) implements RoomEvent {}

    /** {@code reason} is null for a plain part or quit without words. */
    record Left(String room, long seq, long time, String name, Departure why, String reason) implements RoomEvent {}

    record Said(String room, long seq, long time, String name, String text) implements RoomEvent {}

    record Action(String room, long seq, long time, String name, String text) implements RoomEvent {}

    record Renamed(String room, long seq, long time, String from, String to) implements RoomEvent {}

    record TopicSet(String room, long seq, long time, String name, String topic) implements RoomEvent {}

    /** A past room event sent again (on join, {@code /history}, or a reconnect catching up). */
    record Replayed(RoomEvent event) implements Event {}

    /** Asks for a name; the plain protocol shows the prompt with no newline after it. */
    record Prompt() implements Event {}

    /**
     * The name was accepted: who is in the first room ({@code members} may list only the first of
     * them in a very large room; {@code count} is how many there are), and where to get help.
     */
    record Welcome(String name, String room, List<String> members, int count) implements Event {}

    record Private(String from, String to, long time, String text) implements Event {}

    record Who(String room, String topic, List<String> members) implements Event {}

    record RoomInfo(String name, int members, String topic) {}

    record Rooms(List<RoomInfo> rooms) implements Event {}

    record Help(List<ChatCommand> commands) implements Event {}

    /**
     * The user's current room changed; null when in no room. Posted in order with room events, so a
     * transport can tell, for each event, which room the user was talking in. {@code announce} is
     * false when a join notice already says it.
     */
    record Switched(String room, boolean announce) implements Event {}

    /** Topic of a room, as asked for with {@code /topic}; null topic when none is set. */
    record Topic(String room, String topic) implements Event {}

    /** A plain notice in the server's language (already rendered by {@link Texts}). */
    record Notice(String text) implements Event {}

    /** Something the user did was refused; {@code code} is stable, {@code text} is for people. */
    record Failure(String code, String text) implements Event {}

    /** Last words before the transport closes the connection; nothing follows it. */
    record Goodbye(String text) implements Event {}

    /** Why someone left a room. */
    enum Departure {
        PART,
        QUIT,
        DISCONNECTED,
        KICKED_SLOW,
        SHUTDOWN,
        /** Disconnected for sending faster than flood control allows. */
        FLOOD,
        /** Disconnected for not answering in time (keepalives, pings). */
        TIMEOUT
    }
}
