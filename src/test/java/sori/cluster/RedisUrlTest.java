package sori.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import sori.UserFacingException;

class RedisUrlTest {

    @Test
    void shouldReadAServerAndAClusterAddress() {
        assertThat(RedisUrl.parse("redis://db.example:6380"))
                .isEqualTo(new RedisUrl(false, List.of(new RedisUrl.HostPort("db.example", 6380))));
        assertThat(RedisUrl.parse("redis://10.0.0.1").hosts().getFirst().port()).isEqualTo(6379);
        RedisUrl c = RedisUrl.parse("redis+cluster://a:7000,b:7001,[::1]:7002");
        assertThat(c.cluster()).isTrue();
        assertThat(c.hosts()).extracting(RedisUrl.HostPort::toString).containsExactly("a:7000", "b:7001", "[::1]:7002");
        assertThat(c.toString()).isEqualTo("redis+cluster://a:7000,b:7001,[::1]:7002");
    }

    @Test
    void shouldRejectABadAddressWithOneLineSayingWhy() {
        assertThatThrownBy(() -> RedisUrl.parse("http://x:1")).isInstanceOf(UserFacingException.class)
                .hasMessage("bad --cluster address http://x:1: it must start with redis:// (one server) or redis+cluster:// (a Redis Cluster)");
        assertThatThrownBy(() -> RedisUrl.parse("redis://a:1,b:2")).isInstanceOf(UserFacingException.class)
                .hasMessageContaining("redis+cluster://");
        assertThatThrownBy(() -> RedisUrl.parse("redis://a:99999")).isInstanceOf(UserFacingException.class)
                .hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> RedisUrl.parse("redis+cluster://a:1,,b:2")).isInstanceOf(UserFacingException.class)
                .hasMessageContaining("is not HOST:PORT");
        assertThatThrownBy(() -> RedisUrl.parse("redis://")).isInstanceOf(UserFacingException.class);
    }
}
