package sori.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FanoutRunTest {
    private static ChatStandIn server;

    @BeforeAll
    static void start() throws InterruptedException {
        server = new ChatStandIn();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void shouldDeliverEveryRatePacedMessageToEveryClient(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("fanout.html");
        FanoutConfig cfg = FanoutConfig.of(RunTestSupport.config(server.port(), html), 20, 2, 64, 50);

        BenchResult r = new FanoutRun(cfg).run();

        assertThat(r.number("sent")).isPositive();
        assertThat(r.number("delivered")).isEqualTo(r.number("sent") * 20);
        assertThat(r.number("losses")).isZero();
        assertThat(r.number("reorders")).isZero();
        assertThat(r.number("duplicates")).isZero();
        assertThat(r.number("disconnects")).isZero();
        assertThat(r.latency().getTotalCount()).isEqualTo(r.number("delivered"));

        Map<String, Number> json = JsonReport.numbers(JsonReport.render(r));
        assertThat(json).containsKeys("sent", "delivered", "deliveredPerSec", "losses", "reorders", "latencyMs.p50",
                "latencyMs.p90", "latencyMs.p99", "latencyMs.p999", "latencyMs.max", "cpu.busyCores");
        assertThat(json.get("delivered").longValue()).isEqualTo(r.number("delivered"));

        Bench.output(r, cfg.common(), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        assertThat(Files.readString(html)).contains("<svg", "</svg>", "fanout", "delivered").doesNotContain("{{");
    }

    @Test
    void shouldDeliverEveryFlatOutMessageToEveryClient() {
        FanoutConfig cfg = new FanoutConfig(RunTestSupport.config(server.port()), 20, 2, 100, 0, 16,
                Duration.ofSeconds(5));

        BenchResult r = new FanoutRun(cfg).run();

        assertThat(r.number("sent")).isPositive();
        assertThat(r.number("delivered")).isEqualTo(r.number("sent") * 20);
        assertThat(r.number("losses")).isZero();
        assertThat(r.number("reorders")).isZero();
        assertThat(TextReport.render(r)).contains("delivered", "latency ms", "p99.9", "generator cpu");
    }
}
