package sori.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import sori.store.MemoryEventStore;
import sori.testing.Await;
import sori.testing.LineClient;

/**
 * The Hub with a {@link Namespace} that answers when the test says so, as a cluster answers later: input waits
 * for the answer and keeps its order, a refusal is said with the prompt, claims and releases balance, and a
 * private message to a name held elsewhere goes through the namespace and is stored once, here.
 */
class NamespaceHubTest {

    /** Names held "on other nodes", claims counted per name here, and answers held until {@link #answer}. */
    private static final class LaterNamespace implements Namespace {
        final Set<String> elsewhere = new HashSet<>();
        final Map<String, Integer> holds = new HashMap<>();
        final Queue<Runnable> pending = new ArrayDeque<>();
        final List<Event.Private> relayed = new ArrayList<>();
        boolean down;

        @Override
        public synchronized CompletionStage<Boolean> claim(String key) {
            if (holds.getOrDefault(key, 0) > 0) {
                holds.merge(key, 1, Integer::sum);
                return CompletableFuture.completedStage(true);
            }
            CompletableFuture<Boolean> answer = new CompletableFuture<>();
            pending.add(() -> {
                if (down) {
                    answer.completeExceptionally(new IllegalStateException("down"));
                    return;
                }
                boolean free;
                synchronized (this) {
                    free = !elsewhere.contains(key);
                    if (free) {
                        holds.merge(key, 1, Integer::sum);
                    }
                }
                answer.complete(free);
            });
            return answer;
        }

        @Override
        public synchronized void release(String key) {
            assertThat(holds.getOrDefault(key, 0)).as("claims of " + key).isPositive();
            holds.merge(key, -1, Integer::sum);
        }

        @Override
        public CompletionStage<Boolean> deliver(String key, Event.Private message) {
            CompletableFuture<Boolean> answer = new CompletableFuture<>();
            synchronized (this) {
                pending.add(() -> {
                    synchronized (this) {
                        relayed.add(message);
                    }
                    answer.complete(elsewhere.contains(key));
                });
            }
            return answer;
        }

        @Override
        public CompletionStage<String> locate(String key) {
            return CompletableFuture.completedStage(elsewhere.contains(key) ? "other@1" : null);
        }

        /** Gives every answer asked for so far (and those they ask for in turn). */
        void answer() {
            while (true) {
                Runnable next;
                synchronized (this) {
                    next = pending.poll();
                }
                if (next == null) {
                    return;
                }
                next.run();
            }
        }

        /** Claims counted for the name {@code name} (folded here: "mina" folds to "rnina"). */
        synchronized int held(String name) {
            return holds.getOrDefault(Names.fold(name), 0);
        }

        synchronized void takenElsewhere(String name) {
            elsewhere.add(Names.fold(name));
        }
    }

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final MemoryAccounts accounts = new MemoryAccounts();
    private final MemoryEventStore store = new MemoryEventStore(ChatConfig.HISTORY_SIZE);
    private final Hub hub = new Hub(ChatConfig.defaults(), store, accounts, false, clock::incrementAndGet);
    private final LaterNamespace names = new LaterNamespace();

    {
        hub.namespace(names);
    }

    private static Predicate<Event> failure(String code) {
        return e -> e instanceof Event.Failure f && f.code().equals(code);
    }

    private RecordingSession arrive(String name) {
        RecordingSession s = RecordingSession.connect(hub, name);
        names.answer();
        assertThat(s.events(Event.Welcome.class)).hasSize(1);
        return s;
    }

    @Test
    void shouldAdmitOnlyOnceTheNamespaceAnswersAndKeepTheLinesTypedMeanwhileInOrder() {
        RecordingSession ann = RecordingSession.connect(hub, "Ann");
        hub.input(ann.user, "first");
        hub.input(ann.user, "second");
        assertThat(ann.events(Event.Welcome.class)).isEmpty();
        assertThat(ann.user.name()).isNull();
        names.answer();
        assertThat(ann.user.name()).isEqualTo("Ann");
        assertThat(ann.events(Event.Said.class)).extracting(Event.Said::text).containsExactly("first", "second");
        assertThat(names.held("ann")).as("the person's own claim").isEqualTo(1);
        // A second connection with the name is refused here, by the directory, and its reservation is given back.
        RecordingSession again = RecordingSession.connect(hub, "ANN");
        assertThat(again.events()).anyMatch(failure("name.taken"));
        assertThat(names.held("ann")).isEqualTo(1);
        hub.input(ann.user, "/quit");
        assertThat(names.held("ann")).as("freed when its holder left").isZero();
    }

    @Test
    void shouldSayANameIsTakenElsewhereOrTheClusterIsAwayAndPromptAgain() {
        names.takenElsewhere("bob");
        RecordingSession s = RecordingSession.connect(hub, "Bob");
        names.answer();
        assertThat(s.events()).anyMatch(failure("name.taken"));
        assertThat(s.last()).isInstanceOf(Event.Prompt.class);
        names.down = true;
        s.clear();
        hub.input(s.user, "carl");
        names.answer();
        assertThat(s.events()).anyMatch(failure("cluster.unavailable"));
        assertThat(s.last()).isInstanceOf(Event.Prompt.class);
        assertThat(s.user.isGone()).isFalse();
        names.down = false;
        hub.input(s.user, "carl");
        names.answer();
        assertThat(s.user.name()).isEqualTo("carl");
        assertThat(names.held("carl")).isEqualTo(1);
        assertThat(names.held("bob")).isZero();
    }

    @Test
    void shouldReserveTheNewNameOfARenameAndFreeTheOldOne() {
        RecordingSession ann = arrive("ann");
        hub.input(ann.user, "/nick anna");
        hub.input(ann.user, "after the rename");
        assertThat(ann.user.name()).isEqualTo("ann");
        names.answer();
        assertThat(ann.user.name()).isEqualTo("anna");
        assertThat(names.held("ann")).isZero();
        assertThat(names.held("anna")).isEqualTo(1);
        assertThat(ann.events(Event.Said.class)).extracting(Event.Said::name).containsExactly("anna");
        names.takenElsewhere("bea");
        hub.input(ann.user, "/nick bea");
        names.answer();
        assertThat(ann.events()).anyMatch(failure("name.taken"));
        assertThat(ann.user.name()).isEqualTo("anna");
        assertThat(names.held("anna")).isEqualTo(1);
        hub.input(ann.user, "/nick ANNA"); // the same name spelt otherwise: nothing to reserve
        assertThat(ann.user.name()).isEqualTo("ANNA");
        assertThat(names.held("anna")).isEqualTo(1);
    }

    @Test
    void shouldSignInToAnAccountOnceItsNameIsReservedAndSayItAfter() {
        RecordingSession mina = arrive("mina");
        hub.input(mina.user, "/register correct horse");
        Await.until("registered", () -> mina.events().stream().anyMatch(
                e -> e instanceof Event.Notice n && n.key().equals("account.registered")), LineClient.WAIT);
        hub.input(mina.user, "/quit"); // held until the registration let go of the input
        Await.until("mina freed", () -> names.held("mina") == 0, LineClient.WAIT);

        RecordingSession guest = arrive("guest");
        hub.input(guest.user, "/login mina correct horse");
        hub.input(guest.user, "said as mina");
        // The password check answers on the accounts' pool, then the reservation waits for this test.
        Await.until("reservation asked", () -> {
            synchronized (names) {
                return !names.pending.isEmpty();
            }
        }, LineClient.WAIT);
        assertThat(guest.events(Event.Said.class)).isEmpty();
        names.answer();
        Await.until("signed in", () -> guest.events().stream().anyMatch(
                e -> e instanceof Event.Notice n && n.key().equals("account.login")), LineClient.WAIT);
        Await.until("the held line said", () -> !guest.events(Event.Said.class).isEmpty(), LineClient.WAIT);
        assertThat(guest.user.name()).isEqualTo("mina");
        assertThat(guest.events(Event.Said.class)).extracting(Event.Said::name).containsExactly("mina");
        assertThat(names.held("mina")).isEqualTo(1);
        assertThat(names.held("guest")).isZero();
    }

    @Test
    void shouldRelayAPrivateMessageToANameHeldElsewhereAndStoreItHereOnce() throws Exception {
        RecordingSession ann = arrive("ann");
        names.takenElsewhere("bob");
        hub.input(ann.user, "/msg Bob hi");
        hub.input(ann.user, "/msg nobody hi");
        names.answer();
        Event.Private sent = new Event.Private("ann", "Bob", ann.events(Event.Private.class).getFirst().time(), "hi");
        assertThat(ann.events(Event.Private.class)).containsExactly(sent);
        assertThat(names.relayed).hasSize(2).first().isEqualTo(sent);
        assertThat(ann.events()).anyMatch(failure("user.unknown"));
        assertThat(store.readPrivate(Names.fold("ann"), Names.fold("bob"), Long.MAX_VALUE, 10).get()).containsExactly(sent);
        // One from elsewhere reaches every connection of the person here, and is not stored here.
        Event.Private back = new Event.Private("bob", "ANN", clock.incrementAndGet(), "yo");
        assertThat(hub.privateArrived(back)).isTrue();
        assertThat(ann.events(Event.Private.class)).endsWith(back);
        assertThat(hub.privateArrived(new Event.Private("bob", "nobody", 1, "x"))).isFalse();
        assertThat(store.readPrivate(Names.fold("ann"), Names.fold("bob"), Long.MAX_VALUE, 10).get()).containsExactly(sent);
    }
    @Test
    void shouldSayWhereANameHeldElsewhereIsAndItsAccountWhenItIsARegisteredOne() throws Exception {
        RecordingSession mina = arrive("mina");
        hub.input(mina.user, "/register correct horse");
        hub.input(mina.user, "/quit"); // held until the registration let go of the input
        Await.until("mina freed", () -> names.held("mina") == 0, LineClient.WAIT);
        names.takenElsewhere("mina");
        names.takenElsewhere("bob");
        RecordingSession ann = arrive("ann");
        CompletableFuture<Hub.Elsewhere> found = new CompletableFuture<>();
        hub.elsewhere(ann.user, "MINA", found::complete);
        assertThat(found.get(20, java.util.concurrent.TimeUnit.SECONDS))
                .isEqualTo(new Hub.Elsewhere("mina", "other@1", "mina"));
        CompletableFuture<Hub.Elsewhere> guest = new CompletableFuture<>();
        hub.elsewhere(ann.user, "Bob", guest::complete);
        assertThat(guest.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(new Hub.Elsewhere("Bob", "other@1", null));
        CompletableFuture<Hub.Elsewhere> nobody = new CompletableFuture<>();
        hub.elsewhere(ann.user, "nobody", nobody::complete);
        assertThat(nobody.get(20, java.util.concurrent.TimeUnit.SECONDS)).isNull();
    }
}
