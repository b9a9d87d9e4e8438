package sori.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;

/** {@code redis://HOST:PORT}: one server, so both connections go to it. */
final class StandaloneConnector extends LettuceConnector {

    StandaloneConnector(RedisUrl url, Duration timeout) {
        this(url, timeout, client(url, timeout));
    }

    private StandaloneConnector(RedisUrl url, Duration timeout, RedisClient client) {
        super(url, timeout, client);
        StatefulRedisConnection<String, String> commands;
        StatefulRedisPubSubConnection<String, String> pubSub;
        try {
            commands = client.connect();
            pubSub = client.connectPubSub();
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void smessage(String channel, String message) {
                received(channel, message);
            }
        });
        connected(commands.async(), pubSub.async());
    }

    private static RedisClient client(RedisUrl url, Duration timeout) {
        RedisUrl.HostPort hp = url.hosts().getFirst();
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(hp.host()).withPort(hp.port())
                .withTimeout(timeout).build());
        client.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(timeout)).build());
        return client;
    }
}
