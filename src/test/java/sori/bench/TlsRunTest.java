package sori.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import sori.UserFacingException;

class TlsRunTest {

    @Test
    void shouldRunFanoutOverTls() throws Exception {
        try (ChatStandIn server = new ChatStandIn(0, true, TestTls.server())) {
            BenchConfig c = RunTestSupport.config(server.port()).withTls(true);

            BenchResult r = new FanoutRun(FanoutConfig.of(c, 10, 2, 64, 50)).run();

            assertThat(r.number("sent")).isPositive();
            assertThat(r.number("delivered")).isEqualTo(r.number("sent") * 10);
            assertThat(r.number("losses")).isZero();
            assertThat(r.params()).containsEntry("tls", true);
        }
    }

    @Test
    void shouldRunEchoOverTls() throws Exception {
        try (EchoStandIn server = new EchoStandIn(0, TestTls.server())) {
            BenchConfig c = RunTestSupport.config(server.port()).withTls(true);

            BenchResult r = new EchoRun(EchoConfig.of(c, 10, 64)).run();

            assertThat(r.number("roundTrips")).isPositive().isEqualTo(r.number("sent"));
            assertThat(r.number("mismatches")).isZero();
            assertThat(r.number("stalled")).isZero();
        }
    }

    @Test
    void shouldSayTlsFailedWhenThePortIsPlain() throws Exception {
        try (ChatStandIn plain = new ChatStandIn()) {
            BenchConfig c = RunTestSupport.config(plain.port()).withTls(true);

            assertThatThrownBy(() -> new FanoutRun(FanoutConfig.of(c, 2, 1, 64, 10)).run())
                    .isInstanceOf(UserFacingException.class)
                    .hasMessageContaining("TLS");
        }
    }
}
