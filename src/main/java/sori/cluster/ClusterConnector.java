package sori.cluster;

import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import java.time.Duration;

/**
 * {@code redis+cluster://...}: Lettuce learns the slot map from the seeds, routes each command by its key and
 * follows {@code MOVED}; the topology is refreshed on redirects and lost connections, so a failover is found.
 */
final class ClusterConnector extends LettuceConnector {

    ClusterConnector(RedisUrl url, Duration timeout) {
        this(url, timeout, client(url, timeout));
    }

    private ClusterConnector(RedisUrl url, Duration timeout, RedisClusterClient client) {
        super(url, timeout, client);
        StatefulRedisClusterConnection<String, String> commands;
        StatefulRedisClusterPubSubConnection<String, String> pubSub;
        try {
            commands = client.connect();
            pubSub = client.connectPubSub();
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
        pubSub.addListener(new RedisClusterPubSubAdapter<>() {
            @Override
            public void smessage(RedisClusterNode node, String channel, String message) {
                received(channel, message);
            }
        });
        connected(commands.async(), pubSub.async());
    }

    private static RedisClusterClient client(RedisUrl url, Duration timeout) {
        RedisClusterClient client = RedisClusterClient.create(url.hosts().stream()
                .map(hp -> RedisURI.builder().withHost(hp.host()).withPort(hp.port()).withTimeout(timeout).build())
                .toList());
        client.setOptions(ClusterClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().build())
                .build());
        return client;
    }
}
