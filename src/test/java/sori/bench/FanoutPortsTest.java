package sori.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import sori.testing.ConsoleTest;

/**
 * {@code sori bench fanout --port A,B,C}: the clients spread over the ports in turn, as over the nodes of a
 * cluster. Shown on two ports of one stand-in room, so every member still gets every line.
 */
class FanoutPortsTest extends ConsoleTest {

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void shouldReadOnePortOrAListOfThem() {
        assertThat(BenchConfig.parsePorts("9999")).containsExactly(9999);
        assertThat(BenchConfig.parsePorts("24711,24712, 24713")).containsExactly(24711, 24712, 24713);
    }

    @Test
    void shouldRefuseABadListWithOneLineSayingWhy() {
        assertThatThrownBy(() -> BenchConfig.parsePorts("9999,,9998")).hasMessageContaining("empty entry");
        assertThatThrownBy(() -> BenchConfig.parsePorts("9999,")).hasMessageContaining("empty entry");
        assertThatThrownBy(() -> BenchConfig.parsePorts("9999,nine")).hasMessageContaining("not 'nine'");
        assertThatThrownBy(() -> BenchConfig.parsePorts("9999;9998")).hasMessageContaining("not '9999;9998'");
        assertThatThrownBy(() -> BenchConfig.parsePorts("9999,70000")).hasMessage("--port must be 1..65535, not 70000");
        assertThatThrownBy(() -> BenchConfig.parsePorts("9999,9998,9999")).hasMessage("--port lists 9999 twice");
        assertThatThrownBy(() -> BenchConfig.parsePorts(" ")).hasMessageContaining("PORT,PORT");
    }

    @Test
    void shouldKeepOnePortWhenGivenOne() {
        FanoutConfig cfg = FanoutConfig.of(RunTestSupport.config(9999), 10, 2, 64, 10);
        assertThat(cfg.ports()).containsExactly(9999);
        assertThatThrownBy(() -> new FanoutConfig(RunTestSupport.config(9999), 10, 2, 64, 10, 64, Duration.ofSeconds(1),
                0, List.of(9998, 9999))).as("the first port is --port's").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldExitTwoOnABadListAndWhereOnlyOnePortIsTaken() throws Exception {
        assertThat(run("bench", "fanout", "--port", "9999,x")).isEqualTo(2);
        assertThat(err.toString()).contains("--port takes port numbers, or a list of them (PORT,PORT,...), not 'x'");
        err.reset();
        assertThat(run("bench", "echo", "--port", "9999,9998")).isEqualTo(2);
        assertThat(err.toString()).contains("--port takes one port here; only sori bench fanout spreads its clients");
    }

    @Test
    void shouldNameThePortThatRefused() throws Exception {
        try (ChatStandIn one = new ChatStandIn()) {
            int closed = closedPort();
            assertThat(run("bench", "fanout", "--port", one.port() + "," + closed, "--clients", "4", "--senders", "1",
                    "--duration", "200ms", "--quiet")).isEqualTo(1);
            assertThat(err.toString()).contains("cannot connect to 127.0.0.1:" + closed + ": connection refused");
        }
    }

    @Test
    void shouldSpreadClientsAndSendersOverThePortsInTurn() throws Exception {
        try (ChatStandIn a = new ChatStandIn(); ChatStandIn b = new ChatStandIn(a)) {
            FanoutConfig cfg = new FanoutConfig(RunTestSupport.config(a.port()), 10, 2, 64, 50, 64,
                    Duration.ofSeconds(5), 0, List.of(a.port(), b.port()));

            BenchResult r = new FanoutRun(cfg).run();

            assertThat(a.welcomed()).isEqualTo(5);
            assertThat(b.welcomed()).isEqualTo(5);
            assertThat(a.linesIn()).as("sender 0 on the first port").isPositive();
            assertThat(b.linesIn()).as("sender 1 on the second port").isPositive();
            // one room on both ports: every member gets every line, whichever port it came in on
            assertThat(r.number("sent")).isPositive();
            assertThat(r.number("delivered")).isEqualTo(r.number("sent") * 10);
            assertThat(r.number("losses")).isZero();
            assertThat(r.number("reorders")).isZero();
            assertThat(r.params().get("host")).isEqualTo("127.0.0.1:" + a.port() + "," + b.port());
        }
    }
}
