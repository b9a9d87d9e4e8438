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

    private static final String PASSWORD = "password1";
    /** Hashed once: a hash takes a good part of a second on a busy machine. */
    private static final String HASH = Passwords.hash(PASSWORD);

    @Provide
    static Arbitrary<List<Tuple2<Integer, String>>> signIns() {
        // A step may be two lines for one connection: a name, then its password at the prompt.
        Arbitrary<String> signIn = Arbitraries.of("/login u0 " + PASSWORD, "/login U1 " + PASSWORD, "u0\n" + PASSWORD,
                "U0\n" + PASSWORD, "u1\n" + PASSWORD, "u0\nwrong-one");
        Arbitrary<String> other = Arbitraries.of(PASSWORD, "u0", "guest", "g3", "/logout", "/lang ko", "/lang en", "/lang", "/nick U0", "/nick g2",
                "/join r", "/join lobby", "/part", "/part lobby", "/msg u0 hi", "/msg u1 hey", "/who", "/rooms",
                "said something", "/quit", "end", "/unregister " + PASSWORD, "/register " + PASSWORD, "/history 2");
        Arbitrary<String> line = Arbitraries.frequencyOf(Tuple.of(2, signIn), Tuple.of(3, other));
        Arbitrary<Tuple2<Integer, String>> step = Combinators.combine(Arbitraries.integers().between(0, USERS - 1), line)
                .as(Tuple::of);
        return step.list().ofMinSize(8).ofMaxSize(40);
    }

    /**
     * Connections signing in to the same two accounts, leaving and coming back, in any order: the people
     * (one per account however many connections) and their rooms stay straight, and all is empty at the end.
     */
    @Property(tries = 25)
    void shouldKeepAccountsOnManyConnectionsStraight(@ForAll("signIns") List<Tuple2<Integer, String>> script) {
        AtomicLong clock = new AtomicLong();
        MemoryAccounts accounts = new MemoryAccounts();
        accounts.create(new Accounts.Account(Names.fold("u0"), "u0", HASH, 0));
        accounts.create(new Accounts.Account(Names.fold("u1"), "U1", HASH, 0, "ko"));
        Hub hub = new Hub(ChatConfig.defaults(), new MemoryEventStore(50), accounts, false, clock::incrementAndGet);
        List<RecordingSession> sessions = new ArrayList<>();
        List<RecordingSession> all = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            sessions.add(RecordingSession.connect(hub, null));
        }
        all.addAll(sessions);
        for (Tuple2<Integer, String> step : script) {
            RecordingSession s = sessions.get(step.get1());
            if (s.user.isGone()) { // it left: a new connection takes its place
                s = RecordingSession.connect(hub, null);
                sessions.set(step.get1(), s);
                all.add(s);
            }
            for (String line : step.get2().split("\n")) {
                hub.input(s.user, line);
            }
            sori.testing.Await.until("account operations", () -> sessions.stream().noneMatch(c -> c.user.accountBusy()),
                    sori.testing.LineClient.WAIT);
            checkBooks(hub, sessions);
            checkPeople(hub, sessions);
        }
        for (RecordingSession s : all) {
            for (Event e : s.events()) {
                if (e instanceof Event.Failure f) {
                    assertThat(hub.texts().get(f.key(), f.args())).startsWith("error:");
                }
            }
            hub.disconnect(s.user, Event.Departure.DISCONNECTED, null);
        }
        assertThat(hub.users()).isZero();
        assertThat(hub.connections()).isZero();
        assertThat(hub.roomNames()).isEmpty();
    }

    /** Connections of one person share its name and rooms; an account's never pass the cap; one person per name. */
    private static void checkPeople(Hub hub, List<RecordingSession> sessions) {
        Set<Person> people = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (RecordingSession s : sessions) {
            User u = s.user;
            Person p = u.person();
            if (u.isGone() || p == null) {
                continue;
            }
            people.add(p);
            assertThat(p.isGone()).as("a live connection's person is on").isFalse();
            assertThat(p.connections()).as(p.name()).contains(u).hasSizeLessThanOrEqualTo(Person.MAX_CONNECTIONS);
            assertThat(u.rooms()).isEqualTo(p.rooms());
            if (p.account() != null && p.language() != null) {
                assertThat(u.texts()).isSameAs(p.language());
            }
        }
        Set<String> folded = new HashSet<>();
        for (Person p : people) {
            assertThat(folded.add(Names.fold(p.name()))).as("one person per name: " + p.name()).isTrue();
        }
        assertThat(hub.users()).isEqualTo(people.size());
    }

    private static void checkBooks(Hub hub, List<RecordingSession> sessions) {
        Set<Person> named = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Set<String> folded = new HashSet<>();
        Set<String> rooms = new HashSet<>(hub.roomNames());
        for (RecordingSession s : sessions) {
            User u = s.user;
            if (u.name() == null || u.isGone()) {
                continue;
            }
            if (!named.add(u.person())) {
                continue; // another connection of someone already counted
            }
            assertThat(Names.problem(u.name())).as(u.name()).isNull();
            assertThat(folded.add(Names.fold(u.name()))).as("names are unique: " + u.name()).isTrue();
            assertThat(rooms).containsAll(u.rooms());
            if (u.currentRoom() != null) {
                assertThat(u.rooms()).contains(u.currentRoom());
            }
        }
        assertThat(hub.users()).isEqualTo(named.size());
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
