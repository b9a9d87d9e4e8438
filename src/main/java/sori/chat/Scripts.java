package sori.chat;

import java.lang.Character.UnicodeScript;
import java.util.EnumSet;
import java.util.Set;

/**
 * UTS #39's "moderately restrictive" level (section 5.2), from the JDK's script data: a name's letters
 * are of one script, or of one of the sets Japanese, Chinese and Korean writing mix (Latin, Han and
 * Hiragana/Katakana; Latin, Han and Bopomofo; Latin, Han and Hangul), or Latin with one other script
 * that is neither Cyrillic nor Greek, whose letters pass for Latin ones. Common and Inherited
 * characters (digits, {@code _ - .}, combining marks) go with any script.
 */
final class Scripts {

    private static final Set<UnicodeScript> JAPANESE =
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA);
    private static final Set<UnicodeScript> CHINESE =
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.BOPOMOFO);
    private static final Set<UnicodeScript> KOREAN =
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HANGUL);

    private Scripts() {}

    static boolean moderatelyRestrictive(String s) {
        Set<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            UnicodeScript script = UnicodeScript.of(cp);
            if (script != UnicodeScript.COMMON && script != UnicodeScript.INHERITED) {
                scripts.add(script);
            }
            i += Character.charCount(cp);
        }
        if (scripts.size() <= 1 || JAPANESE.containsAll(scripts) || CHINESE.containsAll(scripts)
                || KOREAN.containsAll(scripts)) {
            return true;
        }
        return scripts.size() == 2 && scripts.contains(UnicodeScript.LATIN)
                && !scripts.contains(UnicodeScript.CYRILLIC) && !scripts.contains(UnicodeScript.GREEK);
    }
}
