package sori.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import sori.store.MemoryEventStore;
import sori.testing.Await;
import sori.testing.LineClient;

/** Moderation's edge cases in the domain: expiry, guests, addresses, the first room, what a restart keeps. */
class ModerationHubTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final MemoryModeration kept = new MemoryModeration();
    private final MemoryEventStore store = new MemoryEventStore(ChatConfig.HISTORY_SIZE);
    private Hub hub = hub();

    private Hub hub() {
        return new Hub(ChatConfig.defaults().withAdmins(List.of("root")), store, new MemoryAccounts(), kept, false,
                clock::get);
    }

    private RecordingSession account(String name) {
        RecordingSession s = RecordingSession.connect(hub, name);
        hub.input(s.user, "/register correct horse");
        Await.until(name + " registered", () -> s.events().stream().anyMatch(notice("account.registered")), LineClient.WAIT);
        Await.until(name + " settled", () -> !s.user.accountBusy(), LineClient.WAIT);
        return s;
    }

    /** A guest connected from {@code remote} ({@code host:port}). */
    private RecordingSession from(String remote, String name) {
        RecordingSession s = new RecordingSession(remote);
        s.user = hub.connect(s);
        hub.input(s.user, name);
        return s;
    }

    private static Predicate<Event> notice(String key) {
        return e -> e instanceof Event.Notice n && n.key().equals(key);
    }

    private static String lastFailure(RecordingSession s) {
        List<Event.Failure> f = s.events(Event.Failure.class);
        return f.isEmpty() ? null : f.getLast().code();
    }

    private static List<Event.Moderated> moderated(RecordingSession s) {
        return s.events(Event.Moderated.class);
    }

    @Test
    void shouldMakeTheAccountNotTheNickTheFounderWhenTheyDiffer() {
        RecordingSession mina = account("mina");
        // An IRC connection signed in to mina with SASL under the nick mimi (Hub.admitSignedIn).
        RecordingSession mimi = new RecordingSession("mimi-conn");
        mimi.user = hub.connect(mimi);
        Accounts.Account account = new Accounts.Account(Names.fold("mina"), "mina", "unused", 1);
        assertThat(hub.admitSignedIn(mimi.user, "mimi", account)).isTrue();
        assertThat(mimi.user.name()).isEqualTo("mimi");
        assertThat(mimi.user.accountName()).isEqualTo("mina");
        RecordingSession bob = RecordingSession.connect(hub, "bob");
        hub.input(mimi.user, "/claim");
        hub.input(mimi.user, "/mute bob 10m");
        hub.input(bob.user, "quiet?");
        assertThat(lastFailure(bob)).isEqualTo("say.muted");
        // A name someone holds is no nick for it.
        RecordingSession other = new RecordingSession("other-conn");
        other.user = hub.connect(other);
        assertThat(hub.admitSignedIn(other.user, "bob", account)).isFalse();
        assertThat(lastFailure(other)).isEqualTo("name.taken");
    }

    @Test
    void shouldLiftAMuteAndABanWhenTheirTimeIsUp() {
        RecordingSession mina = account("mina");
        RecordingSession bob = RecordingSession.connect(hub, "bob");
        hub.input(mina.user, "/claim");
        hub.input(mina.user, "/mute bob 10m");
        hub.input(bob.user, "quiet?");
        assertThat(lastFailure(bob)).isEqualTo("say.muted");
        clock.addAndGet(10 * 60_000);
        hub.input(bob.user, "free again");
        assertThat(bob.events(Event.Said.class)).extracting(Event.Said::text).containsExactly("free again");

        hub.input(mina.user, "/ban bob 2h");
        assertThat(bob.events(Event.Switched.class).getLast().room()).isNull();
        hub.input(bob.user, "/join lobby");
        assertThat(lastFailure(bob)).isEqualTo("join.banned");
        clock.addAndGet(2 * 3_600_000);
        hub.input(bob.user, "/join lobby");
        assertThat(bob.user.rooms()).containsExactly("lobby");
    }

    @Test
    void shouldGiveAGuestAVoiceOrOperatorStatusOnlyForItsVisit() {
        RecordingSession mina = account("mina");
        RecordingSession bob = RecordingSession.connect(hub, "bob");
        hub.input(mina.user, "/claim");
        hub.input(mina.user, "/mode +m");
        hub.input(mina.user, "/voice bob");
        hub.input(bob.user, "allowed");
        assertThat(bob.events(Event.Said.class)).hasSize(1);
        hub.input(mina.user, "/op bob");
        hub.input(mina.user, "/who");
        assertThat(mina.events(Event.Who.class).getLast().voiced()).containsExactly("bob");
        assertThat(mina.events(Event.Who.class).getLast().ops()).containsExactly("mina", "bob");
        hub.input(bob.user, "/mode +t");
        assertThat(moderated(mina).getLast().detail()).isEqualTo("+t");

        hub.input(bob.user, "/part");
        hub.input(bob.user, "/join lobby");
        hub.input(bob.user, "not any more");
        assertThat(lastFailure(bob)).isEqualTo("say.moderated");
        hub.input(bob.user, "/mode -t");
        assertThat(lastFailure(bob)).isEqualTo("mod.denied");
    }

    @Test
    void shouldMakeWhoeverOpensARoomItsOperatorForTheVisitButNotTheFirstRoom() {
        RecordingSession bob = RecordingSession.connect(hub, "bob");
        hub.input(bob.user, "/mode +m");
        assertThat(lastFailure(bob)).isEqualTo("mod.denied");
        hub.input(bob.user, "/join dev");
        hub.input(bob.user, "/mode +im");
        assertThat(moderated(bob).getLast().detail()).isEqualTo("+im");
        RecordingSession mina = account("mina");
        hub.input(mina.user, "/join dev");
        assertThat(lastFailure(mina)).isEqualTo("join.invite");
        hub.input(bob.user, "/invite mina");
        hub.input(mina.user, "/join dev");
        hub.input(mina.user, "/claim");
        hub.input(bob.user, "/who");
        assertThat(bob.events(Event.Who.class).getLast().ops()).containsExactly("bob", "mina");
        hub.input(bob.user, "/quit");
        RecordingSession again = RecordingSession.connect(hub, "bob");
        hub.input(mina.user, "/invite bob");
        hub.input(again.user, "/join dev");
        hub.input(again.user, "/mode -m");
        assertThat(lastFailure(again)).isEqualTo("mod.denied");
    }

    @Test
    void shouldBanAnAddressKickingWhoIsInAndWelcomeTheBannedWithNoRoom() {
        RecordingSession mina = account("mina");
        RecordingSession near = from("10.0.0.7:5000", "near");
        RecordingSession far = from("10.0.1.7:5000", "far");
        hub.input(mina.user, "/claim");
        hub.input(mina.user, "/ban @10.0.0.* bots");
        assertThat(moderated(far)).extracting(Event.Moderated::action, Event.Moderated::target)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Event.ModAction.CLAIM, null),
                        org.assertj.core.groups.Tuple.tuple(Event.ModAction.BAN, "*@10.0.0.*"),
                        org.assertj.core.groups.Tuple.tuple(Event.ModAction.KICK, "near"));
        assertThat(near.user.rooms()).isEmpty();
        assertThat(far.user.rooms()).containsExactly("lobby");

        RecordingSession later = from("10.0.0.8:6000", "later");
        assertThat(later.events(Event.Failure.class)).extracting(Event.Failure::code).containsExactly("join.banned.reason");
        assertThat(later.events(Event.Welcome.class)).containsExactly(new Event.Welcome("later", null, List.of(), 0));
        assertThat(later.user.rooms()).isEmpty();
    }

    @Test
    void shouldNumberEveryActionInTheRoomsOrderAndKeepItInHistory() throws Exception {
        RecordingSession mina = account("mina");
        RecordingSession bob = RecordingSession.connect(hub, "bob");
        hub.input(mina.user, "/claim");
        hub.input(mina.user, "/mode +t");
        hub.input(mina.user, "/kick bob");
        List<Event.RoomEvent> seen = mina.events().stream().filter(Event.RoomEvent.class::isInstance)
                .map(Event.RoomEvent.class::cast).toList();
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).seq()).isEqualTo(seen.get(i - 1).seq() + 1);
        }
        assertThat(bob.events(Event.Switched.class).getLast()).isEqualTo(new Event.Switched(null, true));
        List<Event.RoomEvent> stored = store.read(Names.fold("lobby"), 0, Long.MAX_VALUE, 100, false).get();
        assertThat(stored).filteredOn(Event.Moderated.class::isInstance).extracting(e -> ((Event.Moderated) e).action())
                .containsExactly(Event.ModAction.CLAIM, Event.ModAction.MODE, Event.ModAction.KICK);
    }

    @Test
    void shouldMakeAnOperatorOfWhoeverGivesAnAdministratorsPasswordAndNoOtherAccounts() {
        RecordingSession root = account("root");
        RecordingSession mina = account("mina");
        hub.disconnect(root.user, Event.Departure.QUIT, null);
        RecordingSession bob = RecordingSession.connect(hub, "bob");
        hub.input(bob.user, "/oper mina correct horse");
        assertThat(lastFailure(bob)).isEqualTo("oper.denied"); // not an administrator: its password is never tried
        hub.input(bob.user, "/oper root wrong horse");
        Await.until("refused", () -> "oper.wrong".equals(lastFailure(bob)), LineClient.WAIT);
        Await.until("settled", () -> !bob.user.accountBusy(), LineClient.WAIT);
        hub.input(bob.user, "/oper root correct horse");
        Await.until("granted", () -> bob.events().stream().anyMatch(notice("oper.granted")), LineClient.WAIT);
        Await.until("settled", () -> !bob.user.accountBusy(), LineClient.WAIT);
        assertThat(bob.user.account()).isNull(); // still the guest bob, acting as an administrator
        assertThat(hub.isAdmin(bob.user)).isTrue();
        hub.input(bob.user, "/kill mina");
        assertThat(mina.events(Event.Goodbye.class)).isNotEmpty();
    }

    @Test
    void shouldKeepRolesModesAndBansForTheNextHubOnTheSameStore() {
        RecordingSession mina = account("mina");
        RecordingSession jun = account("jun");
        hub.input(mina.user, "/claim");
        hub.input(mina.user, "/op jun");
        hub.input(mina.user, "/mode +k sesame");
        hub.input(mina.user, "/ban troll*");
        hub.close();
        hub = hub();
        RecordingSession troll = RecordingSession.connect(hub, "trollface");
        hub.input(troll.user, "/join dev");
        hub.input(troll.user, "/join lobby");
        assertThat(lastFailure(troll)).isIn("join.banned", "room.notin");
        assertThat(troll.events(Event.Welcome.class).getFirst().room()).isNull();
        RecordingSession guest = RecordingSession.connect(hub, "guest");
        assertThat(guest.user.rooms()).containsExactly("lobby"); // the first room ignores +k
        hub.input(guest.user, "/mode");
        assertThat(guest.events(Event.Notice.class).getLast()).isEqualTo(Event.Notice.of("mod.modes", "lobby", "+nk"));
    }

    @Test
    void shouldTakeALineFromOutsideOnlyWhileMinusNAndKeepTheModeForTheNextHub() {
        RecordingSession mina = account("mina");
        hub.input(mina.user, "/join dev");
        hub.input(mina.user, "/claim");
        RecordingSession bob = RecordingSession.connect(hub, "bob"); // in the first room only
        hub.say(bob.user, "dev", "knock knock");
        assertThat(lastFailure(bob)).isEqualTo("say.external");
        hub.input(mina.user, "/mode -n");
        assertThat(moderated(mina).getLast().detail()).isEqualTo("-n");
        hub.say(bob.user, "#dev", "hello from outside");
        Event.Said said = mina.events(Event.Said.class).getLast();
        assertThat(said.name()).isEqualTo("bob");
        assertThat(said.text()).isEqualTo("hello from outside");
        assertThat(bob.events(Event.Said.class)).containsExactly(said); // its own, for an echo
        assertThat(bob.user.rooms()).containsExactly("lobby");
        hub.input(mina.user, "/ban bob");
        hub.say(bob.user, "dev", "again");
        assertThat(lastFailure(bob)).isEqualTo("say.banned");
        hub.close();
        hub = hub();
        RecordingSession jun = RecordingSession.connect(hub, "jun");
        hub.input(jun.user, "/join dev");
        hub.input(jun.user, "/mode");
        assertThat(jun.events(Event.Notice.class).getLast()).isEqualTo(Event.Notice.of("mod.modes", "dev", "+"));
        RecordingSession eve = RecordingSession.connect(hub, "eve");
        hub.say(eve.user, "dev", "still open");
        assertThat(jun.events(Event.Said.class).getLast().text()).isEqualTo("still open");
    }

    @Test
    void shouldRefuseAServerBannedAddressBeforeItsPromptAndNeverShutOutAnAdministrator() {
        RecordingSession root = account("root");
        RecordingSession impostor = RecordingSession.connect(hub, "Root");
        assertThat(impostor.user.name()).isNull(); // a registered name: asked for its password
        RecordingSession bob = RecordingSession.connect(hub, "bob");
        hub.input(bob.user, "/sban @10.9.*");
        assertThat(lastFailure(bob)).isEqualTo("mod.admin");
        hub.input(root.user, "/sban 10.9.* 1h");
        RecordingSession banned = new RecordingSession("10.9.8.7:1234");
        banned.user = hub.connect(banned);
        assertThat(banned.events()).containsExactly(Event.Goodbye.of("error.sban"));
        hub.input(root.user, "/sban troll");
        RecordingSession sneaky = RecordingSession.connect(hub, "sneaky");
        hub.input(sneaky.user, "/nick Troll");
        assertThat(sneaky.last()).isEqualTo(Event.Goodbye.of("error.sban"));
        assertThat(bob.events(Event.Left.class)).extracting(Event.Left::name, Event.Left::why)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sneaky", Event.Departure.KILLED));
        hub.input(root.user, "/unsban 10.9.*");
        RecordingSession back = from("10.9.8.7:1235", "back");
        assertThat(back.user.rooms()).containsExactly("lobby");
    }

    @Test
    void shouldLetNoMoreInThanTheLimitWhenManyJoinAtOnce() throws Exception {
        RecordingSession mina = account("mina");
        hub.input(mina.user, "/join dev");
        hub.input(mina.user, "/claim");
        hub.input(mina.user, "/mode +l 2");
        List<RecordingSession> guests = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            guests.add(RecordingSession.connect(hub, "guest" + i));
        }
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Thread> threads = guests.stream().map(g -> Thread.ofPlatform().start(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            hub.input(g.user, "/join dev");
        })).toList();
        go.countDown();
        for (Thread t : threads) {
            t.join(LineClient.WAIT.toMillis());
        }
        long in = guests.stream().filter(g -> g.user.rooms().contains("dev")).count();
        long full = guests.stream().filter(g -> "join.full".equals(lastFailure(g))).count();
        assertThat(in).isEqualTo(1);
        assertThat(full).isEqualTo(7);
        hub.input(mina.user, "/who");
        assertThat(((Event.Who) mina.last()).members()).hasSize(2);
    }

    @Test
    void shouldLetAnInvitationRunOutAfterAnHourAndServeOneJoinOnly() {
        RecordingSession mina = account("mina");
        RecordingSession bob = RecordingSession.connect(hub, "bob");
        hub.input(mina.user, "/join dev");
        hub.input(mina.user, "/claim");
        hub.input(mina.user, "/mode +i");
        hub.input(mina.user, "/invite bob");
        clock.addAndGet(3_600_000);
        hub.input(bob.user, "/join dev");
        assertThat(lastFailure(bob)).isEqualTo("join.invite");

        hub.input(mina.user, "/invite bob");
        clock.addAndGet(3_599_000);
        hub.input(bob.user, "/join dev");
        assertThat(bob.user.rooms()).contains("dev");
        hub.input(bob.user, "/part dev");
        hub.input(bob.user, "/join dev");
        assertThat(lastFailure(bob)).isEqualTo("join.invite");
    }

    @Test
    void shouldLeaveNoRoomToWhoeverRegistersTheNameOfADeletedAccount() {
        RecordingSession mina = account("mina");
        RecordingSession jun = account("jun");
        hub.input(mina.user, "/claim");
        hub.input(mina.user, "/op jun");
        hub.input(jun.user, "/unregister correct horse");
        Await.until("jun unregistered", () -> jun.events().stream().anyMatch(notice("account.unregistered")), LineClient.WAIT);
        hub.input(mina.user, "/unregister correct horse");
        Await.until("mina unregistered", () -> mina.events().stream().anyMatch(notice("account.unregistered")), LineClient.WAIT);
        hub.disconnect(mina.user, Event.Departure.QUIT, null);
        hub.disconnect(jun.user, Event.Departure.QUIT, null);

        for (int round = 0; round < 2; round++) { // in memory, then as the store kept it
            if (round == 1) {
                hub = hub();
            }
            RecordingSession again = account("mina");
            RecordingSession other = account("jun");
            hub.input(other.user, "/kick mina");
            assertThat(lastFailure(other)).isEqualTo("mod.denied");
            hub.input(again.user, "/kick jun");
            assertThat(lastFailure(again)).as("round %d", round).isEqualTo("mod.denied");
            hub.input(again.user, "/who");
            assertThat(((Event.Who) again.last()).ops()).isEmpty();
            hub.disconnect(again.user, Event.Departure.QUIT, null);
            hub.disconnect(other.user, Event.Departure.QUIT, null);
            hub.close();
        }
    }
}
