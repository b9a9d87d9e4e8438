package sori.config;

import java.util.Locale;
import picocli.CommandLine.Model.OptionSpec;

/** How an option is named outside the command line: its long name as a TOML key and as a variable. */
final class Keys {

    /** Options that say how to read the others, or that only print something: never read from outside. */
    private static final java.util.Set<String> NOT_SETTINGS = java.util.Set.of("help", "version", "config",
            "print-config");

    private Keys() {}

    /** {@code --web-port} → {@code web-port}; null for an option with no long name. */
    static String key(OptionSpec o) {
        String longest = o.longestName();
        return longest.startsWith("--") ? longest.substring(2) : null;
    }

    /** {@code web-port} → {@code SORI_WEB_PORT}. */
    static String env(String key) {
        return "SORI_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** True for options that take part in configuration (not --help, --config, ...). */
    static boolean isSetting(OptionSpec o) {
        String k = key(o);
        return k != null && !NOT_SETTINGS.contains(k) && !o.usageHelp() && !o.versionHelp();
    }

    /** Values never printed: passwords, tokens, secrets. Paths to key files are not secrets. */
    static boolean isSecret(String key) {
        return key.matches(".*(password|secret|token|credential|passphrase).*");
    }

    /** {@code scheme://user:pass@host} with the password hidden; anything else as it is. */
    static String redactUrl(String value) {
        return value.replaceAll("(://[^/@:\\s]+):[^/@\\s]+@", "$1:***@");
    }
}
