package sori.server;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sori.UserFacingException;
import sori.chat.Hub;
import sori.cluster.ClusterNamespace;
import sori.cluster.ClusterOrder;
import sori.cluster.NodeLease;
import sori.cluster.Reaper;
import sori.cluster.Takeover;
import sori.cluster.RedisConnector;
import sori.cluster.RedisUrl;
import sori.cluster.RoomLog;

/**
 * Cluster mode's parts on one node ({@code docs/cluster.md}), started in the order they need each other and
 * stopped the other way round: the Redis connection, this node's lease, the rooms' shared order the Hub is made
 * with, then the reaper once the Hub exists. A node that cannot reach Redis at start does not start: it would
 * refuse every line. Once started, Lettuce reconnects by itself, with backoff, and the lease says meanwhile
 * whether this node still counts.
 */
final class ClusterMode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterMode.class);

    /** How long a start-up step in Redis (take the lease, reap earlier incarnations) may take before start fails. */
    static final Duration START_WAIT = Duration.ofSeconds(10);

    private final ClusterOptions options;
    private final RedisConnector redis;
    private final ScheduledExecutorService scheduler;
    private final NodeLease lease;
    private final ClusterOrder order;
    private final ClusterNamespace names;
    /** One per node: each RoomLog listens to every live message, so the order and the takeover share it. */
    private final RoomLog roomLog;
    private Reaper reaper;
    private Takeover takeover;

    /**
     * Refuses what cluster mode cannot run with, before anything is opened: one line, exit 1, like any other
     * start-up refusal ({@link UserFacingException}).
     */
    static void check(ServerConfig config) {
        ClusterOptions c = config.cluster();
        if (c == null) {
            return;
        }
        if (!config.store().postgresql()) {
            throw new UserFacingException("cluster mode needs --store postgresql://USER:PASS@HOST:PORT/DB, where every "
                    + "node keeps accounts and history; --store " + config.store().store() + " is this machine's only");
        }
        if (c.nodeName() == null && config.port() == 0) {
            throw new UserFacingException("cluster mode with --port 0 needs --node-name: the default name is HOST:PORT, "
                    + "and a port picked at start is another one at each restart");
        }
    }

    /** Connects to Redis and takes this node's lease; a Redis that does not answer is a {@link UserFacingException}. */
    static ClusterMode open(ClusterOptions options, int chatPort) {
        String id = NodeLease.nodeId(options.nodeName(chatPort), System.currentTimeMillis());
        RedisConnector redis = RedisConnector.open(options.redis().toString(), RedisConnector.DEFAULT_COMMAND_TIMEOUT);
        try {
            return new ClusterMode(options, redis, id);
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    private ClusterMode(ClusterOptions options, RedisConnector redis, String id) {
        this.options = options;
        this.redis = redis;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("sori-cluster").factory());
        this.lease = new NodeLease(redis.commands(), id, options.lease(), scheduler);
        try {
            await(lease.start(), "cannot register node " + id);
            this.roomLog = new RoomLog(redis);
            this.order = new ClusterOrder(roomLog, id, lease);
        } catch (RuntimeException e) {
            lease.close();
            scheduler.shutdownNow();
            throw e;
        }
        // After the start, whose first renewal is reported too: only a later loss and its end are news.
        lease.addListener(new NodeLease.Listener() {
            @Override
            public void lost() {
                log.warn("cluster: node {} lost its lease (Redis at {} did not answer for {}): lines for rooms are "
                        + "refused until it answers again", id, options.redis(), options.lease());
            }

            @Override
            public void regained() {
                log.info("cluster: node {} has its lease again", id);
            }
        });
        this.names = new ClusterNamespace(redis, lease);
    }

    /** The rooms' shared order: the Hub is made with it, then {@link #attach attached}. */
    ClusterOrder order() {
        return order;
    }


    /** Gives the order its Hub, then reaps this node's earlier incarnations and starts sweeping for dead nodes. */
    void attach(Hub hub) {
        order.attach(hub);
        // One namespace across nodes: the Hub reserves a name in Redis before admitting it, and private messages
        // to someone on another node go through that node's inbox, which this subscribes.
        await(names.attach(hub), "cannot subscribe node " + lease.id() + "'s inbox");
        takeover = new Takeover(roomLog, hub.store(), System::currentTimeMillis);
        reaper = new Reaper(redis.commands(), lease, scheduler, this::reaped);
        await(reaper.start(), "cannot reap the earlier runs of node " + lease.id());
    }

    /**
     * What happens to a dead node's users before the {@link Reaper} frees their names: their leaving is announced
     * in the dead node's rooms (the member hash makes it happen once, whichever node reaps) and those rooms'
     * streams are copied to the store, so a line whose node died right after Redis took it is stored too.
     */
    private CompletionStage<Void> reaped(String deadId, Set<String> folded, Set<String> rooms) {
        log.info("cluster: node {} is gone; its {} user(s) leave {} room(s) and their names are freed", deadId,
                folded.size(), rooms.size());
        return takeover.reap(deadId, folded, rooms);
    }

    /** This node's id, {@code NAME@START}. */
    String nodeId() {
        return lease.id();
    }

    RedisUrl redisUrl() {
        return options.redis();
    }

    /**
     * Stops sweeping and following, deletes this node's lease (so another node reaps what this one still holds at
     * once instead of after the lease), then closes the connection. Call after the users' goodbyes: their leaves
     * go through Redis, and the lease's delete, sent after them on the same connection, waits for their replies.
     */
    @Override
    public void close() {
        if (reaper != null) {
            reaper.close();
        }
        order.close();
        names.close();
        lease.close();
        scheduler.shutdownNow();
        redis.close();
    }

    private void await(CompletionStage<?> step, String what) {
        try {
            step.toCompletableFuture().get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new UserFacingException(what + " in Redis at " + options.redis() + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new UserFacingException(what + " in Redis at " + options.redis() + ": no answer within "
                    + START_WAIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserFacingException(what + ": interrupted");
        }
    }
}
