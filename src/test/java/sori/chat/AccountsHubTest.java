package sori.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import sori.store.MemoryEventStore;
import sori.testing.Await;
import sori.testing.LineClient;

/** Accounts in the domain: register, sign in, the prompt, throttling, and a guest refused a registered name. */
class AccountsHubTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final MemoryAccounts accounts = new MemoryAccounts();
    private final Hub hub = new Hub(ChatConfig.defaults(), new MemoryEventStore(ChatConfig.HISTORY_SIZE), accounts, false,
            clock::get);

    /** Waits for an event matching {@code p}, then for the operation behind it to let the held input go. */
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

    private RecordingSession registered(String name, String password) {
        RecordingSession s = RecordingSession.connect(hub, name);
        hub.input(s.user, "/register " + password);
        await(s, "registered", notice("account.registered"));
        return s;
    }

    @Test
    void shouldRegisterAndAskForThePasswordAtThePromptNextTime() {
        RecordingSession mina = registered("mina", "correct horse");
        assertThat(mina.user.account()).isEqualTo(Names.fold("mina"));
        assertThat(accounts.find(Names.fold("mina"))).get().satisfies(a -> {
            assertThat(a.hash()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct horse");
            assertThat(a.toString()).doesNotContain(a.hash());
        });
        hub.input(mina.user, "/quit");

        RecordingSession again = RecordingSession.connect(hub, "Mina");
        assertThat(again.events(Event.PasswordPrompt.class)).containsExactly(new Event.PasswordPrompt("Mina"));
        hub.input(again.user, "correct horse");
        hub.input(again.user, "said after the password");
        await(again, "welcome", Event.Welcome.class::isInstance);
        assertThat(again.user.name()).isEqualTo("mina");
        assertThat(again.user.account()).isEqualTo(Names.fold("mina"));
        Await.until("held line said", () -> !again.events(Event.Said.class).isEmpty(), LineClient.WAIT);
        assertThat(again.events(Event.Said.class).get(0).text()).isEqualTo("said after the password");
    }

    @Test
    void shouldRefuseAGuestARegisteredNameEitherWay() {
        RecordingSession mina = registered("mina", "correct horse");
        hub.input(mina.user, "/quit");
        RecordingSession guest = RecordingSession.connect(hub, "bob");
        hub.input(guest.user, "/nick MINA");
        assertThat(guest.last()).satisfies(e -> assertThat(failure("name.registered").test(e)).isTrue());
        assertThat(guest.user.name()).isEqualTo("bob");
        hub.input(guest.user, "/register short");
        assertThat(guest.last()).satisfies(e -> assertThat(failure("password.short").test(e)).isTrue());
        hub.input(guest.user, "/logout");
        assertThat(guest.last()).satisfies(e -> assertThat(failure("account.none").test(e)).isTrue());
    }

    @Test
    void shouldRefuseNamesThatOnlyLookDifferent() {
        RecordingSession coco = RecordingSession.connect(hub, "coco");
        RecordingSession cyrillic = RecordingSession.connect(hub, "\u0441\u043e\u0441\u043e");
        assertThat(cyrillic.events(Event.Failure.class)).extracting(Event.Failure::code).containsExactly("name.taken");
        RecordingSession mina = registered("mina", "correct horse");
        hub.input(mina.user, "/join game");
        RecordingSession other = RecordingSession.connect(hub, "other");
        hub.input(other.user, "/nick rnina"); // r and n make an m: still the account's name
        hub.input(other.user, "/nick \uff4d\uff49\uff4e\uff41");
        assertThat(other.events(Event.Failure.class)).extracting(Event.Failure::code)
                .containsExactly("name.registered", "name.registered");
        assertThat(coco.user.name()).isEqualTo("coco");
    }

    @Test
    void shouldLetAGuestHaveANameWhoseAccountAnAdministratorDeleted() {
        hub.input(registered("mina", "correct horse").user, "/quit");
        accounts.delete(Names.fold("mina")); // sori accounts delete: the server still thinks it is registered
        RecordingSession s = RecordingSession.connect(hub, "mina");
        assertThat(s.events(Event.PasswordPrompt.class)).hasSize(1);
        hub.input(s.user, "whatever it is");
        await(s, "welcome", Event.Welcome.class::isInstance);
        assertThat(s.user.name()).isEqualTo("mina");
        assertThat(s.user.account()).isNull();
    }

    @Test
    void shouldCloseAfterThreeWrongPasswordsAtThePrompt() {
        hub.input(registered("mina", "correct horse").user, "/quit");
        RecordingSession s = RecordingSession.connect(hub, "mina");
        for (int i = 1; i <= 3; i++) {
            hub.input(s.user, "wrong " + i);
            int n = i;
            Await.until("answer " + i, () -> s.events(Event.PasswordPrompt.class).size() > n
                    || s.events(Event.Goodbye.class).size() == 1, LineClient.WAIT);
        }
        assertThat(s.events(Event.Failure.class)).extracting(Event.Failure::code).containsExactly("login.wrong", "login.wrong");
        assertThat(s.events(Event.Goodbye.class)).containsExactly(Event.Goodbye.of("error.login.closed", "mina", 3));
        assertThat(s.user.isGone()).isTrue();
    }

    @Test
    void shouldThrottleFailedSignInsWithGrowingWaits() {
        RecordingSession mina = registered("mina", "correct horse");
        hub.input(mina.user, "/quit");
        RecordingSession s = RecordingSession.connect(hub, "guest");
        for (int i = 0; i < 3; i++) {
            s.clear();
            hub.input(s.user, "/login mina nope" + i);
            await(s, "wrong", failure("login.wrong"));
        }
        s.clear();
        hub.input(s.user, "/login mina correct horse");
        await(s, "throttled", failure("login.throttled"));
        assertThat(s.events(Event.Failure.class).get(0).args()).containsExactly("mina", "1");
        clock.addAndGet(1_000); // the wait is over: the right password works, and clears the count
        s.clear();
        hub.input(s.user, "/login mina correct horse");
        await(s, "signed in", notice("account.login"));
        assertThat(s.user.name()).isEqualTo("mina");
        hub.input(s.user, "/logout");
        RecordingSession t = RecordingSession.connect(hub, "other");
        for (int i = 0; i < 4; i++) {
            t.clear();
            hub.input(t.user, "/login mina nope" + i);
            await(t, "answer", e -> e instanceof Event.Failure);
        }
        assertThat(t.events(Event.Failure.class).get(0).code()).isEqualTo("login.throttled");
        assertThat(LoginThrottleWaits.after(5)).isEqualTo(4_000);
    }

    @Test
    void shouldKeepStructuredRequestsBehindASignInLikeTypedLines() {
        RecordingSession mina = registered("mina", "correct horse");
        hub.input(mina.user, "/quit");
        RecordingSession s = RecordingSession.connect(hub, "guest");
        s.clear();
        // A page sends /login as a line, then a say, a command and a history read as data, at once: each
        // must wait for the sign-in, as a typed line would, and be said as mina, in the order sent.
        hub.input(s.user, "/login mina correct horse");
        hub.say(s.user, "lobby", "first, as mina");
        hub.run(s.user, ChatCommand.ME, List.of("waves"));
        hub.history(s.user, "lobby", Hub.HistoryKind.LAST, 0, 1);
        await(s, "signed in", notice("account.login"));
        Await.until("all three answered", () -> !s.events(Event.HistoryEnd.class).isEmpty(), LineClient.WAIT);
        List<Event> after = s.events().subList(
                s.events().indexOf(s.events().stream().filter(notice("account.login")).findFirst().orElseThrow()),
                s.events().size());
        assertThat(after).filteredOn(e -> e instanceof Event.Said || e instanceof Event.Action
                || e instanceof Event.HistoryEnd).extracting(e -> switch (e) {
                    case Event.Said said -> said.name() + ": " + said.text();
                    case Event.Action act -> act.name() + " " + act.text();
                    default -> "end";
                }).containsExactly("mina: first, as mina", "mina waves", "end");
    }

    @Test
    void shouldChangeThePasswordAndUnregister() {
        RecordingSession mina = registered("mina", "correct-horse");
        hub.input(mina.user, "/password wrong-one battery staple");
        await(mina, "refused", failure("password.wrong"));
        hub.input(mina.user, "/password correct-horse battery staple");
        await(mina, "changed", notice("account.password"));
        hub.input(mina.user, "/nick other");
        assertThat(mina.last()).satisfies(e -> assertThat(failure("account.nick").test(e)).isTrue());
        hub.input(mina.user, "/unregister battery staple");
        await(mina, "deleted", notice("account.unregistered"));
        assertThat(accounts.find(Names.fold("mina"))).isEmpty();
        assertThat(mina.user.account()).isNull();
        RecordingSession bob = RecordingSession.connect(hub, "bob");
        hub.input(mina.user, "/quit"); // may wait its turn behind the unregistering: wait until it left
        Await.until("mina gone", mina.user::isGone, LineClient.WAIT);
        hub.input(bob.user, "/nick mina");
        assertThat(bob.user.name()).isEqualTo("mina");
    }

    @Test
    void shouldNeverShowAPasswordToAnyone() {
        RecordingSession watcher = RecordingSession.connect(hub, "watcher");
        RecordingSession mina = registered("mina", "s3cret-pass");
        hub.input(mina.user, "/password s3cret-pass s3cret-new1");
        await(mina, "changed", notice("account.password"));
        hub.input(mina.user, "/quit");
        RecordingSession again = RecordingSession.connect(hub, "mina");
        hub.input(again.user, "s3cret-wrong");
        await(again, "wrong", failure("login.wrong"));
        hub.input(again.user, "s3cret-new1");
        await(again, "welcome", Event.Welcome.class::isInstance);
        for (RecordingSession s : List.of(watcher, mina, again)) {
            assertThat(s.events()).allSatisfy(e -> assertThat(e.toString()).doesNotContain("s3cret"));
        }
    }

    /** The waits LoginThrottle gives, for reading the test above. */
    private static final class LoginThrottleWaits {
        static long after(int failures) {
            LoginThrottle t = new LoginThrottle(Logins.FREE_PER_ACCOUNT);
            for (int i = 0; i < failures; i++) {
                t.failed("k", 0);
            }
            return t.waitMillis("k", 0);
        }
    }
}
