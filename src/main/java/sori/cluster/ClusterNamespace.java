package sori.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sori.chat.Event;
import sori.chat.Hub;
import sori.chat.Namespace;
import sori.store.EventCodec;

/**
 * The Hub's {@link Namespace} on Redis ({@code docs/cluster-design.md}, "Names and leases" and "Private messages"):
 * names through {@link ClusterDirectory} under this node's id, private messages to other nodes through each node's
 * sharded inbox channel {@code sori:{node:ID}:inbox}.
 *
 * <p>Claims are counted per name on this node: the first takes the name in Redis, the last release frees it there,
 * and the ones between answer at once. The Redis steps of one name run one after another (a claim that comes while
 * a release is on its way waits for it), so a name freed here and taken again at once is never left free in Redis
 * while a person here holds it. A release that fails (Redis away), or a claim that failed and may have taken the
 * name anyway, is tried again every {@code retry} while nobody here holds the name, so a name is not kept from
 * the other nodes for as long as this node lives.
 *
 * <p>Stages handed to the Hub complete on this namespace's own (virtual) threads, never on Lettuce's. Private
 * messages that arrive are delivered one at a time, in the order they came.
 */
public final class ClusterNamespace implements Namespace, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterNamespace.class);

    /** How often names whose release failed are freed again. */
    public static final Duration DEFAULT_RETRY = Duration.ofSeconds(5);

    private static final CompletionStage<Boolean> YES = CompletableFuture.completedStage(true);

    private final RedisConnector redis;
    private final ClusterDirectory directory;
    private final String node;
    private final String inbox;
    private final BooleanSupplier alive;
    private final ExecutorService callbacks = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorService arrivals = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("sori-inbox").factory());
    private final ScheduledExecutorService retries;
    /** Names with a claim or a Redis step out; guarded by itself. */
    private final Map<String, Slot> slots = new HashMap<>();
    /** Names that may still be this node's in Redis though nobody here holds them. */
    private final Set<String> stale = ConcurrentHashMap.newKeySet();
    private volatile Hub hub;

    /** One name's state on this node: claims counted, and the last Redis step, which the next one follows. */
    private static final class Slot {
        int holds;
        int queued;
        CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    }

    /** The namespace of the node {@code lease} keeps alive; a claim is refused while the lease is not alive. */
    public ClusterNamespace(RedisConnector redis, NodeLease lease) {
        this(redis, new ClusterDirectory(redis.commands()), lease.id(), lease::alive, DEFAULT_RETRY);
    }

    ClusterNamespace(RedisConnector redis, ClusterDirectory directory, String node, BooleanSupplier alive,
            Duration retry) {
        this.redis = Objects.requireNonNull(redis);
        this.directory = Objects.requireNonNull(directory);
        this.node = Objects.requireNonNull(node);
        this.inbox = NodeKeys.inbox(node);
        this.alive = Objects.requireNonNull(alive);
        retries = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("sori-names-retry").factory());
        long ms = Math.max(1, retry.toMillis());
        retries.scheduleWithFixedDelay(this::retry, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Makes {@code hub} a node of this namespace ({@link Hub#namespace(Namespace)}) and listens to this node's
     * inbox; completes once the subscription is confirmed. Call before the first connection.
     */
    public CompletionStage<Void> attach(Hub hub) {
        this.hub = Objects.requireNonNull(hub);
        redis.onShardMessage(this::received);
        hub.namespace(this);
        return redis.ssubscribe(inbox);
    }

    /** This node's id. */
    public String node() {
        return node;
    }

    /** How many names wait for a release to be tried again (tests watch the failure happen). */
    int unreleased() {
        return stale.size();
    }

    @Override
    public CompletionStage<Boolean> claim(String key) {
        synchronized (slots) {
            Slot s = slots.get(key);
            if (s != null && s.holds > 0) {
                s.holds++;
                return YES;
            }
            if (!alive.getAsBoolean()) {
                return CompletableFuture.failedStage(new IllegalStateException("this node's lease ran out"));
            }
            Slot slot = s != null ? s : new Slot();
            slots.put(key, slot);
            return handOff(step(key, slot, () -> {
                synchronized (slots) {
                    if (slot.holds > 0) { // another claim went first
                        slot.holds++;
                        return YES;
                    }
                }
                return directory.claim(key, node).handle((taken, error) -> {
                    if (error != null) {
                        stale.add(key); // it may have been taken all the same
                        throw new java.util.concurrent.CompletionException(error);
                    }
                    if (taken) {
                        synchronized (slots) {
                            slot.holds++;
                        }
                    }
                    return taken;
                });
            }));
        }
    }

    @Override
    public void release(String key) {
        synchronized (slots) {
            Slot s = slots.get(key);
            if (s == null || s.holds == 0) {
                log.warn("released the name {} more often than it was claimed", key);
                return;
            }
            if (--s.holds == 0) {
                step(key, s, () -> free(key, s));
            }
        }
    }

    /** Frees {@code key} in Redis unless a claim here came first; a failure leaves it to {@link #retry}. */
    private CompletionStage<Void> free(String key, Slot slot) {
        synchronized (slots) {
            if (slot.holds > 0) {
                return CompletableFuture.completedFuture(null);
            }
        }
        return directory.release(key, node).handle((freed, error) -> {
            if (error != null) {
                log.debug("cannot free the name {} yet: {}", key, error.toString());
                stale.add(key);
            }
            return null;
        });
    }

    /** Frees again each name whose release failed and which nobody here holds since. */
    private void retry() {
        if (stale.isEmpty() || !alive.getAsBoolean()) {
            return;
        }
        for (String key : stale) {
            stale.remove(key);
            synchronized (slots) {
                Slot s = slots.computeIfAbsent(key, k -> new Slot());
                if (s.holds == 0) { // else held again here: its last release frees it
                    step(key, s, () -> free(key, s));
                }
            }
        }
    }

    /**
     * Runs {@code op} after the name's last Redis step (under the slots' lock to call); the slot is forgotten when
     * no step is out and nobody holds the name. The op runs on this namespace's own thread, never under the slots'
     * lock: Lettuce may complete a command (and so take that lock) on a thread a command sent under it waits for.
     */
    private <T> CompletableFuture<T> step(String key, Slot slot, Supplier<CompletionStage<T>> op) {
        slot.queued++;
        CompletableFuture<T> done;
        try {
            done = slot.tail.thenComposeAsync(v -> op.get(), callbacks);
        } catch (RejectedExecutionException closed) {
            done = CompletableFuture.failedFuture(closed);
        }
        slot.tail = done.handle((v, e) -> null);
        done.whenComplete((v, e) -> {
            synchronized (slots) {
                if (--slot.queued == 0 && slot.holds == 0) {
                    slots.remove(key, slot);
                }
            }
        });
        return done;
    }

    @Override
    public CompletionStage<Boolean> deliver(String key, Event.Private message) {
        String wire;
        try {
            wire = EventCodec.privateToWire(message);
        } catch (RuntimeException e) {
            return CompletableFuture.failedStage(e);
        }
        return handOff(liveHolder(key).<Boolean>thenCompose(holder -> holder == null
                ? CompletableFuture.completedFuture(false)
                : redis.commands().spublish(NodeKeys.inbox(holder), wire).thenApply(n -> n != null && n > 0)));
    }

    @Override
    public CompletionStage<String> locate(String key) {
        return handOff(liveHolder(key));
    }

    /** The other node holding {@code key} whose lease is alive, or null (free, this node's, or a dead node's). */
    private CompletionStage<String> liveHolder(String key) {
        return directory.holder(key).<String>thenCompose(holder -> holder == null || holder.equals(node)
                ? CompletableFuture.<String>completedFuture(null)
                : redis.commands().exists(NodeKeys.lease(holder)).thenApply(n -> n != null && n > 0 ? holder : null));
    }

    /** A sharded message: one for this node's inbox is a private message to a person here. On a Lettuce thread. */
    private void received(String channel, String message) {
        if (!inbox.equals(channel)) {
            return;
        }
        try {
            arrivals.execute(() -> {
                Event.Private e;
                try {
                    e = EventCodec.privateFromWire(message);
                } catch (RuntimeException bad) {
                    log.warn("skipping an unreadable private message: {}", message, bad);
                    return;
                }
                if (!hub.privateArrived(e)) {
                    log.debug("a private message to {} arrived after the name left this node", e.to());
                }
            });
        } catch (RejectedExecutionException closed) {
            // closing: nobody is left to tell
        }
    }

    /** {@code stage}'s outcome on this namespace's own threads, so the Hub never runs on Lettuce's. */
    private <T> CompletionStage<T> handOff(CompletionStage<T> stage) {
        CompletableFuture<T> out = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            try {
                callbacks.execute(() -> {
                    if (error != null) {
                        out.completeExceptionally(error);
                    } else {
                        out.complete(value);
                    }
                });
            } catch (RejectedExecutionException closed) {
                out.completeExceptionally(closed);
            }
        });
        return out;
    }

    /**
     * Stops listening and retrying. Names still claimed stay this node's in Redis until its lease runs out (or is
     * deleted by {@link NodeLease#close}); the {@link Reaper} frees them then.
     */
    @Override
    public void close() {
        retries.shutdownNow();
        try {
            redis.sunsubscribe(inbox);
        } catch (RuntimeException e) {
            // closing anyway
        }
        arrivals.shutdownNow();
        callbacks.shutdownNow();
    }
}
