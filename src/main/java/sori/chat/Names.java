package sori.chat;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one rule for user and room names, used by every transport: 1 to {@value #MAX_LENGTH} characters,
 * each a letter of any script, a digit, or one of {@code _ - .}. Names compare ignoring case.
 */
public final class Names {

    /** Longest name, in characters (code points). */
    public static final int MAX_LENGTH = 32;

    private Names() {}

    /** Why {@code name} is not a valid name (a {@link Texts} key), or null when it is valid. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "name.empty";
        }
        int count = name.codePointCount(0, name.length());
        if (count > MAX_LENGTH) {
            return "name.long";
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!(Character.isLetterOrDigit(cp) || cp == '_' || cp == '-' || cp == '.')) {
                return Character.isWhitespace(cp) || Character.isSpaceChar(cp) ? "name.space" : "name.char";
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    /** Canonical form as typed: composed (NFC), so "한" typed as jamo and as a syllable is one name. */
    public static String normalize(String name) {
        return Normalizer.normalize(name.strip(), Normalizer.Form.NFC);
    }

    /** The key two names collide on: compatibility-folded and lower-cased. */
    public static String fold(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }
}
