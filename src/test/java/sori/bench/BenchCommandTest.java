package sori.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import sori.Main;
import sori.UserFacingException;

class BenchCommandTest {

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void shouldExitOneWithOneLineWhenNothingListens() throws Exception {
        String port = Integer.toString(closedPort());
        assertThat(Main.run("bench", "fanout", "--port", port, "--duration", "200ms", "--quiet")).isEqualTo(1);
        assertThat(Main.run("bench", "echo", "--port", port, "--quiet")).isEqualTo(1);
        assertThat(Main.run("bench", "idle", "--port", port, "--quiet")).isEqualTo(1);
        assertThat(Main.run("bench", "login", "--port", port, "--quiet")).isEqualTo(1);
    }

    @Test
    void shouldExitTwoOnWrongUse() {
        assertThat(Main.run("bench", "fanout", "--no-such-flag")).isEqualTo(2);
        assertThat(Main.run("bench", "fanout", "--duration", "soon")).isEqualTo(2);
        assertThat(Main.run("bench", "fanout", "--clients", "5", "--senders", "6")).isEqualTo(2);
        assertThat(Main.run("bench", "echo", "--transport", "carrier-pigeon")).isEqualTo(2);
        assertThat(Main.run("bench", "login", "--users", "2", "--concurrency", "3")).isEqualTo(2);
        assertThat(Main.run("bench", "login", "--password-prefix", "short")).isEqualTo(2);
        assertThat(Main.run("bench", "login", "--name-prefix", "no spaces")).isEqualTo(2);
        assertThat(Main.run("bench")).isEqualTo(2);
    }

    @Test
    void shouldSayWhatIsNotSupportedYetAndExitTwo() {
        assertThat(Main.run("bench", "echo", "--proto", "ws")).isEqualTo(2);
        assertThat(Main.run("bench", "idle", "--proto", "smoke")).isEqualTo(2);
        assertThat(Main.run("bench", "login", "--proto", "ws")).isEqualTo(2);
        assertThat(Main.run("bench", "echo", "--proto", "irc")).isEqualTo(2);
        assertThat(Main.run("bench", "login", "--proto", "irc")).isEqualTo(2);
    }

    @Test
    void shouldSuggestProcsWhenConnectionsExceedTheOpenFileLimit() {
        assertThatThrownBy(() -> Limits.checkConnections(Integer.MAX_VALUE, true))
                .isInstanceOf(UserFacingException.class)
                .hasMessageContaining("--procs");
    }

    @Test
    void shouldUseExtraSourceAddressesOnlyPastThePortRange() {
        java.net.InetSocketAddress local = new java.net.InetSocketAddress("127.0.0.1", 9999);
        assertThat(Limits.sourceAddresses(100, 0, local)).isNull();
        int per = (int) (Limits.ephemeralPorts() * Limits.PORT_SHARE);
        var source = Limits.sourceAddresses(per * 2 + 1, 0, local);
        assertThat(source.apply(0).getHostString()).isEqualTo("127.0.0.2");
        assertThat(source.apply(per).getHostString()).isEqualTo("127.0.0.3");
        assertThat(source.apply(2 * per).getHostString()).isEqualTo("127.0.0.4");
    }
}
