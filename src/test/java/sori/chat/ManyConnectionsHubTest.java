package sori.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import sori.store.MemoryEventStore;
import sori.testing.Await;
import sori.testing.LineClient;

/**
 * One account signed in on several connections is one person: rooms, /who and joins count it once, every
 * connection gets its events, and it leaves when the last connection goes. Also /lang, per account and per
 * guest connection.
 */
class ManyConnectionsHubTest {

    private static final String PASSWORD = "correct horse";

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final MemoryAccounts accounts = new MemoryAccounts();
    private final Hub hub = new Hub(ChatConfig.defaults(), new MemoryEventStore(ChatConfig.HISTORY_SIZE), accounts, false,
            clock::get);

    private static void await(RecordingSession s, String what, Predicate<Event> p) {
        Await.until(what, () -> s.events().stream().anyMatch(p), LineClient.WAIT);
        Await.until(what + ", settled", () -> !s.user.accountBusy(), LineClient.WAIT);
    }

    private static Predicate<Event> failure(String code) {
        return e -> e instanceof Event.Failure f && f.code().equals(code);
    }

    private static Predicate<Event> notice(String key) {
        return e -> e instanceof Event.Notice n && n.key().equals(key);
    }

    private static <T extends Event> List<T> said(RecordingSession s, Class<T> type, Predicate<T> p) {
        return s.events(type).stream().filter(p).toList();
    }

    /** mina's first connection: registers, and stays on. */
    private RecordingSession first() {
        RecordingSession s = RecordingSession.connect(hub, "mina");
        hub.input(s.user, "/register " + PASSWORD);
        await(s, "registered", notice("account.registered"));
        return s;
    }

    /** Another connection signing in to mina at the name prompt. */
    private RecordingSession another() {
        RecordingSession s = RecordingSession.connect(hub, "Mina");
        hub.input(s.user, PASSWORD);
        await(s, "signed in", e -> e instanceof Event.Attached || e instanceof Event.Welcome || e instanceof Event.Failure);
        return s;
    }

    @Test
    void shouldAttachASecondSignInToTheSamePersonAndReachBothConnections() {
        RecordingSession a = first();
        hub.input(a.user, "/join game");
        RecordingSession bob = RecordingSession.connect(hub, "bob");
        RecordingSession b = another();

        assertThat(b.events(Event.Attached.class)).containsExactly(new Event.Attached("mina", List.of("lobby", "game"), 2));
        assertThat(b.user.person()).isSameAs(a.user.person());
        assertThat(b.user.currentRoom()).isEqualTo("game");
        assertThat(hub.users()).isEqualTo(2);
        assertThat(bob.events(Event.Joined.class)).noneMatch(j -> j.name().equals("mina"));

        hub.input(bob.user, "hi mina");
        for (RecordingSession s : List.of(a, b)) {
            assertThat(said(s, Event.Said.class, e -> e.text().equals("hi mina"))).hasSize(1);
        }
        hub.input(b.user, "/join lobby"); // already in: only switches this connection's current room
        hub.input(b.user, "from the second");
        assertThat(said(a, Event.Said.class, e -> e.text().equals("from the second") && e.room().equals("lobby"))).hasSize(1);
        assertThat(a.user.currentRoom()).isEqualTo("game");

        hub.input(bob.user, "/who");
        assertThat(bob.last()).isEqualTo(new Event.Who("lobby", null, List.of("mina", "bob")));
        hub.input(bob.user, "/rooms");
        assertThat(((Event.Rooms) bob.last()).rooms()).contains(new Event.RoomInfo("lobby", 2, null));

        hub.input(bob.user, "/msg mina psst");
        hub.input(a.user, "/msg bob back");
        for (RecordingSession s : List.of(a, b)) {
            assertThat(s.events(Event.Private.class)).extracting(Event.Private::text).containsExactly("psst", "back");
        }
        assertThat(bob.events(Event.Private.class)).extracting(Event.Private::text).containsExactly("psst", "back");
    }

    @Test
    void shouldLeaveOnlyWhenTheLastConnectionGoes() {
        RecordingSession a = first();
        RecordingSession bob = RecordingSession.connect(hub, "bob");
        RecordingSession b = another();
        hub.disconnect(b.user, Event.Departure.DISCONNECTED, null);
        assertThat(bob.events(Event.Left.class)).isEmpty();
        hub.input(bob.user, "still there?");
        assertThat(said(a, Event.Said.class, e -> e.text().equals("still there?"))).hasSize(1);
        assertThat(said(b, Event.Said.class, e -> e.text().equals("still there?"))).isEmpty();

        RecordingSession c = another();
        hub.input(c.user, "/logout"); // this connection only
        assertThat(c.user.isGone()).isTrue();
        assertThat(bob.events(Event.Left.class)).isEmpty();
        assertThat(a.user.account()).isEqualTo(Names.fold("mina"));

        hub.input(a.user, "/quit");
        assertThat(bob.events(Event.Left.class)).extracting(Event.Left::name).containsExactly("mina");
        assertThat(hub.users()).isEqualTo(1);
        RecordingSession again = another(); // the name is free for the account's next sign-in
        assertThat(again.events(Event.Welcome.class)).hasSize(1);
    }

    @Test
    void shouldJoinLeaveAndRenameForEveryConnection() {
        RecordingSession a = first();
        RecordingSession b = another();
        hub.input(a.user, "/join game");
        assertThat(b.events(Event.Joined.class)).extracting(Event.Joined::room).contains("game");
        assertThat(b.user.rooms()).containsExactly("lobby", "game");
        assertThat(b.user.currentRoom()).isEqualTo("lobby");

        hub.input(b.user, "/part game");
        assertThat(a.user.rooms()).containsExactly("lobby");
        assertThat(a.user.currentRoom()).isEqualTo("lobby");
        assertThat(a.events(Event.Switched.class)).last().isEqualTo(new Event.Switched("lobby", true));

        hub.input(a.user, "/nick MINA");
        for (RecordingSession s : List.of(a, b)) {
            assertThat(s.events(Event.Renamed.class)).containsExactly(
                    new Event.Renamed("lobby", s.events(Event.Renamed.class).get(0).seq(), clock.get(), "mina", "MINA"));
            assertThat(s.user.name()).isEqualTo("MINA");
        }
        hub.input(b.user, "/nick somebody");
        assertThat(b.last()).matches(failure("account.nick"));
    }

    @Test
    void shouldRefuseMoreThanTheConnectionsAnAccountMayHave() {
        RecordingSession a = first();
        List<RecordingSession> more = new ArrayList<>();
        for (int i = 1; i < Person.MAX_CONNECTIONS; i++) {
            more.add(another());
        }
        assertThat(more).allSatisfy(s -> assertThat(s.events(Event.Attached.class)).hasSize(1));
        RecordingSession over = another();
        assertThat(over.events(Event.Failure.class)).containsExactly(
                Event.Failure.of("account.full", "mina", Person.MAX_CONNECTIONS));
        assertThat(over.last()).isEqualTo(new Event.Prompt());
        assertThat(over.user.name()).isNull();
        assertThat(a.user.person().connections()).hasSize(Person.MAX_CONNECTIONS);

        RecordingSession guest = RecordingSession.connect(hub, "guest");
        hub.input(guest.user, "/login mina " + PASSWORD);
        await(guest, "refused", failure("account.full"));
        assertThat(guest.user.name()).isEqualTo("guest");
    }

    @Test
    void shouldMakeTwoSignInsAtOnceOnePerson() {
        hub.input(first().user, "/quit");
        for (int round = 0; round < 5; round++) {
            RecordingSession bob = RecordingSession.connect(hub, "bob" + round);
            RecordingSession x = RecordingSession.connect(hub, "mina");
            RecordingSession y = RecordingSession.connect(hub, "mina");
            hub.input(x.user, PASSWORD); // both checks run on the sign-in threads at once
            hub.input(y.user, PASSWORD);
            await(x, "x in", e -> e instanceof Event.Attached || e instanceof Event.Welcome);
            await(y, "y in", e -> e instanceof Event.Attached || e instanceof Event.Welcome);
            assertThat(x.user.person()).isSameAs(y.user.person());
            assertThat(x.events(Event.Welcome.class).size() + y.events(Event.Welcome.class).size()).isEqualTo(1);
            assertThat(bob.events(Event.Joined.class)).filteredOn(j -> j.name().equals("mina")).hasSize(1);
            hub.input(x.user, "/quit");
            hub.input(y.user, "/quit");
            assertThat(bob.events(Event.Left.class)).filteredOn(j -> j.name().equals("mina")).hasSize(1);
            hub.input(bob.user, "/quit");
        }
        assertThat(hub.users()).isZero();
    }

    @Test
    void shouldLeaveNoConnectionBehindThatClosedWhileSigningIn() {
        hub.input(first().user, "/quit");
        RecordingSession bob = RecordingSession.connect(hub, "bob");
        for (int round = 0; round < 5; round++) {
            RecordingSession on = round % 2 == 0 ? null : another(); // the person exists already, or not
            RecordingSession x = RecordingSession.connect(hub, "mina");
            hub.input(x.user, PASSWORD);
            hub.disconnect(x.user, Event.Departure.DISCONNECTED, null); // while the password is checked
            Await.until("sign-in answered", () -> !x.user.accountBusy(), LineClient.WAIT);
            if (on == null) {
                assertThat(hub.users()).isEqualTo(1);
            } else {
                assertThat(on.user.person().connections()).containsExactly(on.user);
                hub.input(on.user, "/quit");
            }
            hub.input(bob.user, "/who");
            assertThat(bob.last()).isEqualTo(new Event.Who("lobby", null, List.of("bob")));
        }
    }

    @Test
    void shouldLetAGuestSignInToAnAccountThatIsOnElsewhere() {
        RecordingSession a = first();
        RecordingSession watcher = RecordingSession.connect(hub, "watcher");
        RecordingSession guest = RecordingSession.connect(hub, "guest");
        hub.input(guest.user, "/login mina " + PASSWORD);
        await(guest, "signed in", notice("account.login"));
        assertThat(guest.user.person()).isSameAs(a.user.person());
        assertThat(watcher.events(Event.Left.class)).extracting(Event.Left::name).containsExactly("guest");
        assertThat(watcher.events(Event.Joined.class)).extracting(Event.Joined::name).doesNotContain("mina");
        assertThat(guest.events(Event.Attached.class)).hasSize(1);
        hub.input(watcher.user, "/msg guest are you there");
        assertThat(watcher.last()).matches(failure("user.unknown"));
    }

    @Test
    void shouldKeepTheLanguagePerAccountAndPerGuestConnection() {
        RecordingSession a = first();
        RecordingSession b = another();
        RecordingSession guest = RecordingSession.connect(hub, "guest");
        hub.input(guest.user, "/lang");
        assertThat(guest.last()).isEqualTo(Event.Notice.of("lang.show", "en", "en, ko"));
        hub.input(guest.user, "/lang xx");
        assertThat(guest.last()).matches(failure("lang.unknown"));
        hub.input(guest.user, "/lang KO");
        assertThat(guest.user.texts().language()).isEqualTo("ko");
        assertThat(a.user.texts().language()).isEqualTo("en");

        hub.input(a.user, "/lang ko");
        await(a, "stored", notice("lang.set"));
        assertThat(b.user.texts().language()).isEqualTo("ko");
        assertThat(b.events()).contains(Event.Notice.of("lang.set", "ko"));
        assertThat(accounts.find(Names.fold("mina"))).get().extracting(Accounts.Account::language).isEqualTo("ko");
        RecordingSession c = another();
        assertThat(c.user.texts().language()).isEqualTo("ko");

        hub.input(a.user, "/quit");
        hub.input(b.user, "/quit");
        hub.input(c.user, "/quit");
        RecordingSession later = another(); // a fresh sign-in reads it from the account
        assertThat(later.events(Event.Welcome.class)).hasSize(1);
        assertThat(later.user.texts().language()).isEqualTo("ko");
        assertThat(RecordingSession.connect(hub, "newcomer").user.texts().language()).isEqualTo("en");
    }
}
