package sori.cluster;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The name namespace across nodes ({@code docs/cluster-design.md}, "Names and leases"): {@code sori:{n:N}} holds
 * the id of the node whose user has folded name N. The key has no TTL; a holder counts only while its lease
 * {@code sori:node:ID} exists, so a dead node's names are free to take at once and the {@link Reaper} clears them
 * later.
 *
 * <p>Order, because in a Redis Cluster a name and a node's sets are in different slots and no script may touch
 * both: {@link #claim} adds the name to {@code sori:{node:ID}:names} <em>before</em> taking it, and {@link #release}
 * removes it <em>after</em> freeing it. A node that dies between the two steps leaves at worst a set entry for a
 * name it does not hold, which the reaper's compare-and-delete skips; never a held name the reaper cannot find.
 * Rooms in {@code sori:{node:ID}:rooms} follow the same rule: added before the first member joins, removed
 * after the last one left.
 */
public final class ClusterDirectory {

    /** Replaces holder ARGV[1] by ARGV[2], only if ARGV[1] still holds it: two takers of a dead node's name race here. */
    private static final String TAKE_OVER = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2])
              return 1
            end
            return 0""";

    /** Deletes the name only if ARGV[1] holds it: a late release never frees a name someone else took since. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0""";

    /** A claim retries when the name changed hands under it (freed, or taken over by a third node). */
    private static final int ATTEMPTS = 3;

    private final RedisClusterAsyncCommands<String, String> redis;

    public ClusterDirectory(RedisClusterAsyncCommands<String, String> redis) {
        this.redis = Objects.requireNonNull(redis);
    }

    /**
     * Takes folded name {@code fold} for node {@code nodeId}: true if it was free, already this node's, or held
     * by a node whose lease is gone; false if a live node holds it.
     */
    public CompletionStage<Boolean> claim(String fold, String nodeId) {
        return redis.sadd(NodeKeys.names(nodeId), fold)
                .thenCompose(added -> attempt(fold, nodeId, ATTEMPTS))
                .thenCompose(taken -> taken
                        ? CompletableFuture.completedFuture(true)
                        : redis.srem(NodeKeys.names(nodeId), fold).thenApply(removed -> false));
    }

    private CompletionStage<Boolean> attempt(String fold, String nodeId, int attemptsLeft) {
        String key = NodeKeys.name(fold);
        return redis.set(key, nodeId, SetArgs.Builder.nx()).thenCompose(ok -> {
            if ("OK".equals(ok)) {
                return CompletableFuture.completedFuture(true);
            }
            return redis.get(key).thenCompose(holder -> {
                if (nodeId.equals(holder)) {
                    return CompletableFuture.completedFuture(true);
                }
                if (holder == null) { // freed between SET and GET
                    return retry(fold, nodeId, attemptsLeft);
                }
                return redis.exists(NodeKeys.lease(holder)).thenCompose(live -> {
                    if (live != null && live > 0) {
                        return CompletableFuture.completedFuture(false);
                    }
                    return redis.<Long>eval(TAKE_OVER, ScriptOutputType.INTEGER, new String[] {key}, holder, nodeId)
                            .thenCompose(n -> n == 1L ? CompletableFuture.completedFuture(true)
                                    : retry(fold, nodeId, attemptsLeft));
                });
            });
        });
    }

    private CompletionStage<Boolean> retry(String fold, String nodeId, int attemptsLeft) {
        return attemptsLeft > 1 ? attempt(fold, nodeId, attemptsLeft - 1) : CompletableFuture.completedFuture(false);
    }

    /** Frees {@code fold} if {@code nodeId} holds it; true if it did. A non-holder's release changes nothing. */
    public CompletionStage<Boolean> release(String fold, String nodeId) {
        return releaseIfHeld(redis, fold, nodeId)
                .thenCompose(freed -> redis.srem(NodeKeys.names(nodeId), fold).thenApply(removed -> freed));
    }

    /** The compare-and-delete both {@link #release} and the {@link Reaper} use. */
    static CompletionStage<Boolean> releaseIfHeld(RedisClusterAsyncCommands<String, String> redis, String fold,
            String nodeId) {
        return redis.<Long>eval(RELEASE, ScriptOutputType.INTEGER, new String[] {NodeKeys.name(fold)}, nodeId)
                .thenApply(n -> n == 1L);
    }

    /**
     * The node id recorded for {@code fold}, or null if free. It may name a node whose lease is gone and not yet
     * reaped; {@link #claim} treats such a name as free.
     */
    public CompletionStage<String> holder(String fold) {
        return redis.get(NodeKeys.name(fold));
    }

    /** Records that node {@code nodeId} has members in room {@code roomKey}: call before the first one joins. */
    public CompletionStage<Void> addRoom(String roomKey, String nodeId) {
        return redis.sadd(NodeKeys.rooms(nodeId), roomKey).thenAccept(n -> {});
    }

    /** Forgets room {@code roomKey} for node {@code nodeId}: call after its last member here left. */
    public CompletionStage<Void> removeRoom(String roomKey, String nodeId) {
        return redis.srem(NodeKeys.rooms(nodeId), roomKey).thenAccept(n -> {});
    }
}
