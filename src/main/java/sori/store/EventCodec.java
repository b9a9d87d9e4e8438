package sori.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import sori.chat.Event;

/**
 * Room events to and from the store's generic columns: a {@code type} (the protocol's name for it,
 * {@code docs/protocol.md}), the actor's {@code name}, and the other fields as a JSON object. The one
 * place that knows every kind; an unknown type fails loudly rather than being skipped.
 */
public final class EventCodec {

    private static final JsonFactory JSON = new JsonFactory();

    private EventCodec() {}

    /** An event's columns beyond room, seq and time. */
    public record Columns(String type, String name, String data) {}

    public static Columns encode(Event.RoomEvent event) {
        return switch (event) {
            case Event.Joined e -> new Columns("joined", e.name(), e.account() == null ? object() : object("account", e.account()));
            case Event.Left e -> new Columns("left", e.name(),
                    object("why", e.why().name().toLowerCase(Locale.ROOT), "reason", e.reason()));
            case Event.Said e -> new Columns("said", e.name(), line(e.text(), e.meta()));
            case Event.Action e -> new Columns("action", e.name(), line(e.text(), e.meta()));
            case Event.Renamed e -> new Columns("renamed", e.from(), object("to", e.to()));
            case Event.TopicSet e -> new Columns("topic_set", e.name(), object("topic", e.topic()));
            case Event.Moderated e -> new Columns("moderated", e.name(), object("action",
                    e.action().name().toLowerCase(Locale.ROOT), "target", e.target(), "detail", e.detail(),
                    "reason", e.reason()));
            case Event.KeptTags e -> new Columns("tags", e.name(), tags(e.meta()));
        };
    }

    /** The event the columns were made from; {@code room} is the room's name. */
    public static Event.RoomEvent decode(String room, long seq, long time, String type, String name, String data) {
        return decode(room, seq, time, type, name, fields(data));
    }

    private static Event.RoomEvent decode(String room, long seq, long time, String type, String name,
            Map<String, String> f) {
        return switch (type) {
            case "joined" -> new Event.Joined(room, seq, time, name, f.get("account"));
            case "left" -> new Event.Left(room, seq, time, name, departure(f.get("why")), f.get("reason"));
            case "said" -> new Event.Said(room, seq, time, name, f.get("text"), meta(f));
            case "action" -> new Event.Action(room, seq, time, name, f.get("text"), meta(f));
            case "renamed" -> new Event.Renamed(room, seq, time, name, f.get("to"));
            case "topic_set" -> new Event.TopicSet(room, seq, time, name, f.get("topic"));
            case "moderated" -> new Event.Moderated(room, seq, time, name,
                    Event.ModAction.valueOf(f.get("action").toUpperCase(Locale.ROOT)), f.get("target"), f.get("detail"),
                    f.get("reason"));
            case "tags" -> new Event.KeptTags(room, seq, time, name, untags(f));
            default -> throw new IllegalStateException("unknown room event type '" + type + "' at " + room + "#" + seq
                    + ": written by a newer sori?");
        };
    }

    /** The event as the WebSocket protocol sends it: one JSON object, the same field names (and kept tags' {@code +} ones). */
    public static String toJson(Event.RoomEvent event) {
        Columns c = encode(event);
        StringWriter out = new StringWriter(96);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", c.type());
            g.writeStringField("room", event.room());
            g.writeNumberField("seq", event.seq());
            g.writeNumberField("time", event.time());
            g.writeStringField(event instanceof Event.Renamed ? "from" : "name", c.name());
            for (Map.Entry<String, String> e : fields(c.data()).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * The event for another node of a cluster: {@link #toJson} plus what a live line carries but the store
     * drops (a line's client-only tags under their {@code +} names, its {@code concat} offsets), so that
     * {@link #fromWire} gives back an event equal to this one but for its seq, which travels beside.
     */
    public static String toWire(Event.RoomEvent event) {
        String json = toJson(event);
        Event.Meta meta = switch (event) {
            case Event.Said e -> e.meta();
            case Event.Action e -> e.meta();
            default -> null;
        };
        if (meta == null || (meta.tags().isEmpty() && meta.concat() == null)) {
            return json;
        }
        StringBuilder b = new StringBuilder(json.length() + 32).append(json, 0, json.length() - 1);
        return clientOnly(b, meta).append('}').toString();
    }

    /** Appends the line's client-only tags and {@code concat} offsets as further fields, each after a comma. */
    private static StringBuilder clientOnly(StringBuilder b, Event.Meta meta) {
        for (Map.Entry<String, String> t : meta.tags().entrySet()) {
            b.append(',');
            quote(b, t.getKey());
            b.append(':');
            if (t.getValue() == null) {
                b.append("null");
            } else {
                quote(b, t.getValue());
            }
        }
        if (meta.concat() != null) {
            b.append(",\"concat\":");
            quote(b, meta.concat().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
        }
        return b;
    }

    /** The event {@link #toWire} (or {@link #toJson}) wrote, numbered {@code seq}. */
    public static Event.RoomEvent fromWire(long seq, String json) {
        Map<String, String> f = fields(json);
        String type = f.remove("type");
        String room = f.remove("room");
        f.remove("seq");
        long time = Long.parseLong(f.remove("time"));
        String name = "renamed".equals(type) ? f.remove("from") : f.remove("name");
        if (type == null || room == null) {
            throw new IllegalStateException("not a room event: " + json);
        }
        return decode(room, seq, time, type, name, f);
    }

    /**
     * A private message for another node of a cluster: its sender, recipient, time and line fields, with the
     * client-only tags and {@code concat} offsets as {@link #toWire} carries them, so that
     * {@link #privateFromWire} gives back an equal event (the receiving node shows the one the sender stored).
     */
    public static String privateToWire(Event.Private message) {
        String line = line(message.text(), message.meta());
        StringBuilder b = new StringBuilder(line.length() + 64).append("{\"type\":\"private\",\"from\":");
        quote(b, message.from());
        b.append(",\"to\":");
        quote(b, message.to());
        b.append(",\"time\":").append(message.time()).append(',').append(line, 1, line.length() - 1);
        Event.Meta meta = message.meta();
        return clientOnly(b, meta).append('}').toString();
    }

    /** The private message {@link #privateToWire} wrote. */
    public static Event.Private privateFromWire(String json) {
        Map<String, String> f = fields(json);
        if (!"private".equals(f.remove("type")) || f.get("from") == null || f.get("to") == null || f.get("time") == null) {
            throw new IllegalStateException("not a private message: " + json);
        }
        String from = f.remove("from");
        String to = f.remove("to");
        long time = Long.parseLong(f.remove("time"));
        return new Event.Private(from, to, time, f.get("text"), meta(f));
    }

    /**
     * A line's fields: its text, then its sender's {@code account} and {@code "kind": "notice"} only when
     * there are (so rows of guests' plain lines are as before); client-only tags are never stored.
     */
    private static String line(String text, Event.Meta meta) {
        if (meta.account() == null && !meta.notice()) {
            return object("text", text);
        }
        if (meta.account() == null) {
            return object("text", text, "kind", "notice");
        }
        return meta.notice() ? object("text", text, "account", meta.account(), "kind", "notice")
                : object("text", text, "account", meta.account());
    }

    /**
     * Kept tags' fields: the sender's {@code account} when there is one, then each client-only tag under its
     * own name (they all start with {@code +}, which no other field does), its value or null for none.
     */
    public static String tags(Event.Meta meta) {
        String[] kv = new String[(meta.account() == null ? 0 : 2) + 2 * meta.tags().size()];
        int i = 0;
        if (meta.account() != null) {
            kv[i++] = "account";
            kv[i++] = meta.account();
        }
        for (Map.Entry<String, String> t : meta.tags().entrySet()) {
            kv[i++] = t.getKey();
            kv[i++] = t.getValue();
        }
        return object(kv);
    }

    /** The meta of kept tags from their fields ({@link #tags}). */
    public static Event.Meta untags(String data) {
        return untags(fields(data));
    }

    private static Event.Meta untags(Map<String, String> f) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : f.entrySet()) {
            if (e.getKey().startsWith("+")) {
                tags.put(e.getKey(), e.getValue());
            }
        }
        return new Event.Meta(f.get("account"), false, tags);
    }

    private static Event.Meta meta(Map<String, String> f) {
        String account = f.get("account");
        boolean notice = "notice".equals(f.get("kind"));
        Map<String, String> tags = untags(f).tags(); // only from the wire: the store keeps none with a line
        String concat = f.get("concat");
        if (tags.isEmpty() && concat == null) {
            return account == null && !notice ? Event.Meta.NONE : new Event.Meta(account, notice, Map.of());
        }
        List<Integer> offsets = concat == null ? null : concat.isEmpty() ? List.of()
                : Arrays.stream(concat.split(",")).map(Integer::valueOf).toList();
        return new Event.Meta(account, notice, tags, offsets);
    }

    private static Event.Departure departure(String why) {
        if (why == null) {
            throw new IllegalStateException("a 'left' event without 'why'");
        }
        return Event.Departure.valueOf(why.toUpperCase(Locale.ROOT));
    }

    /**
     * A flat JSON object of string (or null) fields, in the order given: key, value, key, value... Written by
     * hand: the writer calls this for every event, and a generator per call costs more than the event.
     */
    private static String object(String... keyValues) {
        StringBuilder b = new StringBuilder(16 + keyValues.length * 16);
        b.append('{');
        for (int i = 0; i < keyValues.length; i += 2) {
            if (i > 0) {
                b.append(',');
            }
            quote(b, keyValues[i]);
            b.append(':');
            if (keyValues[i + 1] == null) {
                b.append("null");
            } else {
                quote(b, keyValues[i + 1]);
            }
        }
        return b.append('}').toString();
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** {@code s} as a JSON string: quotes, backslashes and control characters escaped, the rest as is. */
    static void quote(StringBuilder b, String s) {
        b.append('"');
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            b.append(s, start, i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append("\\u00").append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
            start = i + 1;
        }
        b.append(s, start, s.length()).append('"');
    }

    private static Map<String, String> fields(String data) {
        Map<String, String> out = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("event data is not a JSON object: " + data);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                out.put(key, v == JsonToken.VALUE_NULL ? null : p.getText());
            }
        } catch (IOException e) {
            throw new IllegalStateException("event data is not valid JSON: " + data, e);
        }
        return out;
    }
}
