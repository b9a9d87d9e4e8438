package sori.config;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Supplies every option of a command that was not given as a flag: from the environment
 * ({@code SORI_} + the long name in upper case, {@code -} as {@code _}), else from the {@code --config}
 * TOML file, else the option's own default. Works over picocli's model, so options added later (by a
 * mixin or another branch) are covered without edits. Remembers where each value came from, for
 * {@code --print-config}.
 */
public final class ConfigDefaults implements IDefaultValueProvider {

    private final Map<String, String> env;
    private final ConfigFile file;
    private final Map<String, String> sources = new HashMap<>();

    ConfigDefaults(Map<String, String> env, ConfigFile file) {
        this.env = env;
        this.file = file;
    }

    /**
     * Puts the defaults on the subcommand {@code args} invoke, when it has a {@code --config} option. Reads
     * the file named by {@code --config FILE} in {@code args}, else by {@code SORI_CONFIG}.
     *
     * @return 0, or 2 after printing one line to {@code root}'s error stream when the file cannot be used
     */
    public static int install(CommandLine root, String[] args, Map<String, String> env) {
        ConfigDefaults defaults;
        try {
            defaults = forArgs(root, args, env);
        } catch (ConfigException e) {
            root.getErr().println("sori: " + e.getMessage());
            root.getErr().flush();
            return 2;
        }
        if (defaults == null) {
            return 0;
        }
        CommandSpec sub = root.getSubcommands().get(args[0]).getCommandSpec();
        CommandLine.IExecutionStrategy next = root.getExecutionStrategy();
        root.setExecutionStrategy(parsed -> {
            ParseResult p = parsed;
            while (p != null && p.commandSpec() != sub) {
                p = p.subcommand();
            }
            if (p != null) {
                defaults.fillLists(p);
            }
            return next.execute(parsed);
        });
        return 0;
    }

    /**
     * Parses {@code args} as {@link #install} and a run would (for a reload): the subcommand's spec with
     * every value set.
     *
     * @throws ConfigException when the file cannot be used
     * @throws CommandLine.ParameterException when a value is wrong
     */
    public static CommandSpec parse(CommandLine root, String[] args, Map<String, String> env) {
        ConfigDefaults defaults = forArgs(root, args, env);
        ParseResult parsed = root.parseArgs(args);
        ParseResult sub = parsed.subcommand();
        if (defaults != null && sub != null) {
            defaults.fillLists(sub);
        }
        return sub == null ? parsed.commandSpec() : sub.commandSpec();
    }

    /** Sets the defaults on the subcommand {@code args} invoke and returns them; null when it has no --config. */
    private static ConfigDefaults forArgs(CommandLine root, String[] args, Map<String, String> env) {
        if (args.length == 0 || !root.getSubcommands().containsKey(args[0])) {
            return null;
        }
        CommandLine sub = root.getSubcommands().get(args[0]);
        if (sub.getCommandSpec().findOption("--config") == null) {
            return null;
        }
        String name = configArgument(Arrays.copyOfRange(args, 1, args.length));
        if (name == null) {
            name = env.get(Keys.env("config"));
        }
        ConfigFile file = name == null || name.isEmpty() ? null : ConfigFile.read(Path.of(name), sub.getCommandSpec());
        ConfigDefaults defaults = new ConfigDefaults(env, file);
        sub.setDefaultValueProvider(defaults);
        return defaults;
    }

    /** The value after {@code --config} or in {@code --config=FILE}, or null. */
    static String configArgument(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].equals("--config") && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith("--config=")) {
                return args[i].substring("--config=".length());
            }
        }
        return null;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec o) || !Keys.isSetting(o) || o.isMultiValue()) {
            return null; // lists are filled after parsing: a default string would be one element
        }
        List<String> v = lookup(Keys.key(o));
        return v == null ? null : v.get(0);
    }

    /** The environment's or the file's value for {@code key}, recording which; null when neither has one. */
    private List<String> lookup(String key) {
        String var = Keys.env(key);
        String fromEnv = env.get(var);
        if (fromEnv != null) {
            sources.put(key, "env " + var);
            return List.of(fromEnv);
        }
        ConfigFile.Value fromFile = file == null ? null : file.get(key);
        if (fromFile != null) {
            sources.put(key, file.path() + ":" + fromFile.line());
            return fromFile.values();
        }
        return null;
    }

    /** Sets list options that no flag gave from the environment (comma-separated) or the file. */
    void fillLists(ParseResult parsed) {
        for (OptionSpec o : parsed.commandSpec().options()) {
            if (!Keys.isSetting(o) || !o.isMultiValue() || parsed.hasMatchedOption(o)) {
                continue;
            }
            String key = Keys.key(o);
            List<String> values = lookup(key);
            if (values == null) {
                continue;
            }
            if (sources.get(key).startsWith("env ")) {
                values = Arrays.stream(values.get(0).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            }
            Class<?> element = o.auxiliaryTypes().length > 0 ? o.auxiliaryTypes()[0] : String.class;
            List<Object> typed = new ArrayList<>();
            for (String s : values) {
                typed.add(element == Path.class ? Path.of(s) : element == Integer.class ? Integer.valueOf(s)
                        : element == Long.class ? Long.valueOf(s) : s);
            }
            o.setValue(typed);
        }
    }

    /** True when {@code key} of {@code spec} has its built-in default: no flag, variable or file set it. */
    public static boolean isDefault(CommandSpec spec, String key) {
        OptionSpec o = spec.findOption("--" + key);
        ParseResult parsed = spec.commandLine() == null ? null : spec.commandLine().getParseResult();
        if (o == null || parsed != null && parsed.hasMatchedOption(o)) {
            return false;
        }
        return !(spec.defaultValueProvider() instanceof ConfigDefaults d) || d.source(key) == null;
    }

    /** Where {@code key}'s value came from: "env SORI_X", "FILE:LINE", or null (a flag or the default). */
    String source(String key) {
        return sources.get(key);
    }

    /**
     * Prints the effective configuration of {@code spec} as TOML a file could hold, each key with where its
     * value came from (flag, env, file:line, default); secrets are redacted.
     */
    public static void print(CommandSpec spec, PrintWriter out) {
        ConfigDefaults d = spec.defaultValueProvider() instanceof ConfigDefaults c ? c : null;
        ParseResult parsed = spec.commandLine().getParseResult();
        List<String[]> rows = new ArrayList<>();
        int width = 0;
        for (OptionSpec o : spec.options()) {
            if (!Keys.isSetting(o)) {
                continue;
            }
            String key = Keys.key(o);
            String source = parsed != null && parsed.hasMatchedOption(o) ? "flag"
                    : d != null && d.source(key) != null ? d.source(key) : "default";
            Object value = o.getValue();
            String shown;
            if (value == null || value instanceof List<?> l && l.isEmpty()) {
                shown = "# " + key + " = (not set)";
                source = "default";
            } else if (Keys.isSecret(key)) {
                shown = key + " = \"(redacted)\"";
            } else {
                shown = key + " = " + toml(value);
            }
            rows.add(new String[] {shown, source});
            width = Math.max(width, shown.length());
        }
        for (String[] r : rows) {
            out.printf("%-" + width + "s  # %s%n", r[0], r[1]);
        }
        out.flush();
    }

    private static String toml(Object v) {
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof java.time.Duration d) {
            long ms = d.toMillis();
            return "\"" + (ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms") + "\"";
        }
        if (v instanceof List<?> l) {
            return l.stream().map(ConfigDefaults::toml).reduce((a, b) -> a + ", " + b).map(s -> "[" + s + "]")
                    .orElse("[]");
        }
        String s = Keys.redactUrl(v.toString());
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
