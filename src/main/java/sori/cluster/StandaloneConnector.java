package sori.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/** {@code redis://HOST:PORT}: one server, so both connections go to it. */
final class StandaloneConnector implements RedisConnector {

    private final RedisUrl url;
    private final Duration timeout;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private volatile BiConsumer<String, String> receiver = (c, m) -> { };
    private final List<Runnable> reconnected = new CopyOnWriteArrayList<>();

    StandaloneConnector(RedisUrl url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        RedisUrl.HostPort hp = url.hosts().getFirst();
        RedisURI uri = RedisURI.builder().withHost(hp.host()).withPort(hp.port()).withTimeout(timeout).build();
        client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(timeout)).build());
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
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void smessage(String channel, String message) {
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
