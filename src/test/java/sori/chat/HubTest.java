package sori.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import sori.store.MemoryEventStore;

/** The domain on its own: order, rooms, names, history and every command's wrong use. */
class HubTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final Hub hub = new Hub(ChatConfig.defaults(), new MemoryEventStore(ChatConfig.HISTORY_SIZE),
            clock::incrementAndGet);

    @Test
    void shouldGiveEveryMemberTheSameGaplessOrderUnderConcurrentSenders() throws Exception {
        int members = 50;
        int senders = 10;
        int each = 1000;
        List<RecordingSession> all = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            all.add(RecordingSession.connect(hub, "m" + i));
        }
        all.forEach(RecordingSession::clear);
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(senders)) {
            for (int s = 0; s < senders; s++) {
                RecordingSession sender = all.get(s);
                pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        hub.input(sender.user, "msg " + i);
                    }
                    return null;
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        List<Event.Said> reference = all.get(0).events(Event.Said.class);
        assertThat(reference).hasSize(senders * each);
        for (int i = 1; i < reference.size(); i++) {
            assertThat(reference.get(i).seq()).isEqualTo(reference.get(i - 1).seq() + 1);
        }
        for (RecordingSession m : all) {
            assertThat(m.events(Event.Said.class)).isEqualTo(reference);
        }
    }

    @Test
    void shouldReplayTheLastEventsToANewcomerBeforeAnnouncingThem() {
        RecordingSession a = RecordingSession.connect(hub, "a");
        for (int i = 0; i < 30; i++) {
            hub.input(a.user, "m" + i);
        }
        RecordingSession b = RecordingSession.connect(hub, "b");
        List<Event> got = b.events();
        assertThat(got.get(0)).isInstanceOf(Event.Prompt.class);
        assertThat(got).filteredOn(Event.Welcome.class::isInstance).hasSize(1);
        List<Event.Replayed> replayed = b.events(Event.Replayed.class);
        assertThat(replayed).hasSize(ChatConfig.REPLAY_ON_JOIN);
        assertThat(((Event.Said) replayed.get(0).event()).text()).isEqualTo("m10");
        assertThat(((Event.Said) replayed.get(19).event()).text()).isEqualTo("m29");
        assertThat(got.get(got.size() - 1)).isInstanceOfSatisfying(Event.Joined.class,
                j -> assertThat(j.seq()).isEqualTo(replayed.get(19).event().seq() + 1));
        b.clear();
        hub.input(b.user, "/history 3");
        assertThat(b.events(Event.Replayed.class)).extracting(r -> r.event().seq()).containsExactly(30L, 31L, 32L);
        hub.input(b.user, "/history 0");
        assertThat(b.last()).isInstanceOfSatisfying(Event.Failure.class,
                f -> assertThat(f.code()).isEqualTo("history.count"));
    }

    @Test
    void shouldCreateRoomsOnFirstJoinAndRemoveThemOnLastLeave() {
        RecordingSession a = RecordingSession.connect(hub, "a");
        RecordingSession b = RecordingSession.connect(hub, "b");
        hub.input(a.user, "/join Dev");
        hub.input(b.user, "/join dev");
        assertThat(hub.roomNames()).containsExactly("Dev", "lobby");
        assertThat(a.user.rooms()).containsExactly("lobby", "Dev");
        assertThat(a.user.currentRoom()).isEqualTo("Dev");
        hub.input(a.user, "/part");
        assertThat(a.user.currentRoom()).isEqualTo("lobby");
        hub.input(b.user, "/part dev");
        assertThat(hub.roomNames()).containsExactly("lobby");
        hub.input(a.user, "/quit");
        hub.input(b.user, "end");
        assertThat(hub.roomNames()).isEmpty();
        assertThat(hub.users()).isZero();
        assertThat(a.last()).isInstanceOf(Event.Goodbye.class);
    }

    @Test
    void shouldFreeTheOldNameOnRenameAndRefuseATakenOne() {
        RecordingSession a = RecordingSession.connect(hub, "a");
        RecordingSession b = RecordingSession.connect(hub, "b");
        hub.input(a.user, "/nick B");
        assertThat(a.last()).isInstanceOfSatisfying(Event.Failure.class,
                f -> assertThat(f.code()).isEqualTo("name.taken"));
        hub.input(a.user, "/nick 가나다");
        assertThat(b.last()).isEqualTo(new Event.Renamed("lobby", 3, clock.get(), "a", "가나다"));
        RecordingSession c = RecordingSession.connect(hub, "A");
        assertThat(c.user.name()).isEqualTo("A");
    }

    @Test
    void shouldDeliverPrivateMessagesToBothEndsOnly() {
        RecordingSession a = RecordingSession.connect(hub, "a");
        RecordingSession b = RecordingSession.connect(hub, "b");
        RecordingSession c = RecordingSession.connect(hub, "c");
        c.clear();
        hub.input(a.user, "/msg B psst, a secret");
        Event.Private p = new Event.Private("a", "b", clock.get(), "psst, a secret");
        assertThat(a.last()).isEqualTo(p);
        assertThat(b.last()).isEqualTo(p);
        assertThat(c.events()).isEmpty();
    }

    @Test
    void shouldAnswerEveryWrongUseWithAnErrorThatSaysWhatToType() {
        RecordingSession anon = new RecordingSession("anon");
        anon.user = hub.connect(anon);
        hub.input(anon.user, "/join dev");
        assertThat(failure(anon)).isEqualTo("command.name");
        RecordingSession a = RecordingSession.connect(hub, "a");
        String[][] cases = {
            {"/nosuch", "command.unknown"},
            {"/help me", "command.usage"},
            {"/who nowhere", "room.unknown"},
            {"/rooms all", "command.usage"},
            {"/join", "command.usage"},
            {"/join three whole words", "command.usage"},
            {"/join bad!name", "room.invalid"},
            {"/part nowhere", "room.unknown"},
            {"/msg", "command.usage"},
            {"/msg a", "command.usage"},
            {"/msg ghost hi", "user.unknown"},
            {"/me", "command.usage"},
            {"/nick", "command.usage"},
            {"/nick has space", "command.usage"},
            {"/nick bad!", "name.char"},
            {"/history many", "history.count"},
            {"/history 1001", "history.count"},
        };
        for (String[] c : cases) {
            hub.input(a.user, c[0]);
            Event.Failure f = (Event.Failure) a.last();
            assertThat(hub.texts().get(f.key(), f.args())).as(c[0]).startsWith("error: ");
            assertThat(failure(a)).as(c[0]).isEqualTo(c[1]);
        }
        hub.input(a.user, "/part");
        hub.input(a.user, "talking to nobody");
        assertThat(failure(a)).isEqualTo("room.none");
        hub.input(a.user, "/topic");
        assertThat(failure(a)).isEqualTo("room.none");
    }

    @Test
    void shouldSetAndShowTopicsAndListWhoAndRooms() {
        RecordingSession a = RecordingSession.connect(hub, "a");
        hub.input(a.user, "/topic");
        assertThat(a.last()).isEqualTo(new Event.Topic("lobby", null));
        hub.input(a.user, "/topic welcome all");
        assertThat(a.last()).isInstanceOfSatisfying(Event.TopicSet.class,
                t -> assertThat(t.topic()).isEqualTo("welcome all"));
        hub.input(a.user, "/who");
        assertThat(a.last()).isEqualTo(new Event.Who("lobby", "welcome all", List.of("a")));
        hub.input(a.user, "/rooms");
        assertThat(a.last()).isEqualTo(new Event.Rooms(List.of(new Event.RoomInfo("lobby", 1, "welcome all"))));
        hub.input(a.user, "/me waves");
        assertThat(a.last()).isInstanceOfSatisfying(Event.Action.class, e -> assertThat(e.text()).isEqualTo("waves"));
        hub.input(a.user, "//slash at start");
        assertThat(a.last()).isInstanceOfSatisfying(Event.Said.class,
                e -> assertThat(e.text()).isEqualTo("/slash at start"));
    }

    @Test
    void shouldAnnounceALeaveOnceEvenIfDisconnectedTwice() {
        RecordingSession a = RecordingSession.connect(hub, "a");
        RecordingSession b = RecordingSession.connect(hub, "b");
        b.clear();
        hub.disconnect(a.user, Event.Departure.DISCONNECTED, null);
        hub.disconnect(a.user, Event.Departure.DISCONNECTED, null);
        assertThat(b.events(Event.Left.class)).hasSize(1);
        assertThat(hub.users()).isEqualTo(1);
    }

    @Test
    void shouldStopAnnouncingJoinsAndLeavesInRoomsAboveTheLimit() {
        Hub small = new Hub(new ChatConfig(Texts.forLanguage("en"), "lobby", 100, 20, 8192, 2),
                new MemoryEventStore(100), clock::incrementAndGet);
        RecordingSession a = RecordingSession.connect(small, "a");
        RecordingSession b = RecordingSession.connect(small, "b");
        assertThat(a.events(Event.Joined.class)).extracting(Event.Joined::name).containsExactly("a", "b");
        RecordingSession c = RecordingSession.connect(small, "c");
        assertThat(c.events(Event.Welcome.class)).hasSize(1);
        assertThat(a.events(Event.Joined.class)).hasSize(2);
        small.input(c.user, "still heard");
        small.input(c.user, "end");
        assertThat(a.events(Event.Left.class)).isEmpty();
        small.input(b.user, "end");
        assertThat(a.events(Event.Left.class)).extracting(Event.Left::name).containsExactly("b");
        // Sequence numbers stay gapless for what is published.
        List<Long> seqs = a.events().stream().filter(Event.RoomEvent.class::isInstance)
                .map(e -> ((Event.RoomEvent) e).seq()).toList();
        assertThat(seqs).containsExactly(1L, 2L, 3L, 4L);
    }

    private static String failure(RecordingSession s) {
        Event e = s.events().stream().filter(Event.Failure.class::isInstance).reduce((x, y) -> y).orElse(null);
        s.clear();
        return e == null ? null : ((Event.Failure) e).code();
    }
}
