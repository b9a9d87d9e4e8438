package sori.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import sori.store.MemoryEventStore;
import sori.testing.FuzzBudget;

/**
 * The command parser and the Hub fed arbitrary lines from a few users at once: nothing throws, every
 * refusal is a known error text, and the Hub's books (names, rooms, members) stay straight throughout
 * and are empty once everyone left.
 */
@AddLifecycleHook(FuzzBudget.class)
class HubFuzzProperties {

    private static final int USERS = 4;

    @Provide
    static Arbitrary<List<Tuple2<Integer, String>>> script() {
        List<String> words = new ArrayList<>();
        for (ChatCommand c : ChatCommand.values()) {
            words.add("/" + c.word());
            words.add("/" + c.word().toUpperCase(Locale.ROOT));
        }
        words.addAll(List.of("/", "//", "end", "/nope", "#lobby", "lobby", "room1", "ROOM1", "u0", "u1", "U2",
                "-1", "0", "1", "20", "1001", "99999999999", "\u0000", "\t", "\r", " ", "\uFFFD", "한국", "\uD83D\uDE00",
                "\uD800", "a".repeat(33), "x y"));
        Arbitrary<String> word = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of(words)),
                Tuple.of(2, Arbitraries.strings().ofMaxLength(12)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(40)));
        Arbitrary<String> line = word.list().ofMinSize(1).ofMaxSize(4).map(ws -> String.join(" ", ws));
        Arbitrary<Tuple2<Integer, String>> step = Combinators.combine(Arbitraries.integers().between(0, USERS - 1), line)
                .as(Tuple::of);
        return step.list().ofMaxSize(60);
    }

    @Property(tries = 1000)
    void shouldTakeAnyLinesWithoutThrowingAndKeepItsBooksStraight(@ForAll("script") List<Tuple2<Integer, String>> script) {
        AtomicLong clock = new AtomicLong();
        Hub hub = new Hub(ChatConfig.defaults(), new MemoryEventStore(50), clock::incrementAndGet);
        List<RecordingSession> sessions = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            RecordingSession s = new RecordingSession("fuzz-" + i);
            s.user = hub.connect(s);
            sessions.add(s);
        }
        for (Tuple2<Integer, String> step : script) {
            hub.input(sessions.get(step.get1()).user, step.get2());
            // A sign-in or a registration answers from the accounts' own threads: let it land first.
            sori.testing.Await.until("account operations", () -> sessions.stream().noneMatch(s -> s.user.accountBusy()),
                    sori.testing.LineClient.WAIT);
            checkBooks(hub, sessions);
        }
        for (RecordingSession s : sessions) {
            for (Event e : s.events()) {
                if (e instanceof Event.Failure f) {
                    assertThat(hub.texts().has("error." + f.code())).as(f.code()).isTrue();
                    assertThat(hub.texts().get(f.key(), f.args())).startsWith("error:");
                }
                if (e instanceof Event.Goodbye g) {
                    assertThat(hub.texts().get(g.key(), g.args())).isNotBlank();
                }
            }
            hub.disconnect(s.user, Event.Departure.DISCONNECTED, null);
        }
        assertThat(hub.users()).isZero();
        assertThat(hub.connections()).isZero();
        assertThat(hub.roomNames()).isEmpty();
    }

    private static void checkBooks(Hub hub, List<RecordingSession> sessions) {
        int named = 0;
        Set<String> folded = new HashSet<>();
        Set<String> rooms = new HashSet<>(hub.roomNames());
        for (RecordingSession s : sessions) {
            User u = s.user;
            if (u.name() == null || u.isGone()) {
                continue;
            }
            named++;
            assertThat(Names.problem(u.name())).as(u.name()).isNull();
            assertThat(folded.add(Names.fold(u.name()))).as("names are unique: " + u.name()).isTrue();
            assertThat(rooms).containsAll(u.rooms());
            if (u.currentRoom() != null) {
                assertThat(u.rooms()).contains(u.currentRoom());
            }
        }
        assertThat(hub.users()).isEqualTo(named);
        // Every room that exists has someone in it: a room closes with its last member.
        Set<String> occupied = new HashSet<>();
        for (RecordingSession s : sessions) {
            if (!s.user.isGone()) {
                occupied.addAll(s.user.rooms());
            }
        }
        assertThat(occupied).containsAll(rooms);
    }
}
