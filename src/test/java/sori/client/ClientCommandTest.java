package sori.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sori.Main;

/** {@code sori client} as the user runs it: exit codes and the lines on stderr. */
class ClientCommandTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream realErr;
    private PrintStream realOut;

    @BeforeEach
    void captureConsole() {
        realErr = System.err;
        realOut = System.out;
        System.setErr(new PrintStream(err, true, UTF_8));
        System.setOut(new PrintStream(out, true, UTF_8));
    }

    @AfterEach
    void restoreConsole() {
        System.setErr(realErr);
        System.setOut(realOut);
    }

    private static int run(String... args) throws Exception {
        return CompletableFuture.supplyAsync(() -> Main.run(args), task -> Thread.ofPlatform().daemon().start(task))
                .get(20, TimeUnit.SECONDS);
    }

    @Test
    void shouldShowHelpAndExitZero() throws Exception {
        assertThat(run("client", "--help")).isZero();
        assertThat(out.toString(UTF_8)).contains("HOST[:PORT]", "--transport");
    }

    @Test
    void shouldExitTwoOnUnknownFlag() throws Exception {
        assertThat(run("client", "--no-such-flag", "localhost")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("--no-such-flag");
    }

    @Test
    void shouldExitTwoWithoutHostOrWithBadPort() throws Exception {
        assertThat(run("client")).isEqualTo(2);
        assertThat(run("client", "localhost:http")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("bad port 'http'");
    }

    @Test
    void shouldSayUnknownHostInOneLine() throws Exception {
        assertThat(run("client", "nosuch.invalid")).isEqualTo(1);
        assertThat(err.toString(UTF_8)).isEqualTo("sori: unknown host nosuch.invalid" + System.lineSeparator());
    }
}
