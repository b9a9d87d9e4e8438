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

    /** 10 members, 2 senders at 100/s; the drain is short because the missing lines never come. */
    private static FanoutConfig faulty(ChatStandIn s) {
        return new FanoutConfig(RunTestSupport.config(s.port()), 10, 2, 64, 100, 64, Duration.ofSeconds(2));
    }

    @Test
    void shouldReportLossesWhenTheServerDropsLines() throws Exception {
        try (ChatStandIn lossy = new ChatStandIn()) {
            lossy.fault(ChatStandIn.Fault.DROP_EVERY_TENTH);
            BenchResult r = new FanoutRun(faulty(lossy)).run();

            assertThat(r.number("sent")).isPositive();
            assertThat(r.number("losses")).isPositive().isEqualTo(r.number("expected") - r.number("delivered"));
            assertThat(r.number("losses") % 10).as("a dropped line is lost by all 10 members").isZero();
            assertThat(r.number("reorders")).isZero();
        }
    }

    @Test
    void shouldReportReordersWhenTheServerSwapsLines() throws Exception {
        try (ChatStandIn swapping = new ChatStandIn()) {
            swapping.fault(ChatStandIn.Fault.SWAP_PAIRS);
            BenchResult r = new FanoutRun(faulty(swapping)).run();

            assertThat(r.number("reorders")).isPositive();
            assertThat(r.number("reorders") % 10).as("every member sees each swap").isZero();
        }
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
