package sori.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sori.chat.ChatConfig;
import sori.chat.Event;
import sori.chat.Hub;
import sori.chat.MemoryAccounts;
import sori.chat.MemoryModeration;
import sori.chat.MemorySessionTokens;
import sori.chat.RecordingSession;
import sori.store.Durability;
import sori.store.EventCodec;
import sori.store.PostgresServer;
import sori.store.Store;
import sori.store.StoreOptions;
import sori.store.Stores;
import sori.testing.Await;
import sori.testing.LineClient;
import sori.testing.RedisServer;

/**
 * A node dies and the others take over, on a real Redis and a real PostgreSQL: nodes A and B are Hubs with their
 * {@link ClusterOrder}, {@link NodeLease} and {@link Reaper}; C only reaps. B is killed by stopping its lease's
 * scheduler and closing its connection (its lease key is left to run out, as when the process dies), then A and C
 * race to take it over.
 */
class TakeoverTest {

    private static final Duration LEASE = Duration.ofMillis(1500);
    private static final AtomicLong INCARNATIONS = new AtomicLong(System.currentTimeMillis());

    private final AtomicLong clock = new AtomicLong(1_000);
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<ScheduledExecutorService> schedulers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        schedulers.forEach(ScheduledExecutorService::shutdownNow);
    }

    /** One node: its connection, lease (started), store, order and Hub (null for a node that only reaps). */
    private record Node(RedisConnector redis, ScheduledExecutorService scheduler, NodeLease lease, RoomLog log,
            Store store, ClusterOrder order, Hub hub, Takeover takeover, Reaper reaper) {
        String id() {
            return lease.id();
        }

        ClusterDirectory directory() {
            return new ClusterDirectory(redis.commands());
        }
    }

    private Node node(String redisUrl, String storeUrl, String name, boolean withHub) throws Exception {
        RedisConnector c = RedisConnector.open(redisUrl, RedisConnector.DEFAULT_COMMAND_TIMEOUT);
        open.add(c);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("test-node-" + name).factory());
        schedulers.add(scheduler);
        NodeLease lease = new NodeLease(c.commands(), NodeLease.nodeId(name, INCARNATIONS.incrementAndGet()), LEASE,
                scheduler);
        lease.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
        open.add(lease);
        Path dir = Files.createTempDirectory("sori-takeover-");
        Store store = Stores.open(new StoreOptions(storeUrl, dir, Durability.SYNC, Duration.ZERO, 0));
        open.add(store);
        RoomLog log = new RoomLog(c);
        ClusterOrder order = null;
        Hub hub = null;
        if (withHub) {
            // the periodic seq check is off: what a test shows comes from the live channel and the append replies
            order = new ClusterOrder(log, lease.id(), lease, Duration.ofHours(1));
            open.add(order);
            hub = new Hub(ChatConfig.defaults(), store, new MemoryAccounts(), new MemoryModeration(),
                    new MemorySessionTokens(), false, clock::incrementAndGet, order);
            order.attach(hub);
        }
        Takeover takeover = new Takeover(log, store, clock::incrementAndGet);
        // not started: the test sweeps by hand, so which reaper acts when is the test's to say
        Reaper reaper = new Reaper(c.commands(), lease, scheduler, takeover);
        open.add(reaper);
        return new Node(c, scheduler, lease, log, store, order, hub, takeover, reaper);
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    private static void await(RecordingSession s, String what, Predicate<Event> p) {
        Await.until(what, () -> s.events().stream().anyMatch(p), LineClient.WAIT);
    }

    private static Predicate<Event> joined(String room, String name) {
        return e -> e instanceof Event.Joined j && j.room().equals(room) && j.name().equals(name);
    }

    private static Predicate<Event> said(String text) {
        return e -> e instanceof Event.Said s && s.text().equals(text);
    }

    private static long leaves(RecordingSession s, String room, String name) {
        return s.events(Event.Left.class).stream().filter(l -> l.room().equals(room) && l.name().equals(name)).count();
    }

    /** {@code name} connects to {@code n}'s Hub, holds its name cluster-wide and joins {@code rooms} after lobby. */
    private static RecordingSession member(Node n, String name, String... rooms) {
        assertThat(join(n.directory().claim(name, n.id()))).as(name + " is free").isTrue();
        RecordingSession s = RecordingSession.connect(n.hub(), name);
        await(s, name + " in lobby", joined("lobby", name));
        for (String room : rooms) {
            n.hub().input(s.user, "/join " + room);
            await(s, name + " in " + room, joined(room, name));
        }
        return s;
    }

    @Test
    void shouldAnnounceEachLeaveOnceFreeTheNamesAndStoreWhatTheDeadNodeNeverStored() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            String storeUrl = PostgresServer.shared().newDatabase();
            Node a = node(redis.url(), storeUrl, "a", true);
            Node b = node(redis.url(), storeUrl, "b", true);
            Node c = node(redis.url(), storeUrl, "c", false);
            RecordingSession a1 = member(a, "a1", "dev");
            member(b, "b1");
            member(b, "b2", "dev");
            await(a1, "a1 hears b2 join dev", joined("dev", "b2"));
            assertThat(join(a.redis().commands().smembers(NodeKeys.rooms(b.id())))).containsExactlyInAnyOrder("lobby",
                    "dev");

            // B's last line made it through the script, and B died before its store had it.
            String lastWords = EventCodec.toWire(new Event.Said("lobby", 0, clock.incrementAndGet(), "b1",
                    "last words", Event.Meta.NONE));
            long lastWordsSeq = join(b.log().append("lobby", lastWords, MemberChange.none()));
            await(a1, "a1 hears b1's last words", said("last words"));

            b.scheduler().shutdownNow(); // no more renewals, and the key is not deleted: a kill -9
            b.order().close();
            b.redis().close();
            Await.until("b's lease to run out", () -> join(a.redis().commands().exists(NodeKeys.lease(b.id()))) == 0,
                    LineClient.WAIT);

            // A repeat after a winner died half way, racing: both read the member hash before either leave.
            Set<String> rooms = Set.of("lobby", "dev");
            CompletableFuture.allOf(a.takeover().reap(b.id(), Set.of(), rooms).toCompletableFuture(),
                    c.takeover().reap(b.id(), Set.of(), rooms).toCompletableFuture()).get(30, TimeUnit.SECONDS);
            // And the reapers proper, racing: one wins the reap key, frees the names and forgets b.
            Await.until("b to be reaped", () -> {
                CompletableFuture.allOf(a.reaper().sweep().toCompletableFuture(),
                        c.reaper().sweep().toCompletableFuture()).join();
                return !join(a.redis().commands().sismember(NodeKeys.NODES, b.id()));
            }, LineClient.WAIT);
            // Past the reap: a line in each room comes after any leave announced late, in the one order.
            for (String room : rooms) {
                join(c.log().append(room, EventCodec.toWire(new Event.Said(room, 0, clock.incrementAndGet(), "c",
                        "after " + room, Event.Meta.NONE)), MemberChange.none()));
                await(a1, "a1 hears the line after the reap in " + room, said("after " + room));
            }

            assertThat(leaves(a1, "lobby", "b1")).as("b1 leaves lobby").isEqualTo(1);
            assertThat(leaves(a1, "lobby", "b2")).as("b2 leaves lobby").isEqualTo(1);
            assertThat(leaves(a1, "dev", "b2")).as("b2 leaves dev").isEqualTo(1);
            assertThat(a1.events(Event.Left.class)).hasSize(3);
            assertThat(a.hub().roomInfo("lobby").members()).containsExactly("a1");
            assertThat(a.hub().roomInfo("dev").members()).containsExactly("a1");
            assertThat(join(a.log().members("lobby"))).containsOnlyKeys("a1");

            assertThat(join(a.directory().holder("b1"))).isNull();
            assertThat(join(a.directory().holder("b2"))).isNull();
            assertThat(join(a.directory().holder("a1"))).isEqualTo(a.id());
            assertThat(join(a.directory().claim("b1", a.id()))).as("b1 is free to take").isTrue();

            // The store holds every event the stream held before the lines after the reap: each once, the last
            // words and the announced leaves among them.
            for (String room : rooms) {
                long before = Long.parseLong(redis.cli("GET", RoomLog.seqKey(room)).strip());
                List<Long> streamSeqs = join(a.log().read(room, 0, before, 10_000)).stream()
                        .map(RoomLog.Entry::seq).toList();
                Await.until("the store to hold " + room + "'s stream",
                        () -> seqs(a.store(), room, before).equals(streamSeqs), LineClient.WAIT);
            }
            List<Event.RoomEvent> lobby = a.store().read("lobby", 0, Long.MAX_VALUE, 10_000, false)
                    .get(10, TimeUnit.SECONDS);
            assertThat(lobby).filteredOn(said("last words")::test).singleElement()
                    .extracting(Event.RoomEvent::seq).isEqualTo(lastWordsSeq);
            assertThat(lobby).filteredOn(e -> e instanceof Event.Left).hasSize(2);
        }
    }

    private static List<Long> seqs(Store store, String room, long before) {
        try {
            return store.read(room, 0, before, 10_000, false).get(10, TimeUnit.SECONDS).stream()
                    .map(Event.RoomEvent::seq).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldCopyAnEntryBelowTheStoresLastSeqOnlyWithinTheLookBack() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            String storeUrl = PostgresServer.shared().newDatabase();
            Node c = node(redis.url(), storeUrl, "c", false);
            // seqs 1..5 in the stream; the store has 1, 2 and 5 (another node stored 5 before the dead one its 3, 4)
            List<Event.RoomEvent> lines = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                Event.Said line = new Event.Said("Lobby", 0, clock.incrementAndGet(), "x", "line " + i,
                        Event.Meta.NONE);
                assertThat(join(c.log().append("lobby", EventCodec.toWire(line), MemberChange.none())))
                        .isEqualTo((long) i);
                lines.add(line.withSeq(i));
            }
            for (int i : new int[] {1, 2, 5}) {
                c.store().append(lines.get(i - 1), null);
            }
            join(new Takeover(c.log(), c.store(), clock::incrementAndGet, 1).reap("gone@1", Set.of(), Set.of("lobby")));
            assertThat(seqs(c.store(), "lobby", Long.MAX_VALUE)).containsExactly(1L, 2L, 4L, 5L);
            join(c.takeover().reap("gone@1", Set.of(), Set.of("lobby")));
            assertThat(c.store().read("lobby", 0, Long.MAX_VALUE, 100, false).get(10, TimeUnit.SECONDS))
                    .containsExactlyElementsOf(lines);
        }
    }
}
