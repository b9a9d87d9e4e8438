package sori.chat;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a ban or a mute lasts, as typed: a whole number and a unit, {@code 30s}, {@code 10m},
 * {@code 2h}, {@code 7d} or {@code 4w}. (The bench's durations take fractions and milliseconds for
 * timings; these are for people, and the chat may not depend on the bench.)
 */
final class TimeSpan {

    private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,5})([smhdw])");
    /** Ten years: longer than that is forever, given as no duration. */
    private static final long MAX_MILLIS = 10L * 365 * 86_400_000L;

    private TimeSpan() {}

    /** The milliseconds {@code text} says, or -1 when it is not a duration. */
    static long millis(String text) {
        Matcher m = FORM.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return -1;
        }
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            default -> 7 * 86_400_000L;
        };
        long ms = n * unit;
        return ms > MAX_MILLIS ? -1 : ms;
    }
}
