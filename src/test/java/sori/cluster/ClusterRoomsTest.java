package sori.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sori.chat.ChatConfig;
import sori.chat.Event;
import sori.chat.Hub;
import sori.chat.MemoryAccounts;
import sori.chat.MemoryModeration;
import sori.chat.MemorySessionTokens;
import sori.chat.RecordingSession;
import sori.store.MemoryEventStore;
import sori.testing.Await;
import sori.testing.LineClient;
import sori.testing.RedisServer;

/**
 * {@code /rooms} across two nodes (two Hubs in one JVM, each with its own {@link ClusterOrder}) on one real Redis:
 * a room open only on the other node is listed with its members there, its name and its topic, and a secret one
 * is not. The nodes share one store and one moderation, as the nodes of a cluster share PostgreSQL.
 */
class ClusterRoomsTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final MemoryEventStore store = new MemoryEventStore(100_000);
    private final MemoryModeration moderation = new MemoryModeration();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** A node listed in {@code sori:nodes}, as its lease would list it; the periodic seq check left out. */
    private Hub node(RedisServer redis, String id, Duration timeout) {
        RedisConnector c = RedisConnector.open(redis.url(), timeout);
        open.add(c);
        ClusterOrder order = new ClusterOrder(new RoomLog(c), id, null, Duration.ofHours(1));
        open.add(order);
        Hub hub = new Hub(ChatConfig.defaults(), store, new MemoryAccounts(), moderation, new MemorySessionTokens(),
                false, clock::incrementAndGet, order);
        order.attach(hub);
        redis.cli("SADD", NodeKeys.NODES, id);
        return hub;
    }

    private static RecordingSession arrive(Hub hub, String name) {
        RecordingSession s = RecordingSession.connect(hub, name);
        s.await(name + " in the lobby", e -> e instanceof Event.Joined j && j.name().equals(name));
        return s;
    }

    /** {@code s} asks {@code /rooms} on {@code hub}; the answer, once it came. */
    private static List<Event.RoomInfo> rooms(Hub hub, RecordingSession s) {
        s.clear();
        hub.input(s.user, "/rooms");
        s.await(s.user.name() + "'s room list", Event.Rooms.class::isInstance);
        return s.events().stream().filter(Event.Rooms.class::isInstance).map(Event.Rooms.class::cast)
                .findFirst().orElseThrow().rooms();
    }

    private static void enter(Hub hub, RecordingSession s, String room, RecordingSession... seen) {
        hub.input(s.user, "/join " + room);
        for (RecordingSession r : seen) {
            r.await(r.user.name() + " hears " + s.user.name() + " join " + room,
                    e -> e instanceof Event.Joined j && j.room().equals(room) && j.name().equals(s.user.name()));
        }
    }

    /**
     * On b: b1 and b2 in Dev with a topic, b1 alone in hush, which b1 founded and made secret; a1 on a, in the
     * lobby only. Returns b1. Waits until the shared store and moderation hold what b wrote, as PostgreSQL would.
     */
    private RecordingSession devAndHushOnB(Hub b) {
        RecordingSession b1 = arrive(b, "b1");
        RecordingSession b2 = arrive(b, "b2");
        enter(b, b1, "Dev", b1);
        enter(b, b2, "Dev", b1, b2);
        b.input(b1.user, "/topic builds and releases");
        b2.await("b2 sees the topic", e -> e instanceof Event.TopicSet t && "builds and releases".equals(t.topic()));
        b.input(b1.user, "/register correct-horse");
        b1.await("b1 registered", e -> e instanceof Event.Notice n && n.key().equals("account.registered"));
        enter(b, b1, "hush", b1);
        b.input(b1.user, "/claim");
        b1.await("b1 founds hush", e -> e instanceof Event.Moderated m && m.action() == Event.ModAction.CLAIM);
        b.input(b1.user, "/mode +s");
        Await.until("hush is kept secret", () -> moderation.load().rooms().stream()
                .anyMatch(r -> r.room().equals("hush") && r.modes().contains("s")), LineClient.WAIT);
        Await.until("dev's topic is stored", () -> store.rooms().stream()
                .anyMatch(r -> r.key().equals("dev") && "builds and releases".equals(r.topic())), LineClient.WAIT);
        return b1;
    }

    @Test
    void shouldListARoomOpenOnlyOnTheOtherNodeWithItsMembersAndTopicButNotASecretOne() {
        try (RedisServer redis = RedisServer.start()) {
            Hub a = node(redis, "a@1", RedisConnector.DEFAULT_COMMAND_TIMEOUT);
            Hub b = node(redis, "b@1", RedisConnector.DEFAULT_COMMAND_TIMEOUT);
            RecordingSession a1 = arrive(a, "a1");
            RecordingSession b1 = devAndHushOnB(b);
            assertThat(a.roomNames()).containsExactly("lobby"); // nobody on a is in Dev or hush: no Room for them
            List<Event.RoomInfo> seen = rooms(a, a1);
            assertThat(seen).extracting(Event.RoomInfo::name).containsExactly("Dev", "lobby");
            assertThat(seen.get(0)).isEqualTo(new Event.RoomInfo("Dev", 2, "builds and releases"));
            assertThat(seen.get(1).members()).isEqualTo(3); // open here, with b's two counted
            // Its member sees the secret room, from the node it is on.
            assertThat(rooms(b, b1)).extracting(Event.RoomInfo::name).contains("hush");
        }
    }

    @Test
    void shouldShowWhoIsInARoomOpenOnlyOnTheOtherNodeButNotInASecretOne() {
        try (RedisServer redis = RedisServer.start()) {
            Hub a = node(redis, "a@1", RedisConnector.DEFAULT_COMMAND_TIMEOUT);
            Hub b = node(redis, "b@1", RedisConnector.DEFAULT_COMMAND_TIMEOUT);
            RecordingSession a1 = arrive(a, "a1");
            devAndHushOnB(b);
            a1.clear();
            a.input(a1.user, "/who dev");
            a1.await("a1's who of dev", Event.Who.class::isInstance);
            assertThat(a1.events()).filteredOn(Event.Who.class::isInstance).singleElement()
                    .isEqualTo(new Event.Who("Dev", "builds and releases", List.of("b1", "b2"), List.of(), List.of()));
            a1.clear();
            a.input(a1.user, "/who hush");
            a1.await("a1 told hush is unknown", e -> e instanceof Event.Failure f && f.code().equals("room.unknown"));
            assertThat(a1.events()).noneMatch(Event.Who.class::isInstance);
            // What IRC's NAMES asks: the same answers, later, from the cluster's thread.
            java.util.concurrent.CompletableFuture<Event.Who> dev = new java.util.concurrent.CompletableFuture<>();
            a.roomInfo("#DEV", dev::complete);
            Await.until("NAMES of #DEV answered", dev::isDone, LineClient.WAIT);
            assertThat(dev.join().members()).containsExactly("b1", "b2");
            for (String none : List.of("#hush", "#nowhere")) {
                java.util.concurrent.CompletableFuture<Event.Who> w = new java.util.concurrent.CompletableFuture<>();
                a.roomInfo(none, w::complete);
                Await.until("NAMES of " + none + " answered", w::isDone, LineClient.WAIT);
                assertThat(w.join()).as(none).isNull();
            }
        }
    }

    @Test
    void shouldListThisNodesRoomsWhenRedisIsDown() {
        try (RedisServer redis = RedisServer.start()) {
            Hub a = node(redis, "a@1", Duration.ofMillis(500));
            Hub b = node(redis, "b@1", Duration.ofMillis(500));
            RecordingSession a1 = arrive(a, "a1");
            RecordingSession b1 = arrive(b, "b1");
            enter(b, b1, "dev", b1);
            assertThat(rooms(a, a1)).extracting(Event.RoomInfo::name).containsExactly("dev", "lobby");
            redis.kill();
            assertThat(rooms(a, a1)).extracting(Event.RoomInfo::name).containsExactly("lobby");
        }
    }
}
