package sori.chat;

import java.util.List;

/**
 * What the Hub needs to know, validated once.
 *
 * @param texts        the language users are spoken to in
 * @param firstRoom    the room everyone starts in
 * @param historySize  events each room keeps in memory
 * @param replayOnJoin events replayed to someone joining a room
 * @param maxLineBytes longest line a transport accepts (bytes of UTF-8); the one limit every transport applies
 * @param announceMax  rooms with more members than this stop announcing joins and leaves; 0 always announces
 * @param admins       the accounts that administer the server ({@code --admin}): operators everywhere, and
 *                     {@code /kill} and {@code /sban}; a guest with one of these names is none of that
 */
public record ChatConfig(Texts texts, String firstRoom, int historySize, int replayOnJoin, int maxLineBytes,
        int announceMax, List<String> admins) {

    /** The room everyone starts in. */
    public static final String FIRST_ROOM = "lobby";
    /** Events kept per room. */
    public static final int HISTORY_SIZE = 1000;
    /** Events replayed on join. */
    public static final int REPLAY_ON_JOIN = 20;
    /** Longest accepted line, in bytes: 8 KiB, like Netty's own examples and most IRC servers' sendq lines. */
    public static final int MAX_LINE_BYTES = 8192;
    /**
     * Members above which a room goes quiet about joins and leaves (like IRC's auditorium mode):
     * announcing each of N joins to everyone costs N²/2 lines, 112 million for 15 000 people.
     */
    public static final int ANNOUNCE_MAX = 1000;

    public ChatConfig {
        if (texts == null) {
            throw new IllegalArgumentException("texts must be given");
        }
        if (Names.problem(firstRoom) != null) {
            throw new IllegalArgumentException("first room '" + firstRoom + "' is not a valid room name");
        }
        if (historySize < 0) {
            throw new IllegalArgumentException("history size must be 0 or more, not " + historySize);
        }
        if (replayOnJoin < 0 || replayOnJoin > historySize) {
            throw new IllegalArgumentException("replay on join must be between 0 and the history size ("
                    + historySize + "), not " + replayOnJoin);
        }
        if (maxLineBytes < 64 || maxLineBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("line limit must be between 64 bytes and 16 MiB, not " + maxLineBytes);
        }
        if (announceMax < 0) {
            throw new IllegalArgumentException("announce limit must be 0 or more, not " + announceMax);
        }
        admins = admins == null ? List.of() : List.copyOf(admins);
        for (String a : admins) {
            if (Names.problem(Names.normalize(a)) != null) {
                throw new IllegalArgumentException("admin '" + a + "' is not a valid name");
            }
        }
    }

    /** Every setting but the administrators: none. */
    public ChatConfig(Texts texts, String firstRoom, int historySize, int replayOnJoin, int maxLineBytes,
            int announceMax) {
        this(texts, firstRoom, historySize, replayOnJoin, maxLineBytes, announceMax, List.of());
    }

    /** The same, administered by the accounts {@code names}. */
    public ChatConfig withAdmins(List<String> names) {
        return new ChatConfig(texts, firstRoom, historySize, replayOnJoin, maxLineBytes, announceMax, names);
    }

    /** Every setting but the announce limit, which takes its default. */
    public ChatConfig(Texts texts, String firstRoom, int historySize, int replayOnJoin, int maxLineBytes) {
        this(texts, firstRoom, historySize, replayOnJoin, maxLineBytes, ANNOUNCE_MAX);
    }

    /** True when a room of {@code members} people announces joins and leaves. */
    public boolean announces(int members) {
        return announceMax == 0 || members <= announceMax;
    }

    /** English, every other setting at its default. */
    public static ChatConfig defaults() {
        return new ChatConfig(Texts.forLanguage("en"), FIRST_ROOM, HISTORY_SIZE, REPLAY_ON_JOIN, MAX_LINE_BYTES);
    }
}
