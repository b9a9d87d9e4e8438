package sori.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A TOML file whose keys are a command's long flag names ({@code port = 9999}, {@code web-port = 8080},
 * {@code tls-cert = "..."}), checked against the command's options when read: an unknown key or a value
 * of the wrong type is a {@link ConfigException} naming the file, the line and the key.
 */
public final class ConfigFile {

    /** One value from the file: as picocli would read it from a command line, and where it was written. */
    record Value(List<String> values, int line) {}

    private final Path path;
    private final Map<String, Value> values;

    private ConfigFile(Path path, Map<String, Value> values) {
        this.path = path;
        this.values = values;
    }

    /** Reads {@code path} for {@code spec}'s options. */
    public static ConfigFile read(Path path, CommandSpec spec) {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new ConfigException("cannot read config " + path + ": no such file");
        } catch (IOException e) {
            throw new ConfigException("cannot read config " + path + ": " + e.getMessage());
        }
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) {
            TomlParseError err = toml.errors().get(0);
            throw new ConfigException(path + ":" + err.position().line() + ": " + err.getMessage());
        }
        Map<String, OptionSpec> options = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            if (Keys.isSetting(o)) {
                options.put(Keys.key(o), o);
            }
        }
        Map<String, Value> values = new LinkedHashMap<>();
        for (String key : toml.keySet()) {
            int line = toml.inputPositionOf(List.of(key)).line();
            String where = path + ":" + line + ": ";
            OptionSpec o = options.get(key);
            if (o == null) {
                throw new ConfigException(where + "unknown key '" + key + "'" + suggest(key, options.keySet()));
            }
            values.put(key, new Value(convert(toml.get(List.of(key)), o, where + "'" + key + "' "), line));
        }
        return new ConfigFile(path, Collections.unmodifiableMap(values));
    }

    public Path path() {
        return path;
    }

    /** The value for {@code key}, or null when the file does not set it. */
    Value get(String key) {
        return values.get(key);
    }

    /** The file's value as strings picocli converts, after checking its TOML type against the option's. */
    private static List<String> convert(Object v, OptionSpec o, String what) {
        if (v instanceof TomlTable) {
            throw new ConfigException(what + "is a table; sori's keys are plain: write " + Keys.key(o) + " = ...");
        }
        Class<?> type = o.type();
        if (o.isMultiValue()) {
            Class<?> element = o.auxiliaryTypes().length > 0 ? o.auxiliaryTypes()[0] : String.class;
            List<String> out = new ArrayList<>();
            if (v instanceof TomlArray a) {
                for (int i = 0; i < a.size(); i++) {
                    out.add(scalar(a.get(i), element, o, what));
                }
            } else {
                out.add(scalar(v, element, o, what));
            }
            return out;
        }
        if (v instanceof TomlArray) {
            throw new ConfigException(what + "takes one value, not a list");
        }
        return List.of(scalar(v, type, o, what));
    }

    private static String scalar(Object v, Class<?> type, OptionSpec o, String what) {
        if (type == int.class || type == Integer.class || type == short.class || type == Short.class) {
            if (!(v instanceof Long n)) {
                throw wrong(what, "an integer", v);
            }
            if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
                throw new ConfigException(what + "is out of range: " + n);
            }
            return n.toString();
        }
        if (type == long.class || type == Long.class) {
            if (!(v instanceof Long)) {
                throw wrong(what, "an integer", v);
            }
            return v.toString();
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            if (!(v instanceof Double) && !(v instanceof Long)) {
                throw wrong(what, "a number", v);
            }
            return v.toString();
        }
        if (type == boolean.class || type == Boolean.class) {
            if (!(v instanceof Boolean)) {
                throw wrong(what, "true or false", v);
            }
            return v.toString();
        }
        // Strings, paths, enums and anything with its own converter: written as a string (a number is
        // let through for things like a duration "5s" written 5).
        if (!(v instanceof String) && !(v instanceof Long)) {
            throw wrong(what, "a string", v);
        }
        String s = v.toString();
        if (type.isEnum()) {
            for (Object c : type.getEnumConstants()) {
                if (c.toString().equals(s)) {
                    return s;
                }
            }
            throw new ConfigException(what + "must be one of " + List.of(type.getEnumConstants()) + ", not \"" + s + "\"");
        }
        ITypeConverter<?>[] converters = o.converters();
        if (converters != null && converters.length > 0) {
            try {
                converters[0].convert(s);
            } catch (Exception e) {
                throw new ConfigException(what + "is not valid: " + e.getMessage());
            }
        }
        return s;
    }

    private static ConfigException wrong(String what, String expected, Object v) {
        String got = v instanceof String ? "a string" : v instanceof Long ? "an integer" : v instanceof Boolean
                ? "a boolean" : v instanceof Double ? "a float" : v instanceof TomlArray ? "a list" : "a "
                + v.getClass().getSimpleName();
        return new ConfigException(what + "must be " + expected + ", not " + got);
    }

    /** " (did you mean 'port'?)" for a key one or two letters off a real one, else nothing. */
    private static String suggest(String key, Iterable<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
