package sori.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import sori.store.MemoryEventStore;
import sori.testing.Await;
import sori.testing.LineClient;

/**
 * Moderation acts on the person: an account signed in twice is kicked, killed and listed as one, while
 * a guest's voice lasts no longer than its one connection (and ends when it leaves the room).
 */
class ModerationManyConnectionsTest {

    private static final String PASSWORD = "correct horse";

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final Hub hub = new Hub(ChatConfig.defaults().withAdmins(List.of("root")),
            new MemoryEventStore(ChatConfig.HISTORY_SIZE), new MemoryAccounts(), new MemoryModeration(), false, clock::get);

    private static void await(RecordingSession s, String what, Predicate<Event> p) {
        Await.until(what, () -> s.events().stream().anyMatch(p), LineClient.WAIT);
        Await.until(what + ", settled", () -> !s.user.accountBusy(), LineClient.WAIT);
    }

    private RecordingSession account(String name) {
        RecordingSession s = RecordingSession.connect(hub, name);
        hub.input(s.user, "/register " + PASSWORD);
        await(s, name + " registered", e -> e instanceof Event.Notice n && n.key().equals("account.registered"));
        return s;
    }

    /** A further connection of the account {@code name}, signed in at the prompt. */
    private RecordingSession again(String name) {
        RecordingSession s = RecordingSession.connect(hub, name);
        hub.input(s.user, PASSWORD);
        await(s, name + " attached", e -> e instanceof Event.Attached);
        return s;
    }

    private static long kicks(RecordingSession s) {
        return s.events(Event.Moderated.class).stream().filter(m -> m.action() == Event.ModAction.KICK).count();
    }

    @Test
    void shouldKickEveryConnectionOfAPersonWithOneEvent() {
        RecordingSession root = account("root");
        RecordingSession a = account("mina");
        RecordingSession b = again("mina");
        hub.input(b.user, "/join dev"); // mina's connection a is in dev too, though it still talks in lobby
        hub.input(root.user, "/join dev");
        hub.input(root.user, "/kick mina spam");

        for (RecordingSession s : List.of(a, b, root)) {
            assertThat(kicks(s)).as(s.user.toString()).isEqualTo(1);
        }
        assertThat(a.user.rooms()).containsExactly("lobby");
        assertThat(b.user.currentRoom()).isEqualTo("lobby");
        assertThat(b.events(Event.Switched.class).getLast()).isEqualTo(new Event.Switched("lobby", true));
        assertThat(a.events(Event.Switched.class).getLast().announce()).isFalse(); // a did not talk in dev: no move
        assertThat(root.events(Event.Left.class)).isEmpty();
        hub.input(root.user, "/who");
        assertThat(((Event.Who) root.last()).members()).containsExactly("root");
    }

    @Test
    void shouldMarkAnOperatorOnceHoweverManyConnectionsItHas() {
        RecordingSession root = account("root");
        account("mina");
        again("mina");
        hub.input(root.user, "/op mina");
        hub.input(root.user, "/who");
        Event.Who who = (Event.Who) root.last();
        assertThat(who.members()).containsExactly("root", "mina");
        assertThat(who.ops()).containsExactly("mina");
    }

    @Test
    void shouldEndEveryConnectionOfAPersonOnKillWithOneLeave() {
        RecordingSession root = account("root");
        RecordingSession a = account("mina");
        RecordingSession b = again("mina");
        hub.input(root.user, "/kill mina enough");

        for (RecordingSession s : List.of(a, b)) {
            assertThat(s.user.isGone()).isTrue();
            assertThat(s.events(Event.Goodbye.class)).extracting(Event.Goodbye::key).containsExactly("mod.killed.reason");
        }
        assertThat(root.events(Event.Left.class)).singleElement()
                .satisfies(l -> assertThat(l.why()).isEqualTo(Event.Departure.KILLED));
        assertThat(hub.users()).isEqualTo(1);
    }

    @Test
    void shouldEndAGuestsVoiceWithItsConnection() {
        RecordingSession root = account("root");
        RecordingSession bob = RecordingSession.connect(hub, "bob");
        hub.input(root.user, "/mode +m");
        hub.input(root.user, "/voice bob");
        hub.input(bob.user, "heard");
        hub.disconnect(bob.user, Event.Departure.DISCONNECTED, null);
        RecordingSession again = RecordingSession.connect(hub, "bob");
        hub.input(again.user, "not any more");
        assertThat(root.events(Event.Said.class)).extracting(Event.Said::text).containsExactly("heard");
        assertThat(again.events(Event.Failure.class).getLast().code()).isEqualTo("say.moderated");
    }
}
