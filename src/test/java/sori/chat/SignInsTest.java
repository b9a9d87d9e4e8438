package sori.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Session tokens over a clock the test moves: expiry, the sweep, and an account made again under the same name. */
class SignInsTest {

    private static final Duration DAY = Duration.ofDays(1);
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final MemoryAccounts accounts = new MemoryAccounts();
    private final MemorySessionTokens tokens = new MemorySessionTokens();
    private final Hub hub = new Hub(ChatConfig.defaults(), new sori.store.MemoryEventStore(ChatConfig.HISTORY_SIZE), accounts, tokens, false, now::get);

    private SignIns.Outcome register(String name) throws Exception {
        return hub.signIns().register(name, "correct-horse-9", DAY).get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldRefuseAndDeleteATokenOnceItExpires() throws Exception {
        SignIns.Outcome mina = register("mina");
        assertThat(mina.ok()).isTrue();
        assertThat(mina.expires()).isEqualTo(now.get() + DAY.toMillis());
        assertThat(mina.toString()).doesNotContain(mina.token());
        now.addAndGet(DAY.toMillis() - 1);
        assertThat(hub.signIns().resume(mina.token()).get(10, TimeUnit.SECONDS)).get()
                .extracting(Accounts.Account::name).isEqualTo("mina");
        now.addAndGet(1);
        assertThat(hub.signIns().resume(mina.token()).get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(tokens.find(SignIns.hash(mina.token()))).as("deleted when refused").isEmpty();
    }

    @Test
    void shouldSweepExpiredTokensWhenIssuingAfterAnHour() throws Exception {
        SignIns.Outcome old = register("mina");
        now.addAndGet(DAY.toMillis() + SignIns.SWEEP_EVERY_MILLIS);
        SignIns.Outcome fresh = register("jun");
        assertThat(tokens.find(SignIns.hash(old.token()))).isEmpty();
        assertThat(tokens.find(SignIns.hash(fresh.token()))).isPresent();
    }

    @Test
    void shouldRefuseATokenOfAnAccountDeletedAndMadeAgain() throws Exception {
        SignIns.Outcome first = register("mina");
        accounts.delete(Names.fold("mina"));
        now.addAndGet(1000);
        assertThat(register("mina").ok()).isTrue();
        assertThat(hub.signIns().resume(first.token()).get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void shouldKeepOnlyTheHashAndRefuseMalformedTokensWithoutAsking() throws Exception {
        SignIns.Outcome mina = register("mina");
        SessionTokens.Token kept = tokens.find(SignIns.hash(mina.token())).orElseThrow();
        assertThat(kept.hash()).hasSize(64).isNotEqualTo(mina.token());
        assertThat(kept.toString()).doesNotContain(kept.hash());
        assertThat(SignIns.wellFormed(mina.token())).isTrue();
        for (String bad : new String[] {null, "", "short", mina.token() + "x", mina.token().replace(mina.token().charAt(0), '+')}) {
            assertThat(hub.signIns().resume(bad).get(10, TimeUnit.SECONDS)).as(String.valueOf(bad)).isEmpty();
        }
    }

    @Test
    void shouldSignAConnectionInWithNoPromptAttachASecondOneAndAskForANameWhenAGuestHoldsIt() throws Exception {
        Accounts.Account mina = hub.signIns().resume(register("mina").token()).get(10, TimeUnit.SECONDS).orElseThrow();
        RecordingSession first = new RecordingSession("first");
        first.user = hub.signIn(first, mina);
        assertThat(first.events().get(0)).isEqualTo(new Event.SignedIn("mina"));
        assertThat(first.events(Event.Welcome.class)).singleElement().extracting(Event.Welcome::name).isEqualTo("mina");
        assertThat(first.events(Event.Prompt.class)).isEmpty();
        assertThat(first.user.account()).isEqualTo(Names.fold("mina"));

        // A second browser (or a reload while the old socket is still closing) is one more connection of mina.
        RecordingSession second = new RecordingSession("second");
        second.user = hub.signIn(second, mina);
        assertThat(second.events()).startsWith(new Event.SignedIn("mina"), new Event.Attached("mina", java.util.List.of("lobby"), 2),
                new Event.Switched("lobby", false));
        assertThat(second.events(Event.Prompt.class)).isEmpty();
        assertThat(second.user.account()).isEqualTo(Names.fold("mina"));
        assertThat(first.events(Event.Joined.class)).as("the room hears mina once").hasSize(1);

        // An account made (say by sori accounts create) while a guest has its name: the guest keeps it.
        RecordingSession.connect(hub, "jun");
        Accounts.Account jun = new Accounts.Account(Names.fold("jun"), "jun", "unused", now.get());
        RecordingSession third = new RecordingSession("third");
        third.user = hub.signIn(third, jun);
        assertThat(third.events()).containsExactly(Event.Failure.of("name.taken", "jun"), new Event.Prompt());
        assertThat(third.user.account()).isNull();
    }

    @Test
    void shouldSpeakToAConnectionSignedInByItsTokenInTheAccountsLanguage() throws Exception {
        String token = register("mina").token();
        accounts.setLanguage(Names.fold("mina"), "ko");
        Accounts.Account mina = hub.signIns().resume(token).get(10, TimeUnit.SECONDS).orElseThrow();
        RecordingSession page = new RecordingSession("page");
        page.user = hub.signIn(page, mina);
        assertThat(page.user.texts().language()).isEqualTo("ko");
    }
}
