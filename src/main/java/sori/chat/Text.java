package sori.chat;

/** The one rule for what text may reach another user's terminal. */
public final class Text {

    private Text() {}

    /**
     * Removes control characters (C0 but tab, DEL, C1, and the bidi overrides that can disguise a
     * line), so nobody can move another user's cursor, ring their bell or recolour their screen.
     * Returns the same instance when nothing needed removing, which is the common case.
     */
    public static String clean(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && allowed(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n);
        b.append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (allowed(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * {@link #clean}, keeping line feeds: a message of several lines (IRC's {@code draft/multiline}),
     * which every transport shows line by line, each as the sender's.
     */
    public static String cleanLines(String s) {
        if (s.indexOf('\n') < 0) {
            return clean(s);
        }
        String[] lines = s.split("\n", -1);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                b.append('\n');
            }
            b.append(clean(lines[i]));
        }
        return b.toString();
    }

    private static boolean allowed(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return true; // printable ASCII: the hot path
        }
        if (c == '\t') {
            return true;
        }
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return false;
        }
        // Bidi embeddings, overrides and isolates: U+202A..U+202E, U+2066..U+2069.
        return !((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069));
    }
}
