package sori.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sori.UserFacingException;
import sori.chat.Event;
import sori.chat.EventStore.RoomState;
import sori.chat.Names;
import sori.store.EventCodec;
import sori.store.Store;
import sori.store.StoreException;
import sori.store.StoreOptions;
import sori.store.Stores;

/** {@code sori export}: a room's history from the store, oldest first, while the server runs or not. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print a room's history from the store to stdout, oldest first. Works beside a running "
                + "server: it only reads.", ""},
        footer = {"", "Example:", "  sori export --room lobby --since 2026-11-01 --format text",
            "  sori export --room dev --store postgresql://sori@db:5432/sori > dev.jsonl"})
public final class ExportCommand implements Callable<Integer> {

    private static final int PAGE = 1000;
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    @Spec
    CommandSpec spec;

    @Option(names = "--room", paramLabel = "NAME", required = true, description = "The room to export.")
    String room;

    @Option(names = "--since", paramLabel = "DATE",
            description = "Only events from then on: 2026-11-29 or 2026-11-29T12:00, local time (default: all).")
    String since;

    @Option(names = "--format", paramLabel = "jsonl|text", defaultValue = "jsonl",
            description = "jsonl: one JSON object per line, as the WebSocket protocol sends events; text: one line "
                    + "per event for people (default: ${DEFAULT-VALUE}).")
    String format;

    @Mixin
    DataDirMixin dataDir;

    @Mixin
    StoreMixin store;

    @Override
    public Integer call() {
        StoreOptions options;
        long from;
        boolean text;
        try {
            options = store.options(0);
            from = since == null ? Long.MIN_VALUE : parseSince(since);
            text = switch (format) {
                case "jsonl" -> false;
                case "text" -> true;
                default -> throw new IllegalArgumentException("--format is jsonl or text, not '" + format + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Store s = Stores.openReadOnly(options)) {
            String key = Names.fold(Names.normalize(room));
            if (s.rooms().stream().map(RoomState::key).noneMatch(key::equals)) {
                throw new UserFacingException("no room " + room + " in " + s.describe());
            }
            long after = 0;
            while (true) {
                List<Event.RoomEvent> page = s.read(key, after, Long.MAX_VALUE, PAGE, false).join();
                for (Event.RoomEvent e : page) {
                    if (e.time() >= from) {
                        out.println(text ? line(e) : EventCodec.toJson(e));
                    }
                }
                if (page.size() < PAGE) {
                    break;
                }
                after = page.getLast().seq();
            }
        } catch (CompletionException e) {
            throw new UserFacingException(e.getCause().getMessage(), e.getCause());
        } catch (StoreException e) {
            throw new UserFacingException(e.getMessage(), e);
        } finally {
            out.flush();
        }
        return 0;
    }

    static long parseSince(String s) {
        try {
            LocalDateTime t = s.length() <= 10 ? LocalDate.parse(s).atStartOfDay() : LocalDateTime.parse(s.replace(' ', 'T'));
            return t.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since takes a date like 2026-11-29 or 2026-11-29T12:00, not '" + s + "'");
        }
    }

    /** One event for people: {@code 2026-11-29 12:00 [mina] hi}. */
    static String line(Event.RoomEvent e) {
        String when = MINUTE.format(Instant.ofEpochMilli(e.time()).atZone(ZoneId.systemDefault()));
        String what = switch (e) {
            case Event.Said s -> "[" + s.name() + "] " + s.text();
            case Event.Action a -> "* " + a.name() + " " + a.text();
            case Event.Joined j -> "* " + j.name() + " joined";
            case Event.Left l -> "* " + l.name() + " left (" + l.why().name().toLowerCase(Locale.ROOT)
                    + (l.reason() == null ? "" : ": " + l.reason()) + ")";
            case Event.Renamed r -> "* " + r.from() + " is now " + r.to();
            case Event.TopicSet t -> t.topic() == null ? "* " + t.name() + " cleared the topic"
                    : "* " + t.name() + " set the topic: " + t.topic();
            case Event.Moderated m -> "* " + m.name() + " " + m.action().name().toLowerCase(Locale.ROOT)
                    + (m.target() == null ? "" : " " + m.target()) + (m.detail() == null ? "" : " " + m.detail())
                    + (m.reason() == null ? "" : " (" + m.reason() + ")");
            case Event.KeptTags k -> "* " + k.name() + " sent tags " + k.meta().tags().keySet(); // a kept TAGMSG: no words
        };
        return when + " " + what;
    }
}
