package sori.cluster;

import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * This node's lease: {@code sori:node:ID} set with {@code PX lease}, renewed every lease/3, and the id listed in
 * {@code sori:nodes} so a {@link Reaper} finds it once the lease runs out.
 *
 * <p>{@link #alive()} is false once no renewal has succeeded within the lease, counted from when the successful
 * renewal was <em>sent</em>: Redis starts the key's time later than that, so this node gives up its claim to be
 * alive no later than Redis forgets it, and never believes in names another node may already have taken.
 *
 * <p>A node id is {@code NAME@INCARNATION}: the node's name ({@code --node-name}, by default {@code host:port})
 * and its start time in milliseconds. The name part lets a restarted node find its previous incarnations in
 * {@code sori:nodes} and reap them at start ({@link Reaper#start}); the incarnation keeps the two apart. Names may
 * not contain {@code @}, braces or spaces (braces would break the {@code {node:ID}} hash tag), so the id splits at
 * its last {@code @}.
 */
public final class NodeLease implements AutoCloseable {

    /** How long a node counts as alive after its last renewal ({@code --node-lease}). */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:\\-]{1,100}");

    /** Told when {@link #alive()} changes; called on the scheduler's thread or Lettuce's, so keep it short. */
    public interface Listener {
        /** No renewal succeeded within the lease: this node's names may already be someone else's. */
        void lost();

        /** A renewal succeeded again after {@link #lost}. */
        void regained();
    }

    private final RedisClusterAsyncCommands<String, String> redis;
    private final String id;
    private final Duration lease;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoClock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    private final Object reportLock = new Object();
    private long lastSuccessNanos;
    private boolean everRenewed;
    private boolean reportedAlive;
    private CompletableFuture<?> inFlight;
    private long inFlightSentNanos;
    private ScheduledFuture<?> ticks;
    private boolean closed;

    /**
     * A lease for node {@code id} ({@link #nodeId}); nothing is sent before {@link #start}. {@code nanoClock}
     * is {@code System::nanoTime} outside tests.
     */
    public NodeLease(RedisClusterAsyncCommands<String, String> redis, String id, Duration lease,
            ScheduledExecutorService scheduler, LongSupplier nanoClock) {
        this.redis = Objects.requireNonNull(redis);
        this.id = Objects.requireNonNull(id);
        if (lease.toMillis() < 3) {
            throw new IllegalArgumentException("node lease too short: " + lease);
        }
        this.lease = lease;
        this.scheduler = Objects.requireNonNull(scheduler);
        this.nanoClock = Objects.requireNonNull(nanoClock);
        nameOf(id); // validates
    }

    public NodeLease(RedisClusterAsyncCommands<String, String> redis, String id, Duration lease,
            ScheduledExecutorService scheduler) {
        this(redis, id, lease, scheduler, System::nanoTime);
    }

    /** The id of incarnation {@code startMillis} of node {@code name}. */
    public static String nodeId(String name, long startMillis) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("node name may hold letters, digits and . _ : - only: " + name);
        }
        return name + "@" + startMillis;
    }

    /** The name part of a node id: what stays the same across restarts. */
    public static String nameOf(String nodeId) {
        int at = nodeId.lastIndexOf('@');
        if (at <= 0 || !NAME.matcher(nodeId.substring(0, at)).matches()) {
            throw new IllegalArgumentException("not a node id: " + nodeId);
        }
        return nodeId.substring(0, at);
    }

    /** The default node name: this host's name and the chat port, with characters a name may not hold replaced. */
    public static String defaultName(int port) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        String name = host.replaceAll("[^A-Za-z0-9._\\-]", "-") + ":" + port;
        return name.length() > 100 ? name.substring(name.length() - 100) : name;
    }

    public String id() {
        return id;
    }

    public Duration lease() {
        return lease;
    }

    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Takes the lease and registers the id in {@code sori:nodes}, then renews every lease/3. The stage fails if
     * the first lease could not be set (Redis unreachable): a node does not join a cluster it cannot reach.
     */
    public CompletionStage<Void> start() {
        long sent = nanoClock.getAsLong();
        return redis.sadd(NodeKeys.NODES, id)
                .thenCompose(added -> redis.set(NodeKeys.lease(id), startValue(), leaseArgs()))
                .thenAccept(ok -> {
                    renewed(sent);
                    synchronized (lock) {
                        if (!closed) {
                            long period = Math.max(1, lease.toMillis() / 3);
                            ticks = scheduler.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
                        }
                    }
                });
    }

    /** Whether a renewal succeeded within the last lease: while false, refuse what needs the cluster. */
    public boolean alive() {
        synchronized (lock) {
            return aliveAt(nanoClock.getAsLong());
        }
    }

    private boolean aliveAt(long now) {
        return everRenewed && !closed && now - lastSuccessNanos < lease.toNanos();
    }

    /** Runs on the scheduler, never two at once (fixed rate), so {@code inFlight} is this method's alone. */
    private void tick() {
        long now = nanoClock.getAsLong();
        boolean wasAlive;
        synchronized (lock) {
            if (closed) {
                return;
            }
            wasAlive = reportedAlive;
        }
        // One renewal at a time: while Redis is away Lettuce queues commands, and a queue of stale renewals
        // would only flood it when it comes back. A renewal older than the lease no longer holds the next.
        if (inFlight == null || inFlight.isDone() || now - inFlightSentNanos >= lease.toNanos()) {
            inFlightSentNanos = now;
            inFlight = redis.set(NodeKeys.lease(id), startValue(), leaseArgs())
                    // a node reaped while it was away lists itself again, so its next death is noticed too
                    .thenCompose(ok -> wasAlive ? CompletableFuture.completedFuture(0L) : redis.sadd(NodeKeys.NODES, id))
                    .whenComplete((ok, failure) -> {
                        if (failure == null) {
                            renewed(now);
                        }
                    })
                    .toCompletableFuture();
        }
        report(now);
    }

    private void renewed(long sentNanos) {
        synchronized (lock) {
            if (!everRenewed || sentNanos - lastSuccessNanos > 0) {
                lastSuccessNanos = sentNanos;
            }
            everRenewed = true;
        }
        report(nanoClock.getAsLong());
    }

    /**
     * Tells listeners when {@link #alive()} changed since the last report. Reports are serialised by their own
     * lock, not the state's, so listeners hear lost and regained in order while {@link #alive()} never waits on them.
     */
    private void report(long now) {
        synchronized (reportLock) {
            boolean alive;
            synchronized (lock) {
                alive = aliveAt(now);
                if (alive == reportedAlive) {
                    return;
                }
                reportedAlive = alive;
            }
            for (Listener l : listeners) {
                if (alive) {
                    l.regained();
                } else {
                    l.lost();
                }
            }
        }
    }

    private String startValue() {
        return id.substring(id.lastIndexOf('@') + 1);
    }

    private SetArgs leaseArgs() {
        return SetArgs.Builder.px(lease.toMillis());
    }

    /**
     * Stops renewing and deletes the lease key, so the reaper frees what this node still held without waiting
     * for the lease to run out. Waits for the delete at most one lease. The scheduler stays the caller's.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (ticks != null) {
                ticks.cancel(false);
            }
        }
        try {
            redis.del(NodeKeys.lease(id)).toCompletableFuture().get(lease.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Redis unreachable: the key runs out by itself within the lease
        }
    }
}
