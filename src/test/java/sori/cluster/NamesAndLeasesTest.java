package sori.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sori.testing.Await;
import sori.testing.RedisServer;

/**
 * Names and leases on a real Redis, standalone and a three-master Redis Cluster (where a name and a node's sets
 * sit in different slots). A killed node is simulated by stopping its scheduler: its lease key is left to run out,
 * as when the process dies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NamesAndLeasesTest {

    private static final Duration LEASE = Duration.ofMillis(600);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicLong INCARNATIONS = new AtomicLong(System.currentTimeMillis());

    private RedisServer standalone;
    private RedisServer.Cluster cluster;
    private RedisClient standaloneClient;
    private RedisClusterClient clusterClient;
    private final List<ScheduledExecutorService> schedulers = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    void startRedis() {
        standalone = RedisServer.start();
        cluster = RedisServer.cluster();
        standaloneClient = RedisClient.create(standalone.url());
        clusterClient = RedisClusterClient.create(cluster.nodes().stream().map(n -> RedisURI.create(n.url())).toList());
    }

    @AfterAll
    void stopRedis() {
        if (standaloneClient != null) {
            standaloneClient.shutdown();
        }
        if (clusterClient != null) {
            clusterClient.shutdown();
        }
        if (standalone != null) {
            standalone.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        closing.clear();
        schedulers.forEach(ScheduledExecutorService::shutdownNow);
        schedulers.clear();
    }

    private RedisClusterAsyncCommands<String, String> redis(String backend) {
        // one connection per node, as each node would have its own
        return switch (backend) {
            case "standalone" -> {
                var c = standaloneClient.connect();
                closing.add(c);
                yield c.async();
            }
            case "cluster" -> {
                var c = clusterClient.connect();
                closing.add(c);
                yield c.async();
            }
            default -> throw new IllegalArgumentException(backend);
        };
    }

    /** A node: its connection, scheduler and started lease. */
    private record Node(RedisClusterAsyncCommands<String, String> redis, ScheduledExecutorService scheduler,
            NodeLease lease, ClusterDirectory directory) {
        String id() {
            return lease.id();
        }
    }

    private Node node(String backend, String name, Duration lease) {
        RedisClusterAsyncCommands<String, String> redis = redis(backend);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "test-node-" + name);
            t.setDaemon(true);
            return t;
        });
        schedulers.add(scheduler);
        NodeLease l = new NodeLease(redis, NodeLease.nodeId(name, INCARNATIONS.incrementAndGet()), lease, scheduler);
        closing.add(l);
        l.start().toCompletableFuture().join();
        return new Node(redis, scheduler, l, new ClusterDirectory(redis));
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    @ParameterizedTest
    @ValueSource(strings = {"standalone", "cluster"})
    void shouldRefuseANameALiveNodeHolds(String backend) {
        Node a = node(backend, "a-" + backend, LEASE);
        Node b = node(backend, "b-" + backend, LEASE);

        assertThat(join(a.directory().claim("mina", a.id()))).isTrue();
        assertThat(join(b.directory().claim("mina", b.id()))).isFalse();
        assertThat(join(a.directory().claim("mina", a.id()))).as("a holder's repeat claim").isTrue();

        assertThat(join(b.directory().holder("mina"))).isEqualTo(a.id());
        assertThat(join(a.redis().smembers(NodeKeys.names(a.id())))).containsExactly("mina");
        assertThat(join(b.redis().smembers(NodeKeys.names(b.id())))).as("a refused claim leaves no trace").isEmpty();
        join(a.directory().release("mina", a.id()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"standalone", "cluster"})
    void shouldLetOnlyTheHolderReleaseAName(String backend) {
        Node a = node(backend, "a-" + backend, LEASE);
        Node b = node(backend, "b-" + backend, LEASE);
        assertThat(join(a.directory().claim("jun", a.id()))).isTrue();

        assertThat(join(b.directory().release("jun", b.id()))).isFalse();
        assertThat(join(b.directory().holder("jun"))).isEqualTo(a.id());

        assertThat(join(a.directory().release("jun", a.id()))).isTrue();
        assertThat(join(a.directory().holder("jun"))).isNull();
        assertThat(join(a.redis().smembers(NodeKeys.names(a.id())))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"standalone", "cluster"})
    void shouldFreeADeadNodesNameAfterItsLeaseAndReapItOnce(String backend) {
        Node a = node(backend, "dies-" + backend, LEASE);
        Node b = node(backend, "b-" + backend, LEASE);
        Node c = node(backend, "c-" + backend, LEASE);
        assertThat(join(a.directory().claim("sol", a.id()))).isTrue();
        join(a.directory().addRoom("lobby", a.id()));

        Map<String, List<Object>> reaped = new ConcurrentHashMap<>();
        List<String> reapers = new CopyOnWriteArrayList<>();
        Reaper rb = reaper(b, a.id(), reaped, reapers);
        Reaper rc = reaper(c, a.id(), reaped, reapers);
        assertThat(join(b.directory().claim("sol", b.id()))).as("while a's lease lives").isFalse();

        a.scheduler().shutdownNow(); // a stops renewing, its key is left to run out: a killed process

        Await.until("b to take a dead node's name", () -> join(b.directory().claim("sol", b.id())), WAIT);
        Await.until("a to be reaped", () -> {
            // both reapers race as well as ticking on their own
            CompletableFuture<Void> one = rb.sweep().toCompletableFuture();
            CompletableFuture<Void> two = rc.sweep().toCompletableFuture();
            CompletableFuture.allOf(one, two).join();
            return !join(b.redis().sismember(NodeKeys.NODES, a.id()));
        }, WAIT);
        join(rb.sweep());
        join(rc.sweep());

        assertThat(reapers).as("reaps of a").hasSize(1);
        assertThat(reaped.get(a.id())).containsExactly(Set.of("sol"), Set.of("lobby"));
        assertThat(join(b.directory().holder("sol"))).as("the reaper frees only what a still held").isEqualTo(b.id());
        assertThat(join(b.redis().exists(NodeKeys.names(a.id()), NodeKeys.rooms(a.id())))).isZero();
        join(b.directory().release("sol", b.id()));
    }

    /** A started reaper on {@code node} that records its reaps of {@code watched} (other tests' nodes get reaped too). */
    private Reaper reaper(Node node, String watched, Map<String, List<Object>> reaped, List<String> reapersOfDead) {
        Reaper r = new Reaper(node.redis(), node.lease(), node.scheduler(), (deadId, names, rooms) -> {
            if (deadId.equals(watched)) {
                reapersOfDead.add(node.id());
                reaped.put(deadId, List.of(names, rooms));
            }
            return CompletableFuture.completedFuture(null);
        });
        closing.add(r);
        join(r.start());
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"standalone", "cluster"})
    void shouldReapItsOwnEarlierIncarnationAtStartWithoutWaitingForTheLease(String backend) {
        Duration longLease = Duration.ofSeconds(60);
        Node old = node(backend, "dies-again-" + backend, longLease);
        assertThat(join(old.directory().claim("ari", old.id()))).isTrue();
        old.scheduler().shutdownNow(); // the process died; its lease would live a minute more

        Node fresh = node(backend, "dies-again-" + backend, longLease);
        Map<String, List<Object>> reaped = new ConcurrentHashMap<>();
        List<String> reapers = new CopyOnWriteArrayList<>();
        reaper(fresh, old.id(), reaped, reapers); // start() returns once earlier incarnations are reaped

        assertThat(reaped.get(old.id())).containsExactly(Set.of("ari"), Set.of());
        assertThat(join(fresh.directory().holder("ari"))).isNull();
        assertThat(join(fresh.redis().sismember(NodeKeys.NODES, old.id()))).isFalse();
        assertThat(join(fresh.redis().sismember(NodeKeys.NODES, fresh.id()))).isTrue();
    }
}
