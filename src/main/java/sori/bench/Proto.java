package sori.bench;

import java.util.Locale;

/** The chat protocol a generator speaks: the plain-text line port, the web port's WebSocket JSON, or IRC. */
public enum Proto {
    /** Plain-text lines on the chat port ({@code nc localhost 9999}). */
    LINE,
    /** {@code ws://host:port/ws} on the web port, one JSON object per text frame (docs/protocol.md). */
    WS,
    /** IRC on an IRC port ({@link IrcBridge}): sori's {@code --irc-port}, or any other IRC server. */
    IRC;

    /** {@code line}, {@code ws} or {@code irc}, as typed. */
    public static Proto of(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "line" -> LINE;
            case "ws" -> WS;
            case "irc" -> IRC;
            default -> throw new IllegalArgumentException("--proto must be line, ws or irc, not '" + name + "'");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
