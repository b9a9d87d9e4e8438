package sori.cluster;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import sori.UserFacingException;

/**
 * One Lettuce client for what {@code --cluster} names, a standalone server or a Redis Cluster; the only place
 * that knows which. It holds two connections: one for commands (async, pipelined, shared by every caller) and
 * one for sharded pub/sub, which in a cluster follows each channel to the master owning its slot. Both
 * reconnect by themselves (Lettuce's default, with its backoff); a command waits at most
 * {@link #commandTimeout()} and then fails, so a dead Redis turns into an error and never a hang.
 */
public interface RedisConnector extends AutoCloseable {

    /** How long a command may wait for its reply, queued through a reconnect included. */
    Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

    /** Commands common to a server and a cluster (a cluster routes each by its key's slot). */
    RedisClusterAsyncCommands<String, String> commands();

    /** {@code SSUBSCRIBE channel}; complete once the server confirmed it. */
    CompletionStage<Void> ssubscribe(String channel);

    /** {@code SUNSUBSCRIBE channel}. */
    CompletionStage<Void> sunsubscribe(String channel);

    /**
     * Adds a receiver of sharded messages (channel, message), called on a Lettuce event-loop thread; each gets
     * every message (the rooms' live channels and a node's inbox share the connection) and skips other channels.
     */
    void onShardMessage(BiConsumer<String, String> receiver);

    /**
     * Adds a listener told, on a Lettuce thread, each time a connection to Redis (any of them, pub/sub included)
     * is established again. Lettuce resubscribes by itself, but a message published while the pub/sub connection
     * was down is gone: a listener re-reads what it follows. Its subscriptions may not be confirmed yet when it
     * is called; a new {@link #ssubscribe} is, once it completes.
     */
    void onReconnect(Runnable listener);

    Duration commandTimeout();

    /** What it is connected to, for logs and errors. */
    RedisUrl url();

    @Override
    void close();

    /** Parses {@code url} and connects; a bad address or an unreachable Redis is a {@link UserFacingException}. */
    static RedisConnector open(String url, Duration commandTimeout) {
        RedisUrl parsed = RedisUrl.parse(url);
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("command timeout must be positive: " + commandTimeout);
        }
        try {
            return parsed.cluster() ? new ClusterConnector(parsed, commandTimeout)
                    : new StandaloneConnector(parsed, commandTimeout);
        } catch (RedisConnectionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new UserFacingException("cannot reach Redis at " + parsed + ": " + cause.getMessage(), e);
        }
    }
}
