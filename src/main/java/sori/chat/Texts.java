package sori.chat;

import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user-facing texts in one language, from {@code sori/chat/messages_*.properties} (UTF-8).
 * Placeholders are {@code {0}}, {@code {1}} ...; no other syntax, so apostrophes need no escaping.
 */
public final class Texts {

    private static final String BUNDLE = "sori.chat.messages";
    /** A placeholder in a usage line: {@code <room>} or {@code [n]}; its word is a {@code param.} key. */
    private static final Pattern PLACEHOLDER = Pattern.compile("([<\\[])([a-z]+)([>\\]])");

    private static final ResourceBundle.Control EXACT =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    /** The languages there are texts for, by {@link #index}: what {@code --lang} and {@code /lang} take. */
    public static final List<String> LANGUAGES = List.of("en", "ko");

    private static final Texts[] ALL = {load(Locale.ENGLISH, 0), load(Locale.KOREAN, 1)};

    private final ResourceBundle bundle;
    private final ResourceBundle english;
    private final Locale locale;
    private final int index;

    private Texts(ResourceBundle bundle, ResourceBundle english, Locale locale, int index) {
        this.bundle = bundle;
        this.english = english;
        this.locale = locale;
        this.index = index;
    }

    private static Texts load(Locale locale, int index) {
        ResourceBundle english = ResourceBundle.getBundle(BUNDLE, Locale.ENGLISH, EXACT);
        ResourceBundle b = index == 0 ? english : ResourceBundle.getBundle(BUNDLE, locale, EXACT);
        return new Texts(b, english, locale, index);
    }

    /** Texts for {@code locale} (English or Korean), English where a text has no translation. */
    public static Texts of(Locale locale) {
        return ALL["ko".equals(locale.getLanguage()) ? 1 : 0];
    }

    /** English or Korean, from a {@code --lang} value; anything else is refused. */
    public static Texts forLanguage(String lang) {
        Texts t = known(lang == null ? "en" : lang);
        if (t == null) {
            throw new IllegalArgumentException("unknown language '" + lang + "' (expected en or ko)");
        }
        return t;
    }

    /** The texts for a language code ({@code en}, {@code ko}, any case), or null for any other. */
    public static Texts known(String lang) {
        int i = LANGUAGES.indexOf(lang.toLowerCase(Locale.ROOT));
        return i < 0 ? null : ALL[i];
    }

    /** The texts with {@link #index} {@code i}. */
    public static Texts at(int i) {
        return ALL[i];
    }

    public Locale locale() {
        return locale;
    }

    /** Its code: {@code en} or {@code ko}. */
    public String language() {
        return LANGUAGES.get(index);
    }

    /** Its place in {@link #LANGUAGES}: a transport keeps one codec per language by it. */
    public int index() {
        return index;
    }

    /** True when {@code key} reads the same in every language (a codec can then encode it once for all). */
    public static boolean sameInEvery(String key) {
        String first = ALL[0].get(key);
        for (Texts t : ALL) {
            if (!t.get(key).equals(first)) {
                return false;
            }
        }
        return true;
    }

    /** True when the bundle has {@code key}. */
    public boolean has(String key) {
        return bundle.containsKey(key) || english.containsKey(key);
    }

    /** The text for {@code key} with its placeholders filled in from {@code args}. */
    public String get(String key, List<String> args) {
        return get(key, args.toArray());
    }

    /**
     * A usage line such as {@code /msg <name> <text>} in this language: each placeholder's word is the
     * text {@code param.<word>}, so Korean reads {@code /msg <이름> <내용>}. Command words stay as typed.
     */
    public String usage(String usage) {
        Matcher m = PLACEHOLDER.matcher(usage);
        StringBuilder b = new StringBuilder(usage.length() + 16);
        while (m.find()) {
            String key = "param." + m.group(2);
            String word = has(key) ? get(key) : m.group(2);
            m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) + word + m.group(3)));
        }
        return m.appendTail(b).toString();
    }

    /** A refusal in this language; a usage it quotes has its placeholders in this language too. */
    public String failure(Event.Failure f) {
        if ("command.usage".equals(f.code()) && f.args().size() == 1) {
            return get(f.key(), usage(f.args().get(0)));
        }
        return get(f.key(), f.args());
    }

    /** The text for {@code key} with its placeholders filled in. */
    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.containsKey(key) ? bundle.getString(key) : english.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalArgumentException("no text for key '" + key + "'", e);
        }
        if (args.length == 0 || pattern.indexOf('{') < 0) {
            return pattern;
        }
        StringBuilder b = new StringBuilder(pattern.length() + 32);
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char c = pattern.charAt(i);
            if (c == '{' && i + 2 < n && pattern.charAt(i + 2) == '}' && Character.isDigit(pattern.charAt(i + 1))) {
                int index = pattern.charAt(i + 1) - '0';
                b.append(index < args.length ? String.valueOf(args[index]) : "");
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
