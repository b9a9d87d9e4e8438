package sori.irc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One IRC message (modern IRC, with IRCv3 tags): {@code @tags :source COMMAND params :trailing}. Pure:
 * {@link #parse} reads a line without its line end, {@link #format} writes one; both are tested on
 * their own. Limits are those of the spec: 512 bytes for the message with its line end, and 8191 more
 * for the tags with their {@code @} and the space after them.
 *
 * @param tags    tag values unescaped, in the order sent; a tag without a value maps to {@code ""}
 * @param source  the prefix without its colon, or null
 * @param command upper-cased word, or three digits
 * @param params  middle parameters and the trailing one last (without its colon)
 */
public record IrcMessage(Map<String, String> tags, String source, String command, List<String> params) {

    /** Bytes of a message without its tags, line end included. */
    public static final int MAX_BYTES = 512;
    /** Bytes of the tag section, with its {@code @} and the space after it. */
    public static final int MAX_TAG_BYTES = 8191;
    /** Bytes a line may have before the framer drops it: both limits, without the line end. */
    public static final int MAX_LINE_BYTES = MAX_TAG_BYTES + MAX_BYTES - 2;
    /** Most parameters a message may have (the 15th takes the rest, as a trailing one). */
    public static final int MAX_PARAMS = 15;

    public IrcMessage {
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        params = List.copyOf(params);
    }

    /** A message from {@code source} (null: none) with no tags. */
    public static IrcMessage of(String source, String command, String... params) {
        return new IrcMessage(Map.of(), source, command, List.of(params));
    }

    /** The {@code i}th parameter, or null when there are fewer. */
    public String param(int i) {
        return i < params.size() ? params.get(i) : null;
    }

    /**
     * True when {@code line} (without its line end) is over a limit: its tags past {@link #MAX_TAG_BYTES},
     * or the rest past {@link #MAX_BYTES} with the line end.
     */
    public static boolean tooLong(String line) {
        int rest = 0;
        if (line.startsWith("@")) {
            int space = line.indexOf(' ');
            int tagEnd = space < 0 ? line.length() : space;
            // The tags, their '@' and the one space after them.
            if (utf8Length(line, 0, tagEnd) + 1 > MAX_TAG_BYTES) {
                return true;
            }
            rest = space < 0 ? line.length() : skipSpaces(line, space);
        }
        return utf8Length(line, rest, line.length()) + 2 > MAX_BYTES;
    }

    /** Bytes of a client's tags, without their {@code @} and the space after them (message-tags). */
    public static final int MAX_CLIENT_TAG_BYTES = 4094;

    /**
     * True when {@code line}, from a client, has more tag data than a client may send: the rest of the
     * 8191 is the server's, for the tags it adds.
     */
    public static boolean clientTagsTooLong(String line) {
        if (!line.startsWith("@")) {
            return false;
        }
        int space = line.indexOf(' ');
        return utf8Length(line, 1, space < 0 ? line.length() : space) > MAX_CLIENT_TAG_BYTES;
    }

    /**
     * Reads one line (without its line end); null when it holds no command (blank, or only tags and a
     * source). Never throws: anything is some message or nothing.
     */
    public static IrcMessage parse(String line) {
        int i = 0;
        int n = line.length();
        Map<String, String> tags = Map.of();
        if (i < n && line.charAt(i) == '@') {
            int end = line.indexOf(' ', i);
            if (end < 0) {
                return null;
            }
            tags = parseTags(line.substring(i + 1, end));
            i = skipSpaces(line, end);
        }
        String source = null;
        if (i < n && line.charAt(i) == ':') {
            int end = line.indexOf(' ', i);
            if (end < 0) {
                return null;
            }
            source = line.substring(i + 1, end);
            i = skipSpaces(line, end);
        }
        int end = line.indexOf(' ', i);
        if (end < 0) {
            end = n;
        }
        String command = line.substring(i, end).toUpperCase(Locale.ROOT);
        if (command.isEmpty()) {
            return null;
        }
        i = skipSpaces(line, end);
        List<String> params = new ArrayList<>();
        while (i < n) {
            if (line.charAt(i) == ':' || params.size() == MAX_PARAMS - 1) {
                params.add(line.charAt(i) == ':' ? line.substring(i + 1) : line.substring(i));
                break;
            }
            end = line.indexOf(' ', i);
            if (end < 0) {
                end = n;
            }
            params.add(line.substring(i, end));
            i = skipSpaces(line, end);
        }
        return new IrcMessage(tags, source, command, params);
    }

    private static Map<String, String> parseTags(String s) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : s.split(";")) {
            if (tag.isEmpty()) {
                continue;
            }
            int eq = tag.indexOf('=');
            String key = eq < 0 ? tag : tag.substring(0, eq);
            if (key.isEmpty()) {
                continue;
            }
            // A later duplicate wins, as the spec says.
            tags.put(key, eq < 0 ? "" : unescape(tag.substring(eq + 1)));
        }
        return tags;
    }

    /** A tag value as sent: {@code \:} is {@code ;}, {@code \s} a space, {@code \\} a backslash, {@code \r} {@code \n}. */
    static String unescape(String v) {
        if (v.indexOf('\\') < 0) {
            return v;
        }
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (++i == v.length()) {
                break; // a lone backslash at the end is dropped
            }
            char e = v.charAt(i);
            b.append(switch (e) {
                case ':' -> ';';
                case 's' -> ' ';
                case 'r' -> '\r';
                case 'n' -> '\n';
                default -> e; // "\\" and any other escaped character stand for themselves
            });
        }
        return b.toString();
    }

    static String escape(String v) {
        StringBuilder b = new StringBuilder(v.length() + 8);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case ';' -> b.append("\\:");
                case ' ' -> b.append("\\s");
                case '\\' -> b.append("\\\\");
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * The line to send, without its line end. The last parameter is written as a trailing one when it
     * must be (empty, with a space, or starting with a colon) or when {@code trailing} asks for it.
     * Parameters must hold no CR, LF or NUL, and only the last one may hold spaces or start with a colon.
     */
    public String format(boolean trailing) {
        StringBuilder b = new StringBuilder(64);
        if (!tags.isEmpty()) {
            b.append('@');
            boolean first = true;
            for (Map.Entry<String, String> t : tags.entrySet()) {
                if (!first) {
                    b.append(';');
                }
                first = false;
                b.append(t.getKey());
                if (!t.getValue().isEmpty()) {
                    b.append('=').append(escape(t.getValue()));
                }
            }
            b.append(' ');
        }
        if (source != null) {
            b.append(':').append(source).append(' ');
        }
        b.append(command);
        for (int i = 0; i < params.size(); i++) {
            String p = params.get(i);
            b.append(' ');
            if (i == params.size() - 1 && (trailing || p.isEmpty() || p.indexOf(' ') >= 0 || p.charAt(0) == ':')) {
                b.append(':');
            }
            b.append(p);
        }
        return b.toString();
    }

    /** {@link #format(boolean)} without forcing a trailing parameter. */
    public String format() {
        return format(false);
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** Bytes of {@code s[from, to)} in UTF-8, without encoding it. */
    static int utf8Length(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    static int utf8Length(String s) {
        return utf8Length(s, 0, s.length());
    }
}
