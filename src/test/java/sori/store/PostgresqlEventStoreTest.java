package sori.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.chat.Event;
import sori.chat.EventStore.RoomState;

/** The contract on a real PostgreSQL (see {@link PostgresServer}), a fresh database per test, sync durability. */
class PostgresqlEventStoreTest extends EventStoreContract {

    @TempDir
    Path dir;

    private String url;

    @BeforeEach
    void database() {
        url = PostgresServer.shared().newDatabase();
    }

    @Override
    Store open(JdbcEventStore.Tuning tuning) {
        return Stores.open(new StoreOptions(url, dir, Durability.SYNC, Duration.ZERO, 0), tuning);
    }

    @Override
    boolean durable() {
        return true;
    }

    @Override
    boolean queued() {
        return true;
    }

    /**
     * Two nodes of a cluster each write every event of a room at once (the publisher its own, a reaper a dead
     * node's stream tail): their commits interleave on the unique (room_key, seq), and each event is held once.
     */
    @Test
    void shouldHoldEachEventOnceWhenTwoStoresWriteTheSameEventsAtOnce() throws Exception {
        Store one = open();
        Store two = open();
        int n = 2000;
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            for (int i = 1; i <= n; i++) {
                one.append(said("dev", i, "one " + i), null);
            }
        });
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
            for (int i = n; i >= 1; i--) { // from the other end, so the two meet half way
                two.append(said("dev", i, "two " + i), null);
            }
        });
        get(CompletableFuture.allOf(first, second));
        get(two.read("dev", 0, 1, 1, false)); // two's writes are committed once a read after them answers
        List<Event.RoomEvent> held = every(one, "dev");
        assertThat(held).extracting(Event.RoomEvent::seq).containsExactlyElementsOf(
                LongStream.rangeClosed(1, n).boxed().toList());
        // the row's creation time is whichever store made it first; its last seq is the room's last either way
        assertThat(one.rooms()).singleElement().extracting(RoomState::lastSeq).isEqualTo((long) n);
    }
}
