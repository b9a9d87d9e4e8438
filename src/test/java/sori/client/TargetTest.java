package sori.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetTest {
    @Test
    void shouldTakeDefaultPortForBareHost() {
        assertThat(Target.parse("localhost", 9999)).isEqualTo(new Target("localhost", 9999));
    }

    @Test
    void shouldSplitHostAndPort() {
        assertThat(Target.parse("example.com:80", 9999)).isEqualTo(new Target("example.com", 80));
    }

    @Test
    void shouldReadBracketedIpv6WithAndWithoutPort() {
        assertThat(Target.parse("[::1]:7000", 9999)).isEqualTo(new Target("::1", 7000));
        assertThat(Target.parse("[::1]", 9999)).isEqualTo(new Target("::1", 9999));
    }

    @Test
    void shouldTakeBareIpv6AsHostOnly() {
        assertThat(Target.parse("fe80::1", 9999)).isEqualTo(new Target("fe80::1", 9999));
    }

    @Test
    void shouldWriteIpv6InBrackets() {
        assertThat(new Target("::1", 9999)).hasToString("[::1]:9999");
        assertThat(new Target("localhost", 80)).hasToString("localhost:80");
    }

    @Test
    void shouldRejectBadPortsAndBrackets() {
        assertThatThrownBy(() -> Target.parse("host:", 9999)).hasMessageContaining("bad port");
        assertThatThrownBy(() -> Target.parse("host:http", 9999)).hasMessageContaining("bad port 'http'");
        assertThatThrownBy(() -> Target.parse("host:0", 9999)).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> Target.parse("host:65536", 9999)).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> Target.parse("[::1", 9999)).hasMessageContaining("missing ']'");
        assertThatThrownBy(() -> Target.parse("[::1]x", 9999)).hasMessageContaining("':PORT'");
        assertThatThrownBy(() -> Target.parse(":80", 9999)).hasMessageContaining("host is empty");
    }
}
