package sori.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import sori.testing.ConsoleTest;

/** {@code sori client} as the user runs it: exit codes and the lines on stderr. */
class ClientCommandTest extends ConsoleTest {

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
