package sori.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static sori.chat.RecordingSession.arrive;
import static sori.chat.RecordingSession.joined;
import static sori.chat.RecordingSession.said;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sori.store.MemoryEventStore;
import sori.testing.Await;
import sori.testing.LineClient;

/**
 * The seam a cluster plugs into ({@link SharedOrder}, {@link Hub#ordered}), without Redis: two Hubs in
 * one JVM, as two nodes, share a tiny ordered log that stands for the room streams. The log numbers
 * appends per room in one synchronized step and hands every event, numbered, to every node on one
 * thread of its own, so calls come in sequence order: putting late arrivals in order and filling gaps
 * is the Redis side's job (sori.cluster), and the seam expects it done.
 */
class SharedOrderHubTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final MemoryEventStore store = new MemoryEventStore(100_000); // one database behind both nodes
    private final Log log = new Log();
    private final Hub a = node();
    private final Hub b = node();

    @AfterEach
    void stop() {
        log.out.shutdownNow();
    }

    /** The room streams of a cluster, in memory. */
    private static final class Log {
        final ExecutorService out = Executors.newSingleThreadExecutor();
        final List<Hub> nodes = new ArrayList<>();
        final Map<String, Long> seqs = new HashMap<>();
        /** Each room's members on any node, as the cluster keeps them beside the stream. */
        final Map<String, Set<String>> members = new HashMap<>();
        /** Which rooms each node follows: it learns a room's members when it starts to. */
        final Map<Hub, Set<String>> following = new HashMap<>();
        volatile boolean down;

        SharedOrder node(Hub[] self) {
            return (roomKey, delivered, event, refused) -> append(self[0], roomKey, delivered, event, refused);
        }

        synchronized void append(Hub from, String roomKey, long delivered, Event.RoomEvent event, Runnable refused) {
            if (down) {
                out.execute(refused); // off the caller's thread, as a timed-out append would be
                return;
            }
            assertThat(event.seq()).isZero();
            long seq = Math.max(seqs.getOrDefault(roomKey, 0L), delivered) + 1; // as RoomLog's floor
            seqs.put(roomKey, seq);
            Event.RoomEvent numbered = event.withSeq(seq);
            Set<String> now = members.computeIfAbsent(roomKey, k -> new LinkedHashSet<>());
            if (following.computeIfAbsent(from, k -> new HashSet<>()).add(roomKey)) {
                List<String> known = List.copyOf(now);
                out.execute(() -> from.remoteMembers(roomKey, known));
            }
            switch (numbered) {
                case Event.Joined j -> now.add(j.name());
                case Event.Left l -> now.remove(l.name());
                default -> {
                }
            }
            List<Hub> to = List.copyOf(nodes);
            out.execute(() -> to.forEach(n -> n.ordered(roomKey, numbered)));
        }
    }

    private Hub node() {
        Hub[] self = new Hub[1];
        self[0] = new Hub(ChatConfig.defaults(), store, new MemoryAccounts(), new MemoryModeration(),
                new MemorySessionTokens(), false, clock::incrementAndGet, log.node(self));
        synchronized (log) {
            log.nodes.add(self[0]);
        }
        return self[0];
    }

    @Test
    void shouldGiveMembersOnBothNodesOneGaplessOrderUnderConcurrentSenders() throws Exception {
        RecordingSession a1 = arrive(a, "a1");
        RecordingSession b1 = arrive(b, "b1", a1);
        RecordingSession a2 = arrive(a, "a2", a1, b1);
        RecordingSession b2 = arrive(b, "b2", a1, b1, a2);
        List<RecordingSession> all = List.of(a1, b1, a2, b2);
        int each = 300;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (RecordingSession sender : List.of(a1, b1)) {
                pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        (sender == a1 ? a : b).input(sender.user, sender.user.name() + " " + i);
                    }
                    return null;
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        for (RecordingSession s : all) {
            Await.until(s.user.name() + " has every line", () -> s.events(Event.Said.class).size() == 2 * each,
                    LineClient.WAIT);
        }
        List<Event.Said> reference = a1.events(Event.Said.class);
        for (int i = 1; i < reference.size(); i++) {
            assertThat(reference.get(i).seq()).isEqualTo(reference.get(i - 1).seq() + 1);
        }
        for (RecordingSession s : all) {
            assertThat(s.events(Event.Said.class)).isEqualTo(reference);
        }
        // Each node stored its own events as they came back numbered: every number once, none missing.
        List<Event.RoomEvent> stored = store.read("lobby", 0, Long.MAX_VALUE, 100_000, false).get(10, TimeUnit.SECONDS);
        assertThat(stored).extracting(Event.RoomEvent::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, stored.size()).boxed().toList());
        assertThat(stored).filteredOn(Event.Said.class::isInstance).containsExactlyElementsOf(reference);
    }

    @Test
    void shouldShowJoinsLeavesAndMembersOfTheOtherNode() {
        RecordingSession a1 = arrive(a, "a1");
        RecordingSession b1 = arrive(b, "b1", a1);
        assertThat(b.roomInfo("lobby").members()).containsExactlyInAnyOrder("b1", "a1");
        assertThat(a.roomInfo("lobby").members()).containsExactlyInAnyOrder("a1", "b1");

        a.input(a1.user, "/join dev");
        a1.await("a1 in dev", joined("dev", "a1"));
        b.input(b1.user, "/join dev");
        a1.await("a1 hears b1 join dev", joined("dev", "b1"));
        b1.await("b1 in dev", joined("dev", "b1"));
        // b's dev opened after a1 joined it: b learned of a1 from the members the cluster keeps.
        Await.until("b knows a1 is in dev", () -> b.roomInfo("dev").members().contains("a1"), LineClient.WAIT);

        RecordingSession a2 = arrive(a, "a2", a1, b1);
        a.input(a2.user, "/join dev");
        b1.await("b1 hears a2 join dev", joined("dev", "a2"));
        assertThat(b.roomInfo("dev").members()).containsExactlyInAnyOrder("b1", "a1", "a2");
        b1.clear();
        b.input(b1.user, "/who dev");
        assertThat(b1.events(Event.Who.class)).singleElement()
                .satisfies(w -> assertThat(w.members()).containsExactlyInAnyOrder("b1", "a1", "a2"));
        b.input(b1.user, "/rooms");
        // With a shared order the list also asks it for rooms open elsewhere, and answers when that is in.
        Await.until("b1's room list", () -> !b1.events(Event.Rooms.class).isEmpty(), LineClient.WAIT);
        assertThat(b1.events(Event.Rooms.class)).singleElement().satisfies(r -> assertThat(r.rooms())
                .contains(new Event.RoomInfo("dev", 3, null), new Event.RoomInfo("lobby", 3, null)));

        a.input(a2.user, "/part dev");
        b1.await("b1 hears a2 leave dev", e -> e instanceof Event.Left l && l.room().equals("dev")
                && l.name().equals("a2"));
        a2.await("a2 hears itself leave dev", e -> e instanceof Event.Left l && l.room().equals("dev")
                && l.name().equals("a2"));
        assertThat(b.roomInfo("dev").members()).containsExactlyInAnyOrder("b1", "a1");

        a.input(a2.user, "end");
        b1.await("b1 hears a2 quit", e -> e instanceof Event.Left l && l.room().equals("lobby")
                && l.name().equals("a2"));
        assertThat(b.roomInfo("lobby").members()).containsExactlyInAnyOrder("b1", "a1");
    }

    @Test
    void shouldTellTheSpeakerWhenTheClusterRefusesAndDeliverNothing() {
        RecordingSession a1 = arrive(a, "a1");
        RecordingSession b1 = arrive(b, "b1", a1);
        log.down = true;
        a.input(a1.user, "lost");
        a1.await("a1 told", e -> e instanceof Event.Failure f && f.code().equals("cluster.unavailable"));
        log.down = false;
        a.input(a1.user, "kept");
        b1.await("b1 hears the next line", said("kept"));
        a1.await("a1 hears the next line", said("kept"));
        // The log hands events over in order: had "lost" gone anywhere, it would have come first.
        assertThat(a1.events(Event.Said.class)).extracting(Event.Said::text).containsExactly("kept");
        assertThat(b1.events(Event.Said.class)).extracting(Event.Said::text).containsExactly("kept");
        assertThat(b1.events(Event.Failure.class)).isEmpty();
    }

    @Test
    void shouldChangeTheTopicOnEveryNodeWhenItComesBack() {
        RecordingSession a1 = arrive(a, "a1");
        RecordingSession b1 = arrive(b, "b1", a1);
        a.input(a1.user, "/topic hello both");
        b1.await("b1 hears the topic", e -> e instanceof Event.TopicSet t && t.topic().equals("hello both"));
        a1.await("a1 hears the topic", e -> e instanceof Event.TopicSet t && t.topic().equals("hello both"));
        assertThat(a.roomInfo("lobby").topic()).isEqualTo("hello both");
        assertThat(b.roomInfo("lobby").topic()).isEqualTo("hello both");
    }
}
