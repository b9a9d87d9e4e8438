package sori.bench;

import java.util.Locale;

/** The chat protocol a generator speaks: the plain-text line port, or the web port's WebSocket JSON. */
public enum Proto {
    /** Plain-text lines on the chat port ({@code nc localhost 9999}). */
    LINE,
    /** {@code ws://host:port/ws} on the web port, one JSON object per text frame (docs/protocol.md). */
    WS;

    /** {@code line} or {@code ws}, as typed. */
    public static Proto of(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "line" -> LINE;
            case "ws" -> WS;
            default -> throw new IllegalArgumentException("--proto must be line or ws, not '" + name + "'");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
