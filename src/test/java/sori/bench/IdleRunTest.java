package sori.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IdleRunTest {
    private static ChatStandIn server;

    @BeforeAll
    static void start() throws InterruptedException {
        server = new ChatStandIn();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static BenchConfig shortHold() {
        return RunTestSupport.config(server.port()).withTimes(Duration.ofMillis(300), Duration.ZERO);
    }

    @Test
    void shouldHoldEveryRegisteredConnectionAndReadServerMemory() {
        long pid = ProcessHandle.current().pid(); // the stand-in lives in this JVM
        IdleConfig cfg = new IdleConfig(shortHold(), 50, 1, pid, Marker.newRunId(), 0, 50, false);

        BenchResult r = new IdleRun(cfg, System.out).run();

        assertThat(r.number("registered")).isEqualTo(50);
        assertThat(r.number("stayedUp")).isEqualTo(50);
        assertThat(r.number("dropped")).isZero();
        assertThat(r.results()).containsKeys("serverRssBefore", "serverRssAfter", "serverBytesPerConnection");
        assertThat(JsonReport.numbers(JsonReport.render(r))).containsKeys("stayedUp", "serverBytesPerConnection");
    }

    @Test
    void shouldPrintARegisteredEventInAChildProcess() {
        IdleConfig cfg = new IdleConfig(shortHold(), 10, 1, 0, Marker.newRunId(), 5, 20, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        BenchResult r = new IdleRun(cfg, new PrintStream(out, true, StandardCharsets.UTF_8)).run();

        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("{\"event\":\"registered\",\"registered\":10,");
        assertThat(r.number("stayedUp")).isEqualTo(10);
    }

    @Test
    void shouldConnectFromExtraLoopbackAddressesWhenAsked() {
        BenchConfig c = shortHold();
        Meter meter = new Meter();
        int run = Marker.newRunId();
        var source = Limits.sourceAddresses(20, 0, new java.net.InetSocketAddress("127.0.0.1", c.port()), 10);
        try (LineClient client = new LineClient(c, true)) {
            LineClient.Connected<IdleClient> conn = client.connect(20, i -> new IdleClient(meter, Names.of(run, i)),
                    source, true, new Progress(meter, false, s -> ""));

            assertThat(conn.clients()).hasSize(20);
            assertThat(conn.clients()).extracting(h -> ((java.net.InetSocketAddress) h.channel().localAddress())
                    .getHostString()).containsOnly("127.0.0.2", "127.0.0.3").contains("127.0.0.2", "127.0.0.3");
        }
    }

    @Test
    void shouldSpreadConnectionsOverChildProcesses() {
        IdleConfig cfg = new IdleConfig(shortHold(), 30, 2, 0, Marker.newRunId(), 0, 30, false);

        BenchResult r = new IdleRun(cfg, System.out).run();

        assertThat(r.number("registered")).isEqualTo(30);
        assertThat(r.number("stayedUp")).isEqualTo(30);
        assertThat(r.number("failed")).isZero();
    }
}
