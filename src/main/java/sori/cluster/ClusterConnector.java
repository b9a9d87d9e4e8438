package sori.cluster;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * {@code redis+cluster://...}: Lettuce learns the slot map from the seeds, routes each command by its key and
 * follows {@code MOVED}; the topology is refreshed on redirects and lost connections, so a failover is found.
 */
final class ClusterConnector implements RedisConnector {

    private final RedisUrl url;
    private final Duration timeout;
    private final RedisClusterClient client;
    private final StatefulRedisClusterConnection<String, String> commands;
    private final StatefulRedisClusterPubSubConnection<String, String> pubSub;
    private volatile BiConsumer<String, String> receiver = (c, m) -> { };
    private final List<Runnable> reconnected = new CopyOnWriteArrayList<>();

    ClusterConnector(RedisUrl url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        client = RedisClusterClient.create(url.hosts().stream()
                .map(hp -> RedisURI.builder().withHost(hp.host()).withPort(hp.port()).withTimeout(timeout).build())
                .toList());
        client.setOptions(ClusterClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().build())
                .build());
        try {
            commands = client.connect();
            pubSub = client.connectPubSub();
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
        // Added after the first connections are up, so it hears only later (re)connections.
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                reconnected.forEach(Runnable::run);
            }
        });
        pubSub.addListener(new RedisClusterPubSubAdapter<>() {
            @Override
            public void smessage(RedisClusterNode node, String channel, String message) {
                receiver.accept(channel, message);
            }
        });
    }

    @Override
    public RedisClusterAsyncCommands<String, String> commands() {
        return commands.async();
    }

    @Override
    public CompletionStage<Void> ssubscribe(String channel) {
        return pubSub.async().ssubscribe(channel);
    }

    @Override
    public CompletionStage<Void> sunsubscribe(String channel) {
        return pubSub.async().sunsubscribe(channel);
    }

    @Override
    public void onShardMessage(BiConsumer<String, String> receiver) {
        this.receiver = receiver;
    }

    @Override
    public void onReconnect(Runnable listener) {
        reconnected.add(listener);
    }

    @Override
    public Duration commandTimeout() {
        return timeout;
    }

    @Override
    public RedisUrl url() {
        return url;
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
