package sori.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EchoRunTest {

    @Test
    void shouldCountEveryRoundTrip() throws Exception {
        try (EchoStandIn server = new EchoStandIn()) {
            BenchResult r = new EchoRun(EchoConfig.of(RunTestSupport.config(server.port()), 20, 64)).run();

            assertThat(r.number("roundTrips")).isPositive().isEqualTo(r.number("sent"));
            assertThat(r.number("losses")).isZero();
            assertThat(r.number("mismatches")).isZero();
            assertThat(r.number("stalled")).isZero();
            assertThat(r.latency().getTotalCount()).isEqualTo(r.number("roundTrips"));
            Map<String, Number> json = JsonReport.numbers(JsonReport.render(r));
            assertThat(json).containsKeys("roundTrips", "roundTripsPerSec", "latencyMs.p99", "cpu.cpuSeconds");
        }
    }
}
