package sori.chat;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one rule for user and room names, used by every transport: 1 to {@value #MAX_LENGTH} characters,
 * each a letter of any script, a digit, or one of {@code _ - .}; no invisible character (a Hangul
 * filler, a format or default-ignorable code point); and letters of one script, as UTS #39's
 * moderately restrictive level allows them. Names compare ignoring case.
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
            if (invisible(cp)) {
                return "name.invisible";
            }
            if (!(Character.isLetterOrDigit(cp) || cp == '_' || cp == '-' || cp == '.')) {
                return Character.isWhitespace(cp) || Character.isSpaceChar(cp) ? "name.space" : "name.char";
            }
            i += Character.charCount(cp);
        }
        return Scripts.moderatelyRestrictive(name) ? null : "name.script";
    }

    /**
     * True for a code point that shows nothing: the Hangul fillers (letters to Unicode, blank on
     * screen), format characters (zero-width space and joiners, bidi marks, the BOM), variation
     * selectors, the combining grapheme joiner, Khmer's inherent vowels and the tag characters.
     */
    static boolean invisible(int cp) {
        return switch (cp) {
            case 0x115F, 0x1160, 0x3164, 0xFFA0, 0x034F, 0x17B4, 0x17B5 -> true;
            default -> Character.getType(cp) == Character.FORMAT
                    || cp >= 0x180B && cp <= 0x180F
                    || cp >= 0xFE00 && cp <= 0xFE0F
                    || cp >= 0xE0000 && cp <= 0xE0FFF;
        };
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
