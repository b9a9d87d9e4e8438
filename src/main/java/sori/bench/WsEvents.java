package sori.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Finds a top-level string field of the chat server's JSON events (docs/protocol.md) in place, in one
 * pass over a text frame's bytes: nested values are stepped over, escaped quotes are not taken for the
 * end of a string, and nothing is allocated (no tree, no String, no slice). It reads a plain array (the
 * bridge's per-loop copy of the frame), which the JIT turns into tight loops. A value is the raw content
 * of its JSON string, escapes left as they are: markers, names and rooms are plain ASCII, so that is
 * their text. One per connection: {@link #start} and {@link #end} hold the last value found.
 */
final class WsEvents {
    static final byte[] TYPE = ascii("type");
    static final byte[] TEXT = ascii("text");
    static final byte[] ROOM = ascii("room");
    static final byte[] SAID = ascii("said");
    static final byte[] PROMPT = ascii("prompt");
    static final byte[] WELCOME = ascii("welcome");
    static final byte[] ERROR = ascii("error");

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long QUOTES = 0x2222222222222222L;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** Where the last value found starts (after its opening quote). */
    int start;
    /** Where the last value found ends (at its closing quote). */
    int end;

    /**
     * True when the JSON object in {@code [from, to)} has a top-level field {@code key} whose value is
     * a string; its content is then {@code [start, end)}.
     */
    boolean find(byte[] buf, int from, int to, byte[] key) {
        int i = skipSpace(buf, from, to);
        if (i >= to || buf[i] != '{') {
            return false;
        }
        i++;
        int depth = 1;
        boolean keyNext = true;
        while (i < to) {
            byte b = buf[i];
            if (b == '"') {
                int close = stringEnd(buf, i + 1, to);
                if (close < 0) {
                    return false;
                }
                if (keyNext && depth == 1) {
                    keyNext = false;
                    if (equals(buf, i + 1, close, key)) {
                        return value(buf, close + 1, to);
                    }
                }
                i = close + 1;
                continue;
            }
            if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                if (--depth == 0) {
                    return false;
                }
            } else if (b == ',' && depth == 1) {
                keyNext = true;
            }
            i++;
        }
        return false;
    }

    /** True when the last value found is exactly {@code expected}. */
    boolean is(byte[] buf, byte[] expected) {
        return equals(buf, start, end, expected);
    }

    /** The last value found, as a String (for the rare messages a person reads). */
    String text(byte[] buf) {
        return new String(buf, start, end - start, StandardCharsets.UTF_8);
    }

    /** After a matching key: {@code : "..."} sets the value; anything but a string is no match. */
    private boolean value(byte[] buf, int from, int to) {
        int i = skipSpace(buf, from, to);
        if (i >= to || buf[i] != ':') {
            return false;
        }
        i = skipSpace(buf, i + 1, to);
        if (i >= to || buf[i] != '"') {
            return false;
        }
        int close = stringEnd(buf, i + 1, to);
        if (close < 0) {
            return false;
        }
        start = i + 1;
        end = close;
        return true;
    }

    /** The index of the quote that closes a string whose content starts at {@code from}, or -1. */
    static int stringEnd(byte[] buf, int from, int to) {
        for (int q = quote(buf, from, to); q >= 0; q = quote(buf, q + 1, to)) {
            int slashes = 0;
            for (int j = q - 1; j >= from && buf[j] == '\\'; j--) {
                slashes++;
            }
            if ((slashes & 1) == 0) {
                return q;
            }
        }
        return -1;
    }

    /**
     * The index of the first {@code "} in {@code [from, to)}, or -1; eight bytes a step. Most of an event
     * is the content of its strings, and this is where the time of reading one goes. A word XORed with
     * eight quotes has a zero byte where a quote was; the usual test for a zero byte may also flag a
     * byte above a real zero, never one below, so the lowest flag is the first quote.
     */
    static int quote(byte[] buf, int from, int to) {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long w = (long) LONGS.get(buf, i) ^ QUOTES;
            long zero = (w - ONES) & ~w & HIGHS;
            if (zero != 0) {
                return i + (Long.numberOfTrailingZeros(zero) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpace(byte[] buf, int from, int to) {
        int i = from;
        while (i < to) {
            byte b = buf[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    private static boolean equals(byte[] buf, int from, int to, byte[] expected) {
        if (to - from != expected.length) {
            return false;
        }
        for (int k = 0; k < expected.length; k++) {
            if (buf[from + k] != expected[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
