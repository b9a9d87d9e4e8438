package sori.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AddressesTest {
    private static String format(String ip, int port) throws Exception {
        return Addresses.format(new InetSocketAddress(InetAddress.getByName(ip), port));
    }

    @Test
    void shouldWriteIpv4AsIs() throws Exception {
        assertThat(format("127.0.0.1", 5555)).isEqualTo("127.0.0.1:5555");
    }

    @Test
    void shouldShortenIpv6AndBracketIt() throws Exception {
        assertThat(format("::", 9999)).isEqualTo("[::]:9999");
        assertThat(format("::1", 9999)).isEqualTo("[::1]:9999");
        assertThat(format("2001:db8:0:0:1:0:0:1", 1)).isEqualTo("[2001:db8::1:0:0:1]:1");
        assertThat(format("2001:db8:0:1:1:1:1:1", 1)).isEqualTo("[2001:db8:0:1:1:1:1:1]:1");
        assertThat(format("fe80:0:0:0:0:0:0:0", 1)).isEqualTo("[fe80::]:1");
    }

    @Test
    void shouldBracketTypedIpv6Hosts() {
        assertThat(Addresses.format("::1", 80)).isEqualTo("[::1]:80");
        assertThat(Addresses.format("example.com", 80)).isEqualTo("example.com:80");
    }
}
