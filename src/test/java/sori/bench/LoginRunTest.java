package sori.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sori.UserFacingException;
import sori.chat.Texts;
import sori.server.ChatServer;
import sori.testing.TestServers;

/** The sign-in storm against the real chat server in this JVM (memory accounts), over loopback sockets. */
class LoginRunTest {
    private static ChatServer server;

    @BeforeAll
    static void start() {
        server = TestServers.chat();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * Runs that end after a number of sign-ins (--logins), not after a time: on a loaded machine one sign-in
     * can take longer than a short window. The two minutes only bound a run that hangs.
     */
    private static BenchConfig bounded() {
        return RunTestSupport.config(server.chatAddress().getPort()).withTimes(Duration.ofMinutes(2),
                Duration.ofMillis(200));
    }

    private static void assertEveryAttemptSignedIn(BenchResult r) {
        long attempts = r.number("attempts");
        assertThat(attempts).isPositive();
        assertThat(r.number("logins") + r.number("wrong") + r.number("throttled") + r.number("busy")
                + r.number("failed") + r.number("unfinished")).isEqualTo(attempts);
        assertThat(r.number("logins")).isEqualTo(attempts);
        assertThat(r.number("wrong")).isZero();
        assertThat(r.number("throttled")).isZero();
        assertThat(r.number("failed")).isZero();
        assertThat(r.latency().getTotalCount()).isEqualTo(r.number("logins"));
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void shouldRegisterTheAccountsOnceThenSignInAgainAndAgain() {
        LoginConfig cfg = new LoginConfig(bounded(), 6, 3, 8, "storm", LoginConfig.DEFAULT_PASSWORD_PREFIX);

        BenchResult first = new LoginRun(cfg).run();

        assertThat(first.number("registered")).isEqualTo(6);
        assertThat(first.number("existing")).isZero();
        assertThat(first.number("attempts")).isEqualTo(8);
        assertEveryAttemptSignedIn(first);

        BenchResult again = new LoginRun(cfg).run();

        assertThat(again.number("registered")).isZero();
        assertThat(again.number("existing")).isEqualTo(6);
        assertEveryAttemptSignedIn(again);
        assertThat(JsonReport.numbers(JsonReport.render(again))).containsKeys("loginsPerSec", "logins",
                "latencyMs.p99", "latencyMs.max");
        assertThat(TextReport.render(again)).contains("loginsPerSec").contains("latency ms");
    }

    @Test
    void shouldStopAfterTheSignInsAsked() {
        BenchConfig c = bounded().withTimes(Duration.ofMinutes(2), Duration.ZERO);
        LoginConfig cfg = new LoginConfig(c, 4, 2, 5, "counted", LoginConfig.DEFAULT_PASSWORD_PREFIX);

        BenchResult r = new LoginRun(cfg).run();

        assertThat(r.number("attempts")).isEqualTo(5);
        assertEveryAttemptSignedIn(r);
    }

    @Test
    void shouldRefuseAnAccountThatHasAnotherPassword() {
        new LoginRun(new LoginConfig(bounded(), 2, 1, 1, "taken", "first-password-")).run();
        LoginConfig other = new LoginConfig(bounded(), 2, 1, 1, "taken", "second-password-");

        assertThatThrownBy(() -> new LoginRun(other).run())
                .isInstanceOf(UserFacingException.class)
                .hasMessageContaining("exists with another password")
                .hasMessageContaining("--password-prefix");
    }

    @Test
    void shouldTellTheServersRefusalsApart() {
        Texts en = Texts.forLanguage("en");

        assertThat(LoginClient.classify(en.get("error.login.wrong", "mina"))).isEqualTo(LoginClient.Outcome.WRONG);
        assertThat(LoginClient.classify(en.get("error.login.throttled", "mina", 4)))
                .isEqualTo(LoginClient.Outcome.THROTTLED);
        assertThat(LoginClient.classify(en.get("error.account.busy"))).isEqualTo(LoginClient.Outcome.BUSY);
        assertThat(LoginClient.classify(en.get("error.name.taken", "mina"))).isEqualTo(LoginClient.Outcome.FAILED);
    }

    @Test
    void shouldRejectUsersFewerThanConnections() {
        assertThatThrownBy(() -> LoginConfig.of(bounded(), 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--users");
    }
}
