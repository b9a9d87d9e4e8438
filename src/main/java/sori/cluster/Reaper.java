package sori.cluster;

import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees what dead nodes left ({@code docs/cluster-design.md}, "Names and leases"). Every lease/2 it looks at each
 * node in {@code sori:nodes} but this one; for a node whose lease key is gone it tries {@code SET sori:reap:ID NX
 * PX lease}, and only the node that wins reaps: it hands the dead node's names and rooms to the {@link Callback}
 * ({@link Takeover} announces its members' leaving and copies the rooms' stream tails into the store), frees each
 * name still held by the dead node, deletes its sets and removes it from {@code sori:nodes}.
 *
 * <p>The reap key is left to run out rather than deleted, and the winner checks the dead node is still listed, so
 * a node that looks a moment later finds the work done instead of doing it again. Should the winner die half way,
 * its reap key runs out and another node repeats the reap; the callback must therefore tolerate a repeat (the
 * design's leave script checks membership first).
 *
 * <p>At {@link #start} this node also reaps its own earlier incarnations (same name, {@link NodeLease#nameOf}) even
 * if their lease has not run out: a node name belongs to one running process, so an older incarnation is a
 * process that died, and its users should not wait a lease to be released. Its lease key is deleted first, so
 * {@link ClusterDirectory#claim} treats its names as free at once.
 */
public final class Reaper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);

    /** What to do with a dead node's users before its names are freed. */
    @FunctionalInterface
    public interface Callback {
        /** Called once per dead node by the one node that reaps it; the names are folded, the rooms room keys. */
        CompletionStage<Void> reap(String deadId, Set<String> names, Set<String> rooms);
    }

    private final RedisClusterAsyncCommands<String, String> redis;
    private final NodeLease self;
    private final ScheduledExecutorService scheduler;
    private final Callback callback;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private ScheduledFuture<?> ticks; // guarded by this
    private volatile boolean closed;

    public Reaper(RedisClusterAsyncCommands<String, String> redis, NodeLease self, ScheduledExecutorService scheduler,
            Callback callback) {
        this.redis = Objects.requireNonNull(redis);
        this.self = Objects.requireNonNull(self);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.callback = Objects.requireNonNull(callback);
    }

    /** Reaps this node's earlier incarnations, then sweeps every lease/2. Call after the lease has started. */
    public CompletionStage<Void> start() {
        String name = NodeLease.nameOf(self.id());
        return redis.smembers(NodeKeys.NODES).thenCompose(ids -> {
            List<CompletionStage<Boolean>> reaps = new ArrayList<>();
            for (String id : ids) {
                if (!id.equals(self.id()) && sameName(id, name)) {
                    reaps.add(redis.del(NodeKeys.lease(id)).thenCompose(n -> reap(id)));
                }
            }
            return allOf(reaps);
        }).thenRun(() -> {
            synchronized (this) {
                if (!closed) {
                    long period = Math.max(1, self.lease().toMillis() / 2);
                    ticks = scheduler.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
                }
            }
        });
    }

    private static boolean sameName(String id, String name) {
        try {
            return NodeLease.nameOf(id).equals(name);
        } catch (IllegalArgumentException e) {
            return false; // not an id this version writes; leave it alone
        }
    }

    private void tick() {
        // a node that lost its own lease may be the one cut off; it acts for the cluster again once renewed
        if (closed || !self.alive() || !sweeping.compareAndSet(false, true)) {
            return;
        }
        sweep().whenComplete((v, failure) -> {
            sweeping.set(false);
            if (failure != null) {
                LOG.debug("reaper sweep failed; the next one retries", failure);
            }
        });
    }

    /** One pass: reaps every listed node whose lease is gone and that no other node is reaping. */
    public CompletionStage<Void> sweep() {
        return redis.smembers(NodeKeys.NODES).thenCompose(ids -> {
            List<CompletionStage<Boolean>> reaps = new ArrayList<>();
            for (String id : ids) {
                if (!id.equals(self.id())) {
                    reaps.add(redis.exists(NodeKeys.lease(id))
                            .thenCompose(live -> live != null && live > 0 ? CompletableFuture.completedFuture(false)
                                    : reap(id)));
                }
            }
            return allOf(reaps);
        });
    }

    /** Reaps {@code deadId} if this node wins its reap key and it is still listed; true if this node reaped it. */
    private CompletionStage<Boolean> reap(String deadId) {
        SetArgs once = SetArgs.Builder.nx().px(self.lease().toMillis());
        return redis.set(NodeKeys.reap(deadId), self.id(), once).thenCompose(won -> {
            if (!"OK".equals(won)) {
                return CompletableFuture.completedFuture(false);
            }
            return redis.sismember(NodeKeys.NODES, deadId).thenCompose(listed -> {
                if (!Boolean.TRUE.equals(listed)) {
                    return CompletableFuture.completedFuture(false); // reaped a moment ago by another node
                }
                return redis.smembers(NodeKeys.names(deadId)).thenCompose(names ->
                        redis.smembers(NodeKeys.rooms(deadId)).thenCompose(rooms ->
                                callback.reap(deadId, Set.copyOf(names), Set.copyOf(rooms))
                                        .thenCompose(v -> freeNames(deadId, names))))
                        // sets before the listing: a reap cut short here is found and finished by the next one
                        .thenCompose(v -> redis.del(NodeKeys.names(deadId), NodeKeys.rooms(deadId)))
                        .thenCompose(n -> redis.srem(NodeKeys.NODES, deadId))
                        .thenApply(n -> true);
            });
        });
    }

    private CompletionStage<Void> freeNames(String deadId, Set<String> names) {
        List<CompletionStage<Boolean>> frees = new ArrayList<>();
        for (String fold : names) {
            frees.add(ClusterDirectory.releaseIfHeld(redis, fold, deadId));
        }
        return allOf(frees);
    }

    private static CompletionStage<Void> allOf(List<? extends CompletionStage<?>> stages) {
        return CompletableFuture.allOf(stages.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new));
    }

    /** Stops sweeping; a reap under way finishes on Lettuce's threads. The scheduler stays the caller's. */
    @Override
    public synchronized void close() {
        closed = true;
        if (ticks != null) {
            ticks.cancel(false);
        }
    }
}
