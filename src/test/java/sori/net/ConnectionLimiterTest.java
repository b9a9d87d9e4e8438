package sori.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Admission counting without sockets; the same limits over real sockets are in sori.line.LimitsTest. */
class ConnectionLimiterTest {

    private static InetSocketAddress at(String ip) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), 40000);
    }

    @Test
    void shouldRefusePastTheTotalAndAdmitAgainAfterARelease() throws Exception {
        ConnectionLimiter l = new ConnectionLimiter(Limits.defaults().withConnections(2, 0, false), new LimitCounters());
        assertThat(l.admit(at("192.0.2.1"))).isNull();
        assertThat(l.admit(at("192.0.2.2"))).isNull();
        assertThat(l.admit(at("192.0.2.3"))).isEqualTo(new Tripped(Limit.MAX_CLIENTS, 2));
        assertThat(l.open()).isEqualTo(2);
        l.release(at("192.0.2.1"));
        assertThat(l.admit(at("192.0.2.3"))).isNull();
    }

    @Test
    void shouldCountPerAddressAndAnIpv6Slash64AsOne() throws Exception {
        ConnectionLimiter l = new ConnectionLimiter(Limits.defaults().withConnections(100, 2, false), new LimitCounters());
        assertThat(l.admit(at("2001:db8::1"))).isNull();
        assertThat(l.admit(at("2001:db8::ffff:2"))).isNull();
        assertThat(l.admit(at("2001:db8::3"))).isEqualTo(new Tripped(Limit.MAX_PER_ADDRESS, 2));
        assertThat(l.admit(at("2001:db8:0:1::1"))).isNull();
        assertThat(l.admit(at("198.51.100.7"))).isNull();
        assertThat(l.open()).isEqualTo(4);
        assertThat(l.open(InetAddress.getByName("2001:db8::42"))).isEqualTo(2);
        l.release(at("2001:db8::1"));
        l.release(at("2001:db8::ffff:2"));
        assertThat(l.open(InetAddress.getByName("2001:db8::42"))).isZero();
        assertThat(l.admit(at("2001:db8::3"))).isNull();
    }

    @Test
    void shouldCountAnIpv4MappedAddressAsItsIpv4AddressNotAsOneSlash64() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 198, 51, 100, 7};
        java.net.Inet6Address v6 = java.net.Inet6Address.getByAddress(null, mapped, -1);
        assertThat(ConnectionLimiter.key(v6)).isEqualTo(InetAddress.getByName("198.51.100.7"));
        byte[] other = mapped.clone();
        other[15] = 8;
        assertThat(ConnectionLimiter.key(java.net.Inet6Address.getByAddress(null, other, -1)))
                .isNotEqualTo(ConnectionLimiter.key(v6));
    }

    @Test
    void shouldExemptLoopbackUnlessAskedToLimitIt() throws Exception {
        ConnectionLimiter exempt = new ConnectionLimiter(Limits.defaults().withConnections(100, 1, false),
                new LimitCounters());
        for (int i = 0; i < 5; i++) {
            assertThat(exempt.admit(at("127.0.0.1"))).isNull();
            assertThat(exempt.admit(at("::1"))).isNull();
        }
        ConnectionLimiter strict = new ConnectionLimiter(Limits.defaults().withConnections(100, 1, true),
                new LimitCounters());
        assertThat(strict.admit(at("127.0.0.1"))).isNull();
        assertThat(strict.admit(at("127.0.0.1"))).isEqualTo(new Tripped(Limit.MAX_PER_ADDRESS, 1));
    }

    @Test
    void shouldValidateLimits() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Limits.defaults().withFlood(-1, 2))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Limits.defaults().withConnections(-1, 2, false))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Limits.defaults().withRegisterSeconds(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Limits.defaults().withFlood(0, 2).floodControl()).isFalse();
        assertThat(Limits.defaults().floodControl()).isTrue();
    }
}
