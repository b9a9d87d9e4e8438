package sori.web;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import sori.chat.ChatCommand;
import sori.chat.Event;
import sori.chat.Hub;
import sori.chat.Texts;

/**
 * The WebSocket protocol's JSON, both ways, with no channel and no buffer: {@link Event}s to one JSON
 * object each, and a client's JSON object to a {@link Request}. Shared by every connection; see
 * {@code docs/protocol.md} for the messages.
 */
public final class WebCodec {

    /** {@link sori.chat.Delivery} slot of an event's JSON form (the line transport has 0 and 1). */
    public static final int SLOT = 2;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** Marks a field whose value was an object or array: never valid where a known field is expected. */
    private static final Object NESTED = new Object();

    private final Texts texts;

    /** @param texts the language of the texts it writes (notices, errors, {@code help}); a transport keeps one per language */
    public WebCodec(Texts texts) {
        this.texts = texts;
    }

    // ---- client to server ----

    /** What a client asked for, checked for shape; the Hub checks the meaning. */
    public sealed interface Request {}

    /** A first name, before any other request but {@code help} and {@code quit}. */
    public record Name(String name) implements Request {}

    /** Text said in {@code room}, or in the current room when {@code room} is null. */
    public record Say(String room, String text) implements Request {}

    /** A line as a plain-protocol client would type it, {@code /commands} included. */
    public record Line(String line) implements Request {}

    /**
     * A chat command with its arguments: {@code join}, {@code part}, {@code msg}, {@code me},
     * {@code nick}, {@code topic}, {@code who}, {@code rooms}, {@code help}, {@code quit}, and
     * {@code history} with a count.
     */
    public record Command(ChatCommand command, List<String> args) implements Request {}

    /**
     * Past events of {@code room} (null: the current room): the last {@code count}, the {@code count}
     * before {@code seq}, or those after {@code seq} (a reconnect catching up). {@code count} 0 is the
     * server's default.
     */
    public record History(String room, Hub.HistoryKind kind, long seq, int count) implements Request {}

    /** Not a request we understand; {@code reason} says why, for the {@code bad_request} error. */
    public record Invalid(String reason) implements Request {}

    /** Parses one text frame's payload (UTF-8 JSON); never throws, an unusable frame is {@link Invalid}. */
    public Request parse(byte[] json) {
        Map<String, Object> fields;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new Invalid("expected a JSON object");
            }
            fields = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (t) {
                    case VALUE_STRING -> fields.put(field, wellFormed(p.getText()));
                    case VALUE_NUMBER_INT -> fields.put(field, p.getNumberValue());
                    case VALUE_NULL -> { }
                    case START_OBJECT, START_ARRAY -> {
                        p.skipChildren();
                        fields.put(field, NESTED);
                    }
                    case VALUE_NUMBER_FLOAT -> fields.put(field, p.getNumberValue());
                    default -> fields.put(field, t == JsonToken.VALUE_TRUE); // booleans: never a valid field
                }
            }
            if (p.nextToken() != null) {
                return new Invalid("expected one JSON object, found more after it");
            }
        } catch (IOException e) {
            return new Invalid("bad JSON: " + firstLine(e.getMessage()));
        }
        Object type = fields.get("type");
        if (!(type instanceof String t)) {
            return new Invalid("missing \"type\" (a string)");
        }
        try {
            return request(t, new Fields(fields));
        } catch (IllegalArgumentException e) {
            return new Invalid(e.getMessage());
        }
    }

    private static Request request(String type, Fields f) {
        return switch (type) {
            case "name" -> new Name(f.required("name"));
            case "say" -> new Say(f.optional("room"), f.required("text"));
            case "command" -> new Line(f.required("line"));
            case "join" -> command(ChatCommand.JOIN, f.required("room"), f.optional("key"));
            case "part" -> command(ChatCommand.PART, f.optional("room"));
            case "msg" -> command(ChatCommand.MSG, f.required("to"), f.required("text"));
            case "me" -> command(ChatCommand.ME, f.required("text"));
            case "nick" -> command(ChatCommand.NICK, f.required("name"));
            case "topic" -> command(ChatCommand.TOPIC, f.optional("text"));
            case "who" -> command(ChatCommand.WHO, f.optional("room"));
            case "rooms" -> command(ChatCommand.ROOMS);
            case "help" -> command(ChatCommand.HELP);
            case "quit" -> command(ChatCommand.QUIT, f.optional("reason"));
            case "history" -> history(f);
            default -> new Invalid("unknown type \"" + type + "\"");
        };
    }

    private static Request history(Fields f) {
        if (f.has("since") && f.has("before")) {
            return new Invalid("\"history\" takes \"since\" or \"before\", not both");
        }
        Hub.HistoryKind kind = f.has("since") ? Hub.HistoryKind.SINCE
                : f.has("before") ? Hub.HistoryKind.BEFORE : Hub.HistoryKind.LAST;
        long seq = switch (kind) {
            case SINCE -> f.number("since");
            case BEFORE -> f.number("before");
            case LAST -> 0;
        };
        long count = f.has("count") ? f.number("count") : 0;
        // Out-of-range counts go to the Hub as they are (clamped to int), which says what is allowed.
        return new History(f.optional("room"), kind, seq, (int) Math.max(-1, Math.min(Integer.MAX_VALUE, count)));
    }

    /** A command with the given arguments; trailing nulls (absent optional fields) are dropped. */
    private static Command command(ChatCommand c, String... args) {
        int n = args.length;
        while (n > 0 && args[n - 1] == null) {
            n--;
        }
        return new Command(c, List.copyOf(Arrays.asList(args).subList(0, n)));
    }

    /** The fields of one request, read with their expected types. */
    private record Fields(Map<String, Object> map) {

        boolean has(String name) {
            return map.containsKey(name);
        }

        String required(String name) {
            String s = optional(name);
            if (s == null) {
                throw new IllegalArgumentException("missing \"" + name + "\" (a string)");
            }
            return s;
        }

        /** The string, or null when absent or blank (blank optional fields mean "not given"). */
        String optional(String name) {
            Object v = map.get(name);
            if (v == null) {
                return null;
            }
            if (!(v instanceof String s)) {
                throw new IllegalArgumentException("\"" + name + "\" must be a string");
            }
            return s.isBlank() && !name.equals("text") && !name.equals("line") ? null : s;
        }

        long number(String name) {
            if (!(map.get(name) instanceof Number n) || n.longValue() < 0 || !(n instanceof Integer || n instanceof Long)) {
                throw new IllegalArgumentException("\"" + name + "\" must be a whole number, 0 or more");
            }
            return n.longValue();
        }
    }

    // ---- server to client ----

    /**
     * True when {@code e}'s JSON is the same in every language (it carries data, no text of ours): then
     * one encoding serves every session. Only notices, errors, goodbyes and help carry texts.
     */
    public static boolean sameInEvery(Event e) {
        return !(e instanceof Event.Notice || e instanceof Event.Failure || e instanceof Event.Goodbye
                || e instanceof Event.Help);
    }

    /** The JSON of {@code e} as UTF-8: one object with a {@code type}. */
    public byte[] encode(Event e) {
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            write(g, e);
        } catch (IOException x) {
            throw new UncheckedIOException(x); // cannot happen: the sink is memory
        }
        return out.toByteArray();
    }

    private void write(JsonGenerator g, Event e) throws IOException {
        g.writeStartObject();
        switch (e) {
            case Event.RoomEvent re -> roomEvent(g, re);
            case Event.Replayed r -> {
                g.writeStringField("type", "replayed");
                g.writeFieldName("event");
                write(g, r.event());
            }
            case Event.Prompt p -> g.writeStringField("type", "prompt");
            case Event.PasswordPrompt p -> {
                g.writeStringField("type", "password");
                g.writeStringField("name", p.name());
            }
            case Event.Welcome w -> {
                g.writeStringField("type", "welcome");
                g.writeStringField("name", w.name());
                g.writeStringField("room", w.room());
                strings(g, "members", w.members());
                g.writeNumberField("count", w.count());
            }
            case Event.Attached a -> {
                g.writeStringField("type", "attached");
                g.writeStringField("name", a.name());
                strings(g, "rooms", a.rooms());
                g.writeNumberField("connections", a.connections());
            }
            case Event.SignedIn a -> {
                g.writeStringField("type", "account");
                g.writeStringField("name", a.name());
            }
            case Event.AccountChanged a -> { // never posted to the web (Session.hearsAccounts)
                g.writeStringField("type", "account_changed");
                g.writeStringField("name", a.name());
                g.writeStringField("account", a.account());
            }
            case Event.Private p -> {
                g.writeStringField("type", "private");
                g.writeStringField("from", p.from());
                g.writeStringField("to", p.to());
                g.writeNumberField("time", p.time());
                g.writeStringField("text", p.text());
                notice(g, p.meta());
            }
            case Event.Tagged t -> {
                // Never posted to a browser (WebSession takes no tags); written for completeness.
                g.writeStringField("type", "tagged");
                g.writeStringField("from", t.from());
                g.writeStringField("room", t.room());
                g.writeStringField("to", t.to());
            }
            case Event.Who w -> {
                g.writeStringField("type", "who");
                g.writeStringField("room", w.room());
                g.writeStringField("topic", w.topic());
                strings(g, "members", w.members());
                strings(g, "ops", w.ops());
                strings(g, "voiced", w.voiced());
            }
            case Event.Rooms r -> {
                g.writeStringField("type", "rooms");
                g.writeArrayFieldStart("rooms");
                for (Event.RoomInfo info : r.rooms()) {
                    g.writeStartObject();
                    g.writeStringField("name", info.name());
                    g.writeNumberField("members", info.members());
                    g.writeStringField("topic", info.topic());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case Event.Help h -> {
                g.writeStringField("type", "help");
                g.writeArrayFieldStart("commands");
                for (ChatCommand c : h.commands()) {
                    g.writeStartObject();
                    g.writeStringField("name", c.word());
                    g.writeStringField("usage", texts.usage(c.usage()));
                    g.writeStringField("text", texts.get(c.descriptionKey()));
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case Event.Switched s -> {
                g.writeStringField("type", "switched");
                g.writeStringField("room", s.room());
                g.writeBooleanField("announce", s.announce());
            }
            case Event.Topic t -> {
                g.writeStringField("type", "topic");
                g.writeStringField("room", t.room());
                g.writeStringField("topic", t.topic());
            }
            case Event.HistoryEnd h -> {
                g.writeStringField("type", "history_end");
                g.writeStringField("room", h.room());
                g.writeNumberField("count", h.count());
                g.writeNumberField("first", h.first());
                g.writeBooleanField("more", h.more());
            }
            case Event.Notice n -> {
                g.writeStringField("type", "notice");
                g.writeStringField("text", texts.get(n.key(), n.args()));
            }
            case Event.Failure f -> {
                g.writeStringField("type", "error");
                g.writeStringField("code", f.code());
                g.writeStringField("text", texts.failure(f));
            }
            case Event.Goodbye b -> {
                g.writeStringField("type", "goodbye");
                g.writeStringField("text", texts.get(b.key(), b.args()));
            }
        }
        g.writeEndObject();
    }

    private static void roomEvent(JsonGenerator g, Event.RoomEvent e) throws IOException {
        String type = switch (e) {
            case Event.Joined j -> "joined";
            case Event.Left l -> "left";
            case Event.Said s -> "said";
            case Event.Action a -> "action";
            case Event.Renamed r -> "renamed";
            case Event.TopicSet t -> "topic_set";
            case Event.Moderated m -> "moderated";
            case Event.KeptTags k -> "tags"; // never posted to a browser (WebSession takes no tags)
        };
        g.writeStringField("type", type);
        g.writeStringField("room", e.room());
        g.writeNumberField("seq", e.seq());
        g.writeNumberField("time", e.time());
        switch (e) {
            case Event.Joined j -> g.writeStringField("name", j.name());
            case Event.Left l -> {
                g.writeStringField("name", l.name());
                g.writeStringField("why", l.why().name().toLowerCase(Locale.ROOT));
                if (l.reason() != null) {
                    g.writeStringField("reason", l.reason());
                }
            }
            case Event.Said s -> {
                g.writeStringField("name", s.name());
                g.writeStringField("text", s.text());
                notice(g, s.meta());
            }
            case Event.Action a -> {
                g.writeStringField("name", a.name());
                g.writeStringField("text", a.text());
            }
            case Event.Renamed r -> {
                g.writeStringField("from", r.from());
                g.writeStringField("to", r.to());
            }
            case Event.TopicSet t -> {
                g.writeStringField("name", t.name());
                g.writeStringField("topic", t.topic());
            }
            case Event.Moderated m -> {
                g.writeStringField("name", m.name());
                g.writeStringField("action", m.action().name().toLowerCase(Locale.ROOT));
                optional(g, "target", m.target());
                optional(g, "detail", m.detail());
                optional(g, "reason", m.reason());
            }
            case Event.KeptTags k -> g.writeStringField("name", k.name());
        }
    }

    private static void optional(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /**
     * {@code s} with every lone surrogate (a JSON escape such as {@code \udc00} with no partner)
     * replaced by U+FFFD, as bad UTF-8 is on the plain port: nothing passed on can fail to encode.
     */
    static String wellFormed(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (b != null) {
                    b.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (b == null) {
                    b = new StringBuilder(s.length()).append(s, 0, i);
                }
                b.append('\uFFFD');
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** {@code "kind": "notice"} on a line sent as a notice (IRC's NOTICE); nothing on a plain line. */
    private static void notice(JsonGenerator g, Event.Meta meta) throws IOException {
        if (meta.notice()) {
            g.writeStringField("kind", "notice");
        }
    }
}
