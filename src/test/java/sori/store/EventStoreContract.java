package sori.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sori.chat.Event;
import sori.chat.EventStore;
import sori.chat.EventStore.RoomState;
import sori.chat.Names;
import sori.testing.Await;
import sori.testing.LineClient;

/**
 * What every {@link sori.chat.EventStore} does, memory, SQLite and PostgreSQL alike: each store's test
 * extends this and says only how to open it.
 */
abstract class EventStoreContract {

    static final long T0 = 1_764_086_400_000L;

    private final List<Store> opened = new ArrayList<>();

    /** Opens the store under test; a second call opens the same data again (a restart). */
    abstract Store open(JdbcEventStore.Tuning tuning);

    /** True when what was written survives {@link Store#close} and a new {@link #open}. */
    abstract boolean durable();

    /** True when writes are queued for a writer (so the queue can fill), false when done at once. */
    abstract boolean queued();

    Store open() {
        return track(open(JdbcEventStore.Tuning.DEFAULT));
    }

    Store track(Store s) {
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeAll() {
        for (Store s : opened) {
            s.close();
        }
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(LineClient.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    static Event.Said said(String room, long seq, String text) {
        return new Event.Said(room, seq, T0 + seq * 1000, "mina", text);
    }

    static List<Event.RoomEvent> every(Store s, String key) throws Exception {
        return get(s.read(key, 0, Long.MAX_VALUE, 100_000, false));
    }

    @Test
    void shouldReadEveryKindBackAsWrittenInOrder() throws Exception {
        Store s = open();
        List<Event.RoomEvent> events = List.of(
                new Event.Joined("Lobby", 1, T0, "mina"),
                new Event.Said("Lobby", 2, T0 + 1, "mina", "hi \"all\" — 안녕 \n tab\t"),
                new Event.Action("Lobby", 3, T0 + 2, "mina", "waves"),
                new Event.Renamed("Lobby", 4, T0 + 3, "mina", "mina_k"),
                new Event.TopicSet("Lobby", 5, T0 + 4, "mina_k", "release on friday"),
                new Event.TopicSet("Lobby", 6, T0 + 5, "mina_k", null),
                new Event.Left("Lobby", 7, T0 + 6, "mina_k", Event.Departure.QUIT, "lunch"),
                new Event.Left("Lobby", 8, T0 + 7, "jun", Event.Departure.KICKED_SLOW, null),
                new Event.Moderated("Lobby", 9, T0 + 8, "mina", Event.ModAction.BAN, "spam*@10.0.0.*", "7d", "ads"),
                new Event.Moderated("Lobby", 10, T0 + 9, "mina", Event.ModAction.MODE, null, "+l 10", null),
                new Event.Moderated("Lobby", 11, T0 + 10, "mina", Event.ModAction.CLAIM, null, null, null),
                new Event.Left("Lobby", 12, T0 + 11, "bob", Event.Departure.KILLED, "bye"),
                new Event.KeptTags("Lobby", 13, T0 + 12, "mina", new Event.Meta(null, false,
                        tags("+draft/react", "👍 \"x\"", "+draft/persist", ""))),
                new Event.KeptTags("Lobby", 14, T0 + 13, "jun", new Event.Meta("Jun", false,
                        tags("+draft/reply", "12-abc", "+draft/persist", ""))));
        for (Event.RoomEvent e : events) {
            s.append(e, null);
        }
        assertThat(every(s, "lobby")).containsExactlyElementsOf(events);
        assertThat(every(s, "nowhere")).isEmpty();
    }

    @Test
    void shouldReadNewestAndOldestWindowsWithinBounds() throws Exception {
        Store s = open();
        for (int i = 1; i <= 20; i++) {
            s.append(said("dev", i, "m" + i), null);
        }
        assertThat(seqs(get(s.read("dev", 0, Long.MAX_VALUE, 5, true)))).containsExactly(16L, 17L, 18L, 19L, 20L);
        assertThat(seqs(get(s.read("dev", 0, Long.MAX_VALUE, 5, false)))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(seqs(get(s.read("dev", 10, 15, 100, false)))).containsExactly(11L, 12L, 13L, 14L);
        assertThat(seqs(get(s.read("dev", 10, 15, 2, true)))).containsExactly(13L, 14L);
        assertThat(seqs(get(s.read("dev", 10, 15, 2, false)))).containsExactly(11L, 12L);
        assertThat(get(s.read("dev", 20, Long.MAX_VALUE, 10, false))).isEmpty();
        assertThat(get(s.read("dev", 0, 100, 0, true))).isEmpty();
    }

    @Test
    void shouldSeeEachAppendInTheReadIssuedAfterIt() throws Exception {
        Store s = open();
        for (int i = 1; i <= 200; i++) {
            Event.Said e = said("dev", i, "m" + i);
            s.append(e, null);
            assertThat(get(s.read("dev", 0, Long.MAX_VALUE, 1, true))).containsExactly(e);
        }
    }

    @Test
    void shouldKeepEachRoomsStateAcrossARestartWhenDurable() throws Exception {
        Store s = open();
        s.append(new Event.Joined("Dev", 1, T0, "mina"), null);
        s.append(new Event.TopicSet("Dev", 2, T0 + 5, "mina", "release"), null);
        s.append(said("Dev", 3, "hi"), null);
        s.append(new Event.Joined("lobby", 1, T0 + 9, "jun"), null);
        List<RoomState> expected = List.of(new RoomState("Dev", "dev", T0, "release", 3),
                new RoomState("lobby", "lobby", T0 + 9, null, 1));
        assertThat(s.rooms()).containsExactlyElementsOf(expected);
        s.close();
        Store again = open();
        if (durable()) {
            assertThat(again.rooms()).containsExactlyElementsOf(expected);
            assertThat(seqs(every(again, "dev"))).containsExactly(1L, 2L, 3L);
            again.append(said("Dev", 4, "after the restart"), null);
            assertThat(again.rooms().getFirst().lastSeq()).isEqualTo(4);
            assertThat(again.rooms().getFirst().topic()).isEqualTo("release");
        } else {
            assertThat(again.rooms()).isEmpty();
        }
    }

    @Test
    void shouldGiveTheStateOfTheRoomsAskedForOnly() throws Exception {
        Store s = open();
        s.append(new Event.Joined("Dev", 1, T0, "mina"), null);
        s.append(new Event.TopicSet("Dev", 2, T0 + 5, "mina", "release"), null);
        List<String> asked = new ArrayList<>(List.of("dev", "nowhere"));
        // More rooms than one IN list holds (Sql.IN_SLICE), so a read in slices is shown to find them all.
        for (int i = 0; i < 600; i++) {
            s.append(new Event.Joined("r" + i, 1, T0 + i, "jun"), null);
            if (i % 2 == 0) {
                asked.add(Names.fold("r" + i)); // a key is the folded name: digits fold too
            }
        }
        List<RoomState> got = get(s.rooms(asked));
        assertThat(got).hasSize(301).contains(new RoomState("Dev", "dev", T0, "release", 2),
                new RoomState("r598", Names.fold("r598"), T0 + 598, null, 1));
        assertThat(got).extracting(RoomState::key).doesNotContain(Names.fold("r1"), "nowhere");
        assertThat(get(s.rooms(List.of()))).isEmpty();
    }

    @Test
    void shouldIgnoreAnEventItAlreadyHolds() throws Exception {
        Store s = open();
        for (int i = 1; i <= 3; i++) {
            s.append(said("dev", i, "first " + i), null);
        }
        AtomicBoolean ran = new AtomicBoolean();
        s.append(said("dev", 2, "delivered again"), () -> ran.set(true));
        s.append(new Event.TopicSet("dev", 1, T0, "mina", "stale"), null);
        assertThat(every(s, "dev")).extracting(e -> ((Event.Said) e).text()).containsExactly("first 1", "first 2", "first 3");
        assertThat(s.rooms()).containsExactly(new RoomState("dev", "dev", T0 + 1000, null, 3));
        Await.until("the duplicate's committed callback", ran::get, LineClient.WAIT);
    }

    /**
     * In a cluster any node may write any event (a reaper copies a dead node's stream tail over what the nodes
     * stored): a (room, seq) written again in a later commit, or by a store opened afresh, keeps its first row,
     * and one written below the room's last seq still lands.
     */
    @Test
    void shouldKeepOneRowForAnEventWrittenAgainInALaterCommit() throws Exception {
        Store s = open();
        for (int i = 1; i <= 3; i++) {
            s.append(said("dev", i, "first " + i), null);
        }
        assertThat(every(s, "dev")).hasSize(3); // committed: the next writes are a group of their own
        for (int i = 1; i <= 3; i++) {
            s.append(said("dev", i, "again " + i), null);
        }
        assertThat(texts(every(s, "dev"))).containsExactly("first 1", "first 2", "first 3");
        if (!durable()) {
            return;
        }
        s.close();
        Store again = open();
        again.append(said("dev", 5, "first 5"), null);
        for (int i = 1; i <= 3; i++) {
            again.append(said("dev", i, "after a restart " + i), null);
        }
        again.append(said("dev", 4, "first 4"), null);
        assertThat(texts(every(again, "dev"))).containsExactly("first 1", "first 2", "first 3", "first 4", "first 5");
        assertThat(again.rooms()).containsExactly(new RoomState("dev", "dev", T0 + 1000, null, 5));
    }

    private static List<String> texts(List<Event.RoomEvent> events) {
        return events.stream().map(e -> ((Event.Said) e).text()).toList();
    }

    @Test
    void shouldShowPrivateMessagesOnlyToTheirConversation() throws Exception {
        Store s = open();
        s.appendPrivate(new Event.Private("Mina", "jun", T0, "one"));
        s.appendPrivate(new Event.Private("jun", "Mina", T0 + 1, "two"));
        s.appendPrivate(new Event.Private("mina", "ari", T0 + 2, "not for jun"));
        s.appendPrivate(new Event.Private("Mina", "jun", T0 + 3, "three"));
        assertThat(get(s.readPrivate(Names.fold("jun"), Names.fold("mina"), Long.MAX_VALUE, 10))).extracting(Event.Private::text)
                .containsExactly("one", "two", "three");
        assertThat(get(s.readPrivate(Names.fold("mina"), Names.fold("jun"), Long.MAX_VALUE, 2))).extracting(Event.Private::text)
                .containsExactly("two", "three");
        assertThat(get(s.readPrivate(Names.fold("mina"), Names.fold("jun"), T0 + 3, 10))).containsExactly(
                new Event.Private("Mina", "jun", T0, "one"), new Event.Private("jun", "Mina", T0 + 1, "two"));
        assertThat(get(s.readPrivate("ari", "jun", Long.MAX_VALUE, 10))).isEmpty();
        assertThat(get(s.readPrivate("ari", Names.fold("mina"), Long.MAX_VALUE, 10))).extracting(Event.Private::text)
                .containsExactly("not for jun");
    }

    static java.util.Map<String, String> tags(String... keyValues) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Test
    void shouldKeepPrivateTagsInTheirConversationForReadConversationOnly() throws Exception {
        Store s = open();
        Event.Meta react = new Event.Meta(null, false, tags("+draft/react", "🙂", "+draft/persist", ""));
        s.appendPrivate(new Event.Private("Mina", "jun", T0, "one"));
        Event.Tagged kept = new Event.Tagged("jun", null, "Mina", T0 + 1, react, true);
        s.appendPrivateTags(kept);
        s.appendPrivate(new Event.Private("Mina", "jun", T0 + 2, "two"));
        s.appendPrivateTags(new Event.Tagged("Mina", null, "ari", T0 + 3, react, true));
        String mina = Names.fold("Mina");
        // Messages alone for those who show no tags: the limit counts messages only.
        assertThat(get(s.readPrivate(mina, "jun", Long.MIN_VALUE, Long.MAX_VALUE, 2, true))).extracting(Event.Private::text)
                .containsExactly("one", "two");
        assertThat(get(s.readConversation("jun", mina, Long.MIN_VALUE, Long.MAX_VALUE, 10, false))).containsExactly(
                new Event.Private("Mina", "jun", T0, "one"), kept, new Event.Private("Mina", "jun", T0 + 2, "two"));
        assertThat(get(s.readConversation(mina, "jun", Long.MIN_VALUE, Long.MAX_VALUE, 2, true))).containsExactly(
                kept, new Event.Private("Mina", "jun", T0 + 2, "two"));
        assertThat(get(s.readConversation(mina, "ari", Long.MIN_VALUE, Long.MAX_VALUE, 10, true))).hasSize(1);
        assertThat(get(s.readPrivate(mina, "ari", Long.MIN_VALUE, Long.MAX_VALUE, 10, true))).isEmpty();
    }

    @Test
    void shouldPlaceATimeInTheRoomsOrder() throws Exception {
        Store s = open();
        for (int i = 1; i <= 5; i++) {
            s.append(said("dev", i, "m" + i), null); // event i at T0 + i s
        }
        s.append(new Event.Said("dev", 6, T0 + 5000, "mina", "same millisecond as 5"), null);
        assertThat(get(s.seqAt("dev", T0))).isZero();
        assertThat(get(s.seqAt("dev", T0 + 1000))).isZero();
        assertThat(get(s.seqAt("dev", T0 + 1001))).isEqualTo(2L);
        assertThat(get(s.seqAt("dev", T0 + 5000))).isEqualTo(5L);
        assertThat(get(s.seqAt("dev", T0 + 5001))).isEqualTo(7L);
        assertThat(get(s.seqAt("nowhere", T0))).isZero();
        // Strictly after T0 + 2 s: after the last event at or before it.
        long after = get(s.seqAt("dev", T0 + 2001)) - 1;
        assertThat(seqs(get(s.read("dev", after, Long.MAX_VALUE, 10, false)))).containsExactly(3L, 4L, 5L, 6L);
    }

    @Test
    void shouldReadPrivateMessagesBetweenTimesFromEitherEnd() throws Exception {
        Store s = open();
        for (int i = 1; i <= 6; i++) {
            s.appendPrivate(new Event.Private(i % 2 == 0 ? "Mina" : "jun", i % 2 == 0 ? "jun" : "Mina", T0 + i, "m" + i));
        }
        s.appendPrivate(new Event.Private("mina", "ari", T0 + 3, "not for jun"));
        String mina = Names.fold("Mina");
        assertThat(get(s.readPrivate(mina, "jun", T0 + 1, T0 + 6, 10, false))).extracting(Event.Private::text)
                .containsExactly("m2", "m3", "m4", "m5");
        assertThat(get(s.readPrivate("jun", mina, T0 + 1, T0 + 6, 2, false))).extracting(Event.Private::text)
                .containsExactly("m2", "m3");
        assertThat(get(s.readPrivate(mina, "jun", T0 + 1, T0 + 6, 2, true))).extracting(Event.Private::text)
                .containsExactly("m4", "m5");
        assertThat(get(s.readPrivate(mina, "jun", T0 + 6, Long.MAX_VALUE, 10, false))).isEmpty();
    }

    @Test
    void shouldListCorrespondentsByTheirLastMessageWithinTheWindow() throws Exception {
        Store s = open();
        s.appendPrivate(new Event.Private("Mina", "jun", T0 + 1, "a"));
        s.appendPrivate(new Event.Private("ari", "Mina", T0 + 2, "b"));
        s.appendPrivate(new Event.Private("jun", "Mina", T0 + 3, "c"));
        s.appendPrivate(new Event.Private("Mina", "Mina", T0 + 4, "note to self"));
        s.appendPrivate(new Event.Private("jun", "ari", T0 + 5, "not Mina's"));
        s.appendPrivate(new Event.Private("mina_k", "bo", T0 + 6, "a longer name"));
        String mina = Names.fold("Mina");
        assertThat(get(s.correspondents(mina, Long.MIN_VALUE, Long.MAX_VALUE, 10))).containsExactly(
                new EventStore.Correspondent("ari", T0 + 2), new EventStore.Correspondent("jun", T0 + 3),
                new EventStore.Correspondent("Mina", T0 + 4));
        // Spelled as in the last message, not folded ("1" and "l" fold alike).
        s.appendPrivate(new Event.Private("Mina", "Ari1", T0 + 7, "d"));
        assertThat(get(s.correspondents(mina, T0 + 6, Long.MAX_VALUE, 10))).containsExactly(
                new EventStore.Correspondent("Ari1", T0 + 7));
        assertThat(get(s.correspondents(mina, Long.MIN_VALUE, Long.MAX_VALUE, 1))).extracting(EventStore.Correspondent::other)
                .containsExactly("ari");
        // jun's last message with Mina is at T0 + 3: outside a window ending there, though "a" is inside.
        assertThat(get(s.correspondents(mina, T0, T0 + 3, 10))).extracting(EventStore.Correspondent::other)
                .containsExactly("ari");
        assertThat(get(s.correspondents("nobody", Long.MIN_VALUE, Long.MAX_VALUE, 10))).isEmpty();
    }

    @Test
    void shouldRunCommittedCallbacksInOrderOnceTheEventIsReadable() throws Exception {
        Store s = open();
        List<Long> order = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Boolean>> visible = Collections.synchronizedList(new ArrayList<>());
        int n = 2_500;
        for (int i = 1; i <= n; i++) {
            long seq = i;
            s.append(said("dev", seq, "m" + seq), () -> {
                order.add(seq);
                if (seq % 500 == 0) {
                    visible.add(s.read("dev", seq - 1, seq + 1, 1, false).thenApply(l -> l.size() == 1));
                }
            });
        }
        Await.until("every committed callback", () -> order.size() == n, LineClient.WAIT);
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            expected.add(i);
        }
        assertThat(order).containsExactlyElementsOf(expected);
        for (CompletableFuture<Boolean> v : List.copyOf(visible)) {
            assertThat(get(v)).isTrue();
        }
    }

    @Test
    void shouldSweepEventsAndMessagesOlderThanTheCutoffButKeepRooms() throws Exception {
        Store s = open();
        long now = System.currentTimeMillis();
        long old = now - Duration.ofDays(100).toMillis();
        s.append(new Event.Said("dev", 1, old, "mina", "old"), null);
        s.append(new Event.Said("dev", 2, now, "mina", "new"), null);
        s.appendPrivate(new Event.Private("mina", "jun", old, "old"));
        s.appendPrivate(new Event.Private("mina", "jun", now, "new"));
        long deleted = get(s.sweep(now - Duration.ofDays(90).toMillis()));
        assertThat(deleted).isEqualTo(2);
        assertThat(every(s, "dev")).extracting(e -> ((Event.Said) e).text()).containsExactly("new");
        assertThat(get(s.readPrivate(Names.fold("mina"), Names.fold("jun"), Long.MAX_VALUE, 10))).extracting(Event.Private::text)
                .containsExactly("new");
        assertThat(s.rooms()).extracting(RoomState::lastSeq).containsExactly(2L);
    }

    @Test
    void shouldReportCongestionPastTheBoundAndCallBackWhenUnder() throws Exception {
        AtomicBoolean early = new AtomicBoolean();
        if (!queued()) {
            Store s = open();
            s.whenUncongested(() -> early.set(true));
            assertThat(s.congested()).isFalse();
            assertThat(early).isTrue();
            return;
        }
        Store s = track(open(new JdbcEventStore.Tuning(100, 10, JdbcEventStore.LOG_INTERVAL)));
        s.whenUncongested(() -> early.set(true));
        assertThat(early).as("runs at once when not congested").isTrue();
        CountDownLatch writerHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        s.append(said("dev", 1, "holds the writer"), () -> {
            writerHeld.countDown();
            try {
                release.await(LineClient.WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(writerHeld.await(LineClient.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        for (int i = 2; i <= 30; i++) {
            s.append(said("dev", i, "m" + i), null);
        }
        assertThat(s.congested()).isTrue();
        AtomicBoolean called = new AtomicBoolean();
        s.whenUncongested(() -> called.set(true));
        assertThat(called).isFalse();
        release.countDown();
        Await.until("the whenUncongested callback", called::get, LineClient.WAIT);
        assertThat(s.congested()).isFalse();
        assertThat(every(s, "dev")).hasSize(30);
    }

    static List<Long> seqs(List<Event.RoomEvent> events) {
        return events.stream().map(Event.RoomEvent::seq).toList();
    }
}
