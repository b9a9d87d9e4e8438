package sori.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.server.ChatServer;
import sori.testing.ConsoleTest;
import sori.testing.TestServers;

/** A run the server held back is not a result: it says so, names flood control, and exits 1. */
class ThrottledRunTest extends ConsoleTest {

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldFailLoudlyAndNameFloodControlWhenTheServerPacesTheSenders(@TempDir Path dir) throws Exception {
        server = TestServers.chat(); // flood control on, as `./sori server` starts
        Path html = dir.resolve("run.html");
        int code = run("bench", "fanout", "--port", "" + server.chatAddress().getPort(), "--clients", "4",
                "--senders", "2", "--rate", "100", "--window", "8", "--warmup", "500ms", "--duration", "1s",
                "--drain", "200ms", "--quiet", "--report", html.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("NOT A RESULT: throttled").contains("--flood-rate 0");
        assertThat(err.toString()).contains("sori: bench: NOT A RESULT").contains("flood control")
                .contains("--flood-rate 0");
        assertThat(Files.readString(html)).contains("NOT A RESULT");
    }

    @Test
    void shouldPassARunTheServerDidNotHoldBack() throws Exception {
        server = TestServers.chat(TestServers::noFlood);
        int code = run("bench", "fanout", "--port", "" + server.chatAddress().getPort(), "--clients", "4",
                "--senders", "2", "--rate", "50", "--warmup", "200ms", "--duration", "1s", "--quiet", "--json");

        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("\"problems\":[]");
        assertThat(err.toString()).doesNotContain("NOT A RESULT");
    }

    @Test
    void shouldCallARunWithoutSamplesNoResult() {
        BenchResult empty = new BenchResult("echo", java.util.Map.of(), java.util.Map.of("roundTrips", 0L),
                new org.HdrHistogram.Histogram(3), java.util.List.of(), new Meter.Cpu(0, 1, 2, 0),
                java.util.List.of());
        assertThat(empty.problems()).containsExactly("no latency samples were measured");
    }
}
