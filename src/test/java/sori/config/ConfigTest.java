package sori.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sori.Main;

/** Settings from flags, SORI_* variables and a TOML file, over the real {@code sori server} and any command. */
class ConfigTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine root = new CommandLine(new Main());
        root.setOut(new PrintWriter(out, true));
        root.setErr(new PrintWriter(err, true));
        int bad = ConfigDefaults.install(root, args, env);
        return bad != 0 ? bad : root.execute(args);
    }

    private Path file(String toml) throws Exception {
        Path f = dir.resolve("sori.toml");
        Files.writeString(f, toml);
        return f;
    }

    /** The print-config line of {@code key}, without its padding. */
    private String line(String key) {
        return out.toString().lines().filter(l -> l.startsWith(key + " = ") || l.startsWith("# " + key + " = "))
                .map(l -> l.replaceAll("\\s+#", " #")).findFirst().orElse("(no line for " + key + ")");
    }

    @Test
    void shouldTakeTheFlagThenTheEnvironmentThenTheFileThenTheDefault() throws Exception {
        Path f = file("port = 9001\nweb-port = 8001\nhistory = 50\ntls-only = false\n");
        int code = run(Map.of("SORI_WEB_PORT", "8002", "SORI_HISTORY", "60"),
                "server", "--config", f.toString(), "--history", "70", "--print-config");
        assertThat(code).as(err.toString()).isZero();
        assertThat(line("port")).isEqualTo("port = 9001 # " + f + ":1");
        assertThat(line("web-port")).isEqualTo("web-port = 8002 # env SORI_WEB_PORT");
        assertThat(line("history")).isEqualTo("history = 70 # flag");
        assertThat(line("replay")).isEqualTo("replay = 20 # default");
        assertThat(line("drain-timeout")).isEqualTo("drain-timeout = \"5s\" # default");
    }

    @Test
    void shouldReadTheFileNamedBySoriConfigAndListsFromBoth() throws Exception {
        Path f = file("allowed-origin = [\"https://a.example\", \"https://b.example\"]\nweb-compression = true\n");
        assertThat(run(Map.of("SORI_CONFIG", f.toString()), "server", "--print-config")).isZero();
        assertThat(line("allowed-origin")).isEqualTo(
                "allowed-origin = [\"https://a.example\", \"https://b.example\"] # " + f + ":1");
        assertThat(line("web-compression")).isEqualTo("web-compression = true # " + f + ":2");

        out.getBuffer().setLength(0);
        assertThat(run(Map.of("SORI_CONFIG", f.toString(), "SORI_ALLOWED_ORIGIN", "https://c.example, https://d.example"),
                "server", "--print-config")).isZero();
        assertThat(line("allowed-origin")).isEqualTo(
                "allowed-origin = [\"https://c.example\", \"https://d.example\"] # env SORI_ALLOWED_ORIGIN");
    }

    @Test
    void shouldTakeTheServersAdministratorsFromTheFileOrTheEnvironmentLikeAnyList() throws Exception {
        Path f = file("admin = [\"root\", \"mina\"]\n");
        assertThat(run(Map.of("SORI_CONFIG", f.toString()), "server", "--print-config")).isZero();
        assertThat(line("admin")).isEqualTo("admin = [\"root\", \"mina\"] # " + f + ":1");
        out.getBuffer().setLength(0);
        assertThat(run(Map.of("SORI_ADMIN", "root,jun"), "server", "--print-config")).isZero();
        assertThat(line("admin")).isEqualTo("admin = [\"root\", \"jun\"] # env SORI_ADMIN");
    }

    @Test
    void shouldNameTheLineOfAnUnknownKeyAndExitTwo() throws Exception {
        Path f = file("# settings\nport = 9001\nprot = 9002\n");
        assertThat(run(Map.of(), "server", "--config", f.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("sori: " + f + ":3: unknown key 'prot' (did you mean 'port'?)\n");
    }

    @Test
    void shouldNameTheLineOfAValueOfTheWrongTypeAndExitTwo() throws Exception {
        Path f = file("port = 9001\n\nweb-port = \"eighty\"\n");
        assertThat(run(Map.of(), "server", "--config", f.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("sori: " + f + ":3: 'web-port' must be an integer, not a string\n");

        err.getBuffer().setLength(0);
        Files.writeString(f, "drain-timeout = \"soon\"\n");
        assertThat(run(Map.of(), "server", "--config", f.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("sori: " + f + ":1: 'drain-timeout' is not valid: ");
    }

    @Test
    void shouldSayWhenTheFileIsMissingOrNotToml() throws Exception {
        assertThat(run(Map.of(), "server", "--config", dir.resolve("nope.toml").toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("sori: cannot read config " + dir.resolve("nope.toml") + ": no such file\n");
        err.getBuffer().setLength(0);
        Path f = file("port = \n");
        assertThat(run(Map.of(), "server", "--config", f.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("sori: " + f + ":1: ");
    }

    @Test
    void shouldRejectAWrongValueFromTheEnvironmentAsAWrongFlag() {
        assertThat(run(Map.of("SORI_PORT", "ninety"), "server", "--print-config")).isEqualTo(2);
        assertThat(err.toString()).contains("--port").contains("ninety");
    }

    /** A command written later, by someone else: its options are read from outside without any edit here. */
    @Command(name = "later")
    static final class Later implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--config")
        Path config;
        @Option(names = "--retention", defaultValue = "7d")
        String retention;
        @Option(names = "--store-password")
        String password;
        @Option(names = "--store-url")
        String url;
        @Option(names = "--print-config")
        boolean print;

        @Override
        public Integer call() {
            ConfigDefaults.print(spec, spec.commandLine().getOut());
            return 0;
        }
    }

    @Test
    void shouldCoverOptionsAddedLaterAndRedactSecrets() throws Exception {
        CommandLine root = new CommandLine(new Main()).addSubcommand(new Later());
        root.setOut(new PrintWriter(out, true));
        Path f = file("retention = \"30d\"\nstore-password = \"hunter2\"\n");
        String[] args = {"later", "--config", f.toString()};
        assertThat(ConfigDefaults.install(root, args, Map.of("SORI_STORE_URL", "postgres://sori:s3cret@db/sori")))
                .isZero();
        assertThat(root.execute(args)).isZero();
        assertThat(line("retention")).isEqualTo("retention = \"30d\" # " + f + ":1");
        assertThat(line("store-password")).isEqualTo("store-password = \"(redacted)\" # " + f + ":2");
        assertThat(line("store-url")).isEqualTo("store-url = \"postgres://sori:***@db/sori\" # env SORI_STORE_URL");
        assertThat(out.toString()).doesNotContain("hunter2", "s3cret");
    }

    @Test
    void shouldLeaveCommandsWithoutConfigAlone() {
        assertThat(ConfigDefaults.configArgument(new String[] {"--port", "1", "--config=x.toml"})).isEqualTo("x.toml");
        assertThat(ConfigDefaults.configArgument(new String[] {"--", "--config", "x"})).isNull();
        CommandLine root = new CommandLine(new Main());
        assertThat(ConfigDefaults.install(root, new String[] {"echo", "--port", "0"}, Map.of("SORI_PORT", "x")))
                .isZero();
        assertThat(root.getSubcommands().get("echo").getDefaultValueProvider()).isNull();
        assertThat(List.of()).isEmpty();
    }
}
