package sori.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import sori.testing.Await;
import sori.testing.RedisServer;

/** A node's lease while its Redis dies and comes back: {@code alive()} follows the last renewal that succeeded. */
class NodeLeaseTest {

    private static final Duration LEASE = Duration.ofMillis(600);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldStopBeingAliveWhenRedisDiesAndBeAliveAgainAfterItRestarts() {
        try (RedisServer redis = RedisServer.start(); Lease l = Lease.on(redis, System::nanoTime)) {
            List<String> heard = new CopyOnWriteArrayList<>();
            l.lease.addListener(listener(heard));
            assertThat(l.lease.alive()).isTrue();
            assertThat(redis.cli("EXISTS", NodeKeys.lease(l.lease.id()))).isEqualTo("1\n");

            redis.kill();
            Await.until("the lease to be lost", () -> !l.lease.alive(), WAIT);
            Await.until("listeners to hear it", () -> heard.equals(List.of("lost")), WAIT);

            redis.restart();
            Await.until("the lease to be renewed", l.lease::alive, WAIT);
            Await.until("listeners to hear it", () -> heard.equals(List.of("lost", "regained")), WAIT);
        }
    }

    @Test
    void shouldCountTheLeaseFromTheLastRenewalThatSucceeded() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        try (RedisServer redis = RedisServer.start(); Lease l = Lease.on(redis, now::get)) {
            redis.kill(); // every renewal from here on fails; the last success was sent at the start time
            now.addAndGet(LEASE.toNanos() - 1);
            assertThat(l.lease.alive()).as("one nanosecond before the lease runs out").isTrue();
            now.addAndGet(1);
            assertThat(l.lease.alive()).as("once a lease passed without a renewal").isFalse();

            redis.restart(); // renewals sent from now on succeed, at the clock's current time
            Await.until("a renewal to succeed", l.lease::alive, WAIT);
        }
    }

    @Test
    void shouldDeleteItsKeyOnClose() {
        try (RedisServer redis = RedisServer.start(); Lease l = Lease.on(redis, System::nanoTime)) {
            String id = l.lease.id();
            l.lease.close();
            assertThat(l.lease.alive()).isFalse();
            assertThat(redis.cli("EXISTS", NodeKeys.lease(id))).isEqualTo("0\n");
            assertThat(redis.cli("SISMEMBER", NodeKeys.NODES, id)).as("left for the reaper").isEqualTo("1\n");
        }
    }

    @Test
    void shouldBuildIdsWhoseNameARestartFinds() {
        String id = NodeLease.nodeId("chat-1.example:9999", 1234);
        assertThat(id).isEqualTo("chat-1.example:9999@1234");
        assertThat(NodeLease.nameOf(id)).isEqualTo("chat-1.example:9999");
        assertThat(NodeLease.nameOf(NodeLease.nodeId(NodeLease.defaultName(9999), 1))).endsWith(":9999");
    }

    private static NodeLease.Listener listener(List<String> heard) {
        return new NodeLease.Listener() {
            @Override
            public void lost() {
                heard.add("lost");
            }

            @Override
            public void regained() {
                heard.add("regained");
            }
        };
    }

    /** A started lease on its own client, which reconnects every 50 ms so a restart is noticed soon. */
    private record Lease(ClientResources resources, RedisClient client, StatefulRedisConnection<String, String> connection,
            ScheduledExecutorService scheduler, NodeLease lease) implements AutoCloseable {

        static Lease on(RedisServer redis, java.util.function.LongSupplier clock) {
            ClientResources resources = ClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(50))).build();
            RedisClient client = RedisClient.create(resources, RedisURI.create(redis.url()));
            StatefulRedisConnection<String, String> connection = client.connect();
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "test-lease");
                t.setDaemon(true);
                return t;
            });
            NodeLease lease = new NodeLease(connection.async(), NodeLease.nodeId("lease-test", System.currentTimeMillis()),
                    LEASE, scheduler, clock);
            lease.start().toCompletableFuture().join();
            return new Lease(resources, client, connection, scheduler, lease);
        }

        @Override
        public void close() {
            lease.close();
            scheduler.shutdownNow();
            connection.close();
            client.shutdown();
            resources.shutdown();
        }
    }
}
