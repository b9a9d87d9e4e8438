package sori.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import sori.store.MemoryEventStore;

/**
 * The Hub on a store: numbers that never restart, replays read from the store while live events wait
 * (no gap, no duplicate), and durability sync delivering only what the store committed.
 */
class StoredHistoryTest {

    private final AtomicLong clock = new AtomicLong(1_000);

    @Test
    void shouldContinueARoomsNumbersWhenItEmptiesAndOpensAgain() {
        Hub hub = new Hub(ChatConfig.defaults(), new MemoryEventStore(100), clock::incrementAndGet);
        RecordingSession a = RecordingSession.connect(hub, "a");
        hub.input(a.user, "/join dev");
        hub.input(a.user, "hello");
        hub.input(a.user, "/topic kept");
        long last = a.events(Event.TopicSet.class).getLast().seq();
        hub.input(a.user, "/part dev");
        assertThat(hub.roomNames()).containsExactly("lobby");
        a.clear();
        hub.input(a.user, "/join dev");
        assertThat(a.events(Event.Joined.class)).singleElement().satisfies(j -> assertThat(j.seq()).isEqualTo(last + 2));
        hub.input(a.user, "/topic");
        assertThat(a.events(Event.Topic.class)).singleElement().satisfies(t -> assertThat(t.topic()).isEqualTo("kept"));
    }

    @Test
    void shouldContinueNumbersAcrossARestartOnTheSameStore() {
        MemoryEventStore store = new MemoryEventStore(100);
        Hub first = new Hub(ChatConfig.defaults(), store, clock::incrementAndGet);
        RecordingSession a = RecordingSession.connect(first, "a");
        for (int i = 0; i < 30; i++) {
            first.input(a.user, "m" + i);
        }
        long last = a.events(Event.Said.class).getLast().seq();
        first.disconnect(a.user, Event.Departure.QUIT, null);

        Hub second = new Hub(ChatConfig.defaults(), store, clock::incrementAndGet);
        RecordingSession b = RecordingSession.connect(second, "b");
        // The ring of the new process is empty: the join's replay comes from the store, in order, then the join.
        List<Long> seqs = roomSeqs(b);
        assertThat(seqs).hasSize(ChatConfig.REPLAY_ON_JOIN + 1);
        assertThat(seqs.getLast()).isEqualTo(last + 2); // a's quit was last + 1
        assertConsecutive(seqs);
    }

    @Test
    void shouldDeliverAReplayFromTheStoreThenEveryLiveEventWithNoGapAndNoDuplicate() throws Exception {
        MemoryEventStore memory = new MemoryEventStore(10_000);
        Hub before = new Hub(ChatConfig.defaults(), memory, clock::incrementAndGet);
        RecordingSession old = RecordingSession.connect(before, "old");
        for (int i = 0; i < 200; i++) {
            before.input(old.user, "before " + i);
        }
        before.disconnect(old.user, Event.Departure.QUIT, null);

        DeferredReads store = new DeferredReads(memory);
        Hub hub = new Hub(ChatConfig.defaults(), store, clock::incrementAndGet);
        RecordingSession talker = RecordingSession.connect(hub, "talker"); // its own replay is held too
        store.completeAll();
        RecordingSession reader = RecordingSession.connect(hub, "reader");
        store.completeAll();
        reader.clear();
        hub.input(reader.user, "/history 500"); // beyond the recent ring: read from the store, live events held
        int floods = 2000;
        CountDownLatch started = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            pool.submit(() -> {
                for (int i = 0; i < floods; i++) {
                    hub.input(talker.user, "live " + i);
                    if (i == 100) {
                        started.countDown();
                    }
                }
                return null;
            });
            pool.submit(() -> {
                started.await();
                store.completeAll(); // the reads answer in the middle of the flood
                return null;
            });
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        store.completeAll();
        List<Event> got = reader.events();
        // First the replay, then its end, then every live event in order: none lost, none twice.
        int end = got.indexOf(got.stream().filter(Event.HistoryEnd.class::isInstance).findFirst().orElseThrow());
        List<Long> history = got.subList(0, end).stream().map(e -> ((Event.Replayed) e).event().seq()).toList();
        List<Long> live = got.subList(end + 1, got.size()).stream().map(e -> ((Event.RoomEvent) e).seq()).toList();
        assertThat(history.getFirst()).isEqualTo(1L); // all 204 events so far, fewer than asked for
        assertConsecutive(history);
        assertThat(live).hasSize(floods);
        assertThat(live.getFirst()).isEqualTo(history.getLast() + 1);
        assertConsecutive(live);
    }

    @Test
    void shouldPageBackwardsWithBeforeAndSayWhenTheBeginningIsReached() {
        Hub hub = new Hub(ChatConfig.defaults(), new MemoryEventStore(1000), clock::incrementAndGet);
        RecordingSession a = RecordingSession.connect(hub, "a");
        for (int i = 0; i < 50; i++) {
            hub.input(a.user, "m" + i);
        }
        a.clear();
        hub.input(a.user, "/history before 30 10");
        assertThat(a.events(Event.Replayed.class)).extracting(r -> r.event().seq())
                .containsExactly(20L, 21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L, 29L);
        assertThat(a.last()).isEqualTo(new Event.HistoryEnd("lobby", 10, 20, true));
        a.clear();
        hub.input(a.user, "/history before 5 10");
        assertThat(a.last()).isEqualTo(new Event.HistoryEnd("lobby", 4, 1, false));
        a.clear();
        hub.input(a.user, "/history before 0");
        assertThat(a.last()).isInstanceOfSatisfying(Event.Failure.class, f -> assertThat(f.code()).isEqualTo("command.usage"));
    }

    @Test
    void shouldDeliverOnlyWhatTheStoreCommittedWhenDurabilityIsSync() {
        DeferredCommits store = new DeferredCommits(new MemoryEventStore(100));
        Hub hub = new Hub(ChatConfig.defaults(), store, true, clock::incrementAndGet);
        RecordingSession a = RecordingSession.connect(hub, "a");
        store.commitAll();
        a.clear();
        hub.input(a.user, "one");
        hub.input(a.user, "two");
        assertThat(a.events(Event.Said.class)).isEmpty();
        store.commitAll();
        assertThat(a.events(Event.Said.class)).extracting(Event.Said::text).containsExactly("one", "two");
    }

    private static List<Long> roomSeqs(RecordingSession s) {
        List<Long> out = new ArrayList<>();
        for (Event e : s.events()) {
            if (e instanceof Event.Replayed r) {
                out.add(r.event().seq());
            } else if (e instanceof Event.RoomEvent re) {
                out.add(re.seq());
            }
        }
        return out;
    }

    /** Sequence numbers of the replayed events after the {@code skip}-th run of replays. */
    private static List<Long> replayedAfter(List<Event> events, int skip) {
        List<List<Long>> runs = new ArrayList<>();
        List<Long> run = null;
        for (Event e : events) {
            if (e instanceof Event.Replayed r) {
                if (run == null) {
                    run = new ArrayList<>();
                    runs.add(run);
                }
                run.add(r.event().seq());
            } else {
                run = null;
            }
        }
        return runs.get(skip);
    }

    private static void assertConsecutive(List<Long> seqs) {
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).as("after %d at %d", seqs.get(i - 1), i).isEqualTo(seqs.get(i - 1) + 1);
        }
    }

    /** A store whose reads answer only when the test says so, from the test's thread. */
    static final class DeferredReads extends ForwardingStore {
        private final List<Runnable> pending = new ArrayList<>();

        DeferredReads(EventStore inner) {
            super(inner);
        }

        @Override
        public CompletableFuture<List<Event.RoomEvent>> read(String key, long after, long before, int limit, boolean newest) {
            CompletableFuture<List<Event.RoomEvent>> answer = new CompletableFuture<>();
            synchronized (pending) {
                pending.add(() -> inner.read(key, after, before, limit, newest).thenAccept(answer::complete));
            }
            return answer;
        }

        void completeAll() {
            List<Runnable> now;
            synchronized (pending) {
                now = new ArrayList<>(pending);
                pending.clear();
            }
            now.forEach(Runnable::run);
        }
    }

    /** A store whose commits happen only when the test says so. */
    static final class DeferredCommits extends ForwardingStore {
        private final List<Runnable> callbacks = new ArrayList<>();

        DeferredCommits(EventStore inner) {
            super(inner);
        }

        @Override
        public void append(Event.RoomEvent event, Runnable committed) {
            inner.append(event, null);
            if (committed != null) {
                synchronized (callbacks) {
                    callbacks.add(committed);
                }
            }
        }

        void commitAll() {
            List<Runnable> now;
            synchronized (callbacks) {
                now = new ArrayList<>(callbacks);
                callbacks.clear();
            }
            now.forEach(Runnable::run);
        }
    }

    /** Passes everything to another store. */
    abstract static class ForwardingStore implements EventStore {
        final EventStore inner;

        ForwardingStore(EventStore inner) {
            this.inner = inner;
        }

        @Override
        public List<RoomState> rooms() {
            return inner.rooms();
        }

        @Override
        public void append(Event.RoomEvent event, Runnable committed) {
            inner.append(event, committed);
        }

        @Override
        public void appendPrivate(Event.Private message) {
            inner.appendPrivate(message);
        }

        @Override
        public void appendPrivateTags(Event.Tagged tags) {
            inner.appendPrivateTags(tags);
        }

        @Override
        public CompletableFuture<List<Event>> readConversation(String a, String b, long afterTime, long beforeTime,
                int limit, boolean newest) {
            return inner.readConversation(a, b, afterTime, beforeTime, limit, newest);
        }

        @Override
        public CompletableFuture<List<Event.RoomEvent>> read(String key, long after, long before, int limit, boolean newest) {
            return inner.read(key, after, before, limit, newest);
        }

        @Override
        public CompletableFuture<Long> seqAt(String key, long time) {
            return inner.seqAt(key, time);
        }

        @Override
        public CompletableFuture<List<Event.Private>> readPrivate(String a, String b, long afterTime, long beforeTime,
                int limit, boolean newest) {
            return inner.readPrivate(a, b, afterTime, beforeTime, limit, newest);
        }

        @Override
        public CompletableFuture<List<Correspondent>> correspondents(String key, long afterTime, long beforeTime, int limit) {
            return inner.correspondents(key, afterTime, beforeTime, limit);
        }

        @Override
        public boolean congested() {
            return inner.congested();
        }

        @Override
        public void whenUncongested(Runnable r) {
            inner.whenUncongested(r);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
