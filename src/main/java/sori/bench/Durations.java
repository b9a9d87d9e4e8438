package sori.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them: {@code 500ms}, {@code 10s}, {@code 1m}, {@code 1.5s}, {@code 2h}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private Durations() {}

    /** Parses a duration; a bare number means seconds. */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing duration");
        }
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 500ms, 10s, 1m)");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> value;
            case "s" -> value * 1_000;
            case "m" -> value * 60_000;
            default -> value * 3_600_000;
        };
        if (millis > Duration.ofDays(1).toMillis()) {
            throw new IllegalArgumentException("'" + text + "' is longer than a day");
        }
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    /** The shortest of the accepted forms that says the same, e.g. {@code 2s} or {@code 500ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }
}
