package sori.irc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Message ids ({@code msgid} tags) and batch references. A room event's id names its room and its
 * place in the room's order, so an id a client quotes back (CHATHISTORY, a reply tag) is found without
 * a table: {@code <seq>-<room as base64url>}. A private message has no place in a room: its id is
 * {@code p<millis>-<checksum of sender, recipient and text>}, made again the same from the stored message
 * (CHATHISTORY replays it under the id it was delivered with), and its time is what selects it again; kept
 * private tags are {@code p<millis>-t<checksum>} the same way, and unstored tags {@code p<millis>-u<n>}.
 */
final class IrcIds {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();
    private static final AtomicLong BATCH = new AtomicLong();
    private static final AtomicLong UNSTORED = new AtomicLong();

    private IrcIds() {
    }

    /** Where a room event's id points: its room and sequence number. */
    record RoomId(String room, long seq) {}

    /** Where a private message's id points: the time it was sent. */
    record PrivateId(long time) {}

    static String room(String room, long seq) {
        return seq + "-" + B64.encodeToString(room.getBytes(StandardCharsets.UTF_8));
    }

    /** The id of something sent at {@code time} that is never stored (TAGMSG): {@code p<millis>-u<n>}, unique in this process. */
    static String privateMessage(long time) {
        return "p" + time + "-u" + Long.toString(UNSTORED.incrementAndGet(), 36);
    }

    /**
     * The id of private message {@code p}, made again the same from what the store keeps of it (sender,
     * recipient, time, text), so that CHATHISTORY replays it under the id it was delivered with.
     */
    static String privateMessage(sori.chat.Event.Private p) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update((p.from() + '\0' + p.to() + '\0' + p.text()).getBytes(StandardCharsets.UTF_8));
        return "p" + p.time() + "-" + Long.toString(crc.getValue(), 36);
    }

    /**
     * The id of private tags kept in history ({@link sori.chat.Event.Tagged#kept}), made again the same from
     * what the store keeps (sender, recipient, time, tags), as {@link #privateMessage(sori.chat.Event.Private)}:
     * {@code p<millis>-t<checksum>}.
     */
    static String privateTags(sori.chat.Event.Tagged t) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        StringBuilder b = new StringBuilder().append(t.from()).append('\0').append(t.to());
        for (java.util.Map.Entry<String, String> e : t.meta().tags().entrySet()) {
            b.append('\0').append(e.getKey()).append('=').append(e.getValue() == null ? "" : e.getValue());
        }
        crc.update(b.toString().getBytes(StandardCharsets.UTF_8));
        return "p" + t.time() + "-t" + Long.toString(crc.getValue(), 36);
    }

    /** The id's room and sequence, or null when {@code msgid} is no room event's id of ours. */
    static RoomId parseRoom(String msgid) {
        int dash = msgid == null ? -1 : msgid.indexOf('-');
        if (dash <= 0 || msgid.charAt(0) == 'p') {
            return null;
        }
        try {
            long seq = Long.parseLong(msgid, 0, dash, 10);
            String room = new String(UNB64.decode(msgid.substring(dash + 1)), StandardCharsets.UTF_8);
            return seq < 0 || room.isEmpty() ? null : new RoomId(room, seq);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The id's time, or null when {@code msgid} is no private message's id of ours. */
    static PrivateId parsePrivate(String msgid) {
        int dash = msgid == null ? -1 : msgid.indexOf('-');
        if (dash <= 1 || msgid.charAt(0) != 'p') {
            return null;
        }
        try {
            return new PrivateId(Long.parseLong(msgid, 1, dash, 10));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A fresh batch reference, unique in this process (batches never outlive a connection). */
    static String batch() {
        return Long.toString(BATCH.incrementAndGet(), 36);
    }
}
