package sori.chat;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.SpoofChecker;
import java.text.Normalizer;

/**
 * The one rule for user and room names, used by every transport: 1 to {@value #MAX_LENGTH} characters,
 * each a letter of any script, a digit, or one of {@code _ - .}; no invisible character (a Hangul
 * filler, a format or default-ignorable code point); and letters of one script, as UTS #39's
 * moderately restrictive level allows them. Names compare by {@link #fold}: ignoring case, compatibility
 * forms and characters that look alike.
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

    /** UTS #39's confusable data (ICU4J): immutable once built, safe to share between threads. */
    private static final SpoofChecker CONFUSABLES = new SpoofChecker.Builder().setChecks(SpoofChecker.CONFUSABLE).build();

    /**
     * The key two names collide on: NFKC, full case folding, then UTS #39's confusable skeleton. So {@code MINA},
     * {@code ｍｉｎａ} and {@code mina} are one name, and so are Latin {@code coco} and Cyrillic {@code сосо},
     * {@code admin} and {@code аdmin}, and {@code 민아} precomposed and as jamo. The key is not for display:
     * the skeleton maps {@code m} to {@code rn}, say. Keys in a store made before this rule are rewritten
     * once by the migration {@code sori.store.V4__RefoldKeys}.
     */
    public static String fold(String name) {
        String folded = UCharacter.foldCase(Normalizer.normalize(name, Normalizer.Form.NFKC), true);
        String key = CONFUSABLES.getSkeleton(folded);
        // Most names are their own key: share the string then, one fewer per person held.
        return key.equals(name) ? name : key;
    }
}
