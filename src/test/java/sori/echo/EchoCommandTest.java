package sori.echo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import sori.Main;
import sori.testing.ConsoleTest;

/** {@code sori echo} as the user runs it: exit codes and the lines on stderr. */
class EchoCommandTest extends ConsoleTest {

    @Test
    void shouldShowHelpAndExitZero() throws Exception {
        assertThat(run("echo", "--help")).isZero();
        assertThat(out.toString(UTF_8)).contains("--idle-flush-ms", "--exit-when-empty", "--udp", "--transport");
    }

    @Test
    void shouldExitTwoOnUnknownFlag() throws Exception {
        assertThat(run("echo", "--no-such-flag")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("--no-such-flag");
    }

    @Test
    void shouldExitTwoOnBadValues() throws Exception {
        assertThat(run("echo", "--port", "70000")).isEqualTo(2);
        assertThat(run("echo", "--transport", "carrier-pigeon")).isEqualTo(2);
        assertThat(run("echo", "--udp", "--exit-when-empty")).isEqualTo(2);
        assertThat(run("echo", "--idle-flush-ms", "0")).isEqualTo(2);
    }

    @Test
    void shouldSayInOneLineThatThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThat(run("echo", "--host", "127.0.0.1", "--port", String.valueOf(port))).isEqualTo(1);
            assertThat(err.toString(UTF_8))
                    .isEqualTo("sori: cannot listen on 127.0.0.1:" + port + ": address already in use"
                            + System.lineSeparator());
        }
    }

    @Test
    void shouldSayPortTakenForTheDefaultAddressToo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) { // every interface, as the echo server wants
            int port = taken.getLocalPort();
            assertThat(run("echo", "--port", String.valueOf(port))).isEqualTo(1);
            assertThat(err.toString(UTF_8))
                    .matches("sori: cannot listen on (\\[::\\]|0\\.0\\.0\\.0):" + port
                            + ": address already in use\\R");
        }
    }

    @Test
    void shouldEchoOnceAndExitZero() throws Exception {
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> Main.run("echo", "--host", "127.0.0.1", "--port", "0", "--once"),
                task -> Thread.ofPlatform().daemon().start(task));
        int port = startedPort();
        try (Socket s = EchoTestSupport.connect(new InetSocketAddress("127.0.0.1", port))) {
            s.getOutputStream().write("once\n".getBytes(UTF_8));
            assertThat(EchoTestSupport.readToEof(s)).isEqualTo("once\n".getBytes(UTF_8));
        }
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }

    /** Reads the port from the start line, e.g. "sori echo on 127.0.0.1:41234 (tcp, epoll)". */
    private int startedPort() throws InterruptedException {
        Pattern started = Pattern.compile("sori echo on 127\\.0\\.0\\.1:(\\d+) \\(tcp, (epoll|nio|io_uring)\\)");
        int[] port = new int[1];
        EchoTestSupport.await("the start line", () -> {
            Matcher m = started.matcher(err.toString(UTF_8));
            if (m.find()) {
                port[0] = Integer.parseInt(m.group(1));
                return true;
            }
            return false;
        });
        return port[0];
    }
}
