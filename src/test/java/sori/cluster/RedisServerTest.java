package sori.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.Test;
import sori.testing.RedisServer;

/** The test Redis itself: what the cluster tests stand on. Data survives a kill and restart (AOF), and a cluster covers every slot. */
class RedisServerTest {

    @Test
    void shouldKeepWhatWasWrittenAcrossAKillAndRestart() {
        try (RedisServer redis = RedisServer.start()) {
            RedisClient client = RedisClient.create(redis.url());
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                c.sync().set("sori:test", "kept");
            } finally {
                client.shutdown();
            }
            redis.restart();
            assertThat(redis.cli("GET", "sori:test")).isEqualTo("kept\n");
        }
    }

    @Test
    void shouldSpreadKeysOverThreeMastersAndKeepAHashTagInOneSlot() {
        try (RedisServer.Cluster cluster = RedisServer.cluster()) {
            RedisClusterClient client = RedisClusterClient.create(
                    cluster.nodes().stream().map(n -> io.lettuce.core.RedisURI.create(n.url())).toList());
            try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
                for (int i = 0; i < 50; i++) {
                    c.sync().set("sori:spread:" + i, "v" + i);
                }
                assertThat(c.sync().get("sori:spread:42")).isEqualTo("v42");
                assertThat(c.sync().clusterKeyslot("sori:{r:lobby}:seq"))
                        .isEqualTo(c.sync().clusterKeyslot("sori:{r:lobby}:log"));
                long masters = c.sync().clusterNodes().lines().filter(l -> l.contains("master")).count();
                assertThat(masters).isEqualTo(3);
            } finally {
                client.shutdown();
            }
        }
    }
}
