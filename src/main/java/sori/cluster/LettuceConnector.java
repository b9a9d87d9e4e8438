package sori.cluster;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * What a server and a cluster connector share once connected: the two connections' async commands, the
 * receiver of sharded messages and the reconnect listeners. A subclass makes the client, connects, routes
 * its pub/sub listener to {@link #received} and calls {@link #connected}.
 */
abstract class LettuceConnector implements RedisConnector {

    private final RedisUrl url;
    private final Duration timeout;
    private final AbstractRedisClient client;
    private final List<Runnable> reconnected = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, String>> receivers = new CopyOnWriteArrayList<>();
    private RedisClusterAsyncCommands<String, String> commands;
    private RedisPubSubAsyncCommands<String, String> pubSub;

    LettuceConnector(RedisUrl url, Duration timeout, AbstractRedisClient client) {
        this.url = url;
        this.timeout = timeout;
        this.client = client;
    }

    /** The subclass's connections are up: from here on a (re)connection is a reconnect. */
    final void connected(RedisClusterAsyncCommands<String, String> commands, RedisPubSubAsyncCommands<String, String> pubSub) {
        this.commands = commands;
        this.pubSub = pubSub;
        // Added after the first connections are up, so it hears only later (re)connections.
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                reconnected.forEach(Runnable::run);
            }
        });
    }

    /** A sharded message arrived on {@code channel}. */
    final void received(String channel, String message) {
        for (BiConsumer<String, String> r : receivers) {
            r.accept(channel, message);
        }
    }

    @Override
    public RedisClusterAsyncCommands<String, String> commands() {
        return commands;
    }

    @Override
    public CompletionStage<Void> ssubscribe(String channel) {
        return pubSub.ssubscribe(channel);
    }

    @Override
    public CompletionStage<Void> sunsubscribe(String channel) {
        return pubSub.sunsubscribe(channel);
    }

    @Override
    public void onShardMessage(BiConsumer<String, String> receiver) {
        receivers.add(receiver);
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
