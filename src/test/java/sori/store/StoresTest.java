package sori.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.UserFacingException;
import sori.chat.Event;

/** Opening a store: the one-line refusals a user sees, the data directory's lock, the options' rules. */
class StoresTest {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseASecondStoreOnTheSameDataDirUntilTheFirstCloses() {
        Store first = Stores.open(StoreOptions.sqlite(dir));
        try {
            assertThatThrownBy(() -> Stores.open(StoreOptions.sqlite(dir)))
                    .isInstanceOf(UserFacingException.class)
                    .hasMessage("another sori server is using data dir " + dir
                            + " (it holds sori.lock): stop it or choose another --data-dir");
        } finally {
            first.close();
        }
        Stores.open(StoreOptions.sqlite(dir)).close();
    }

    @Test
    void shouldReadBesideTheServerThatHoldsTheLock() throws Exception {
        try (Store server = Stores.open(StoreOptions.sqlite(dir))) {
            server.append(new Event.Said("dev", 1, 1000, "mina", "hi"), null);
            server.rooms(); // committed
            try (Store reader = Stores.openReadOnly(StoreOptions.sqlite(dir))) {
                assertThat(reader.read("dev", 0, Long.MAX_VALUE, 10, false).get())
                        .containsExactly(new Event.Said("dev", 1, 1000, "mina", "hi"));
                assertThatThrownBy(() -> reader.append(new Event.Said("dev", 2, 1000, "mina", "no"), null))
                        .isInstanceOf(UnsupportedOperationException.class);
            }
        }
    }

    @Test
    void shouldSayInOneLineThatTheFileIsNotADatabase() throws Exception {
        Files.write(dir.resolve("sori.db"), "this is not a database, just garbage bytes ".repeat(200)
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Stores.open(StoreOptions.sqlite(dir)))
                .isInstanceOf(UserFacingException.class)
                .hasMessage(dir.resolve("sori.db") + " is not a SQLite database or is damaged: "
                        + "move it away (or restore a backup) and start again");
        // The lock is let go: a fixed file opens.
        Files.delete(dir.resolve("sori.db"));
        Stores.open(StoreOptions.sqlite(dir)).close();
    }

    /**
     * Tests run as root, which ignores permission bits, so an unwritable data dir is made the one way root
     * cannot write either: its path runs through a regular file. This checks the message and exit path, not
     * a permission check as such.
     */
    @Test
    void shouldSayInOneLineThatTheDataDirCannotBeMade() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path bad = file.resolve("data");
        assertThatThrownBy(() -> Stores.open(StoreOptions.sqlite(bad)))
                .isInstanceOf(UserFacingException.class)
                .hasMessageStartingWith("cannot make data dir " + bad + ": ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldSayThereIsNoStoreToReadInAnEmptyDir() throws Exception {
        assertThatThrownBy(() -> Stores.openReadOnly(StoreOptions.sqlite(dir)))
                .isInstanceOf(UserFacingException.class)
                .hasMessage("no store in " + dir + " (no sori.db): is --data-dir right?");
        Files.createFile(dir.resolve("sori.db"));
        assertThatThrownBy(() -> Stores.openReadOnly(StoreOptions.sqlite(dir)))
                .hasMessage("no store in " + dir + " (no sori.db): is --data-dir right?");
    }

    @Test
    void shouldSayInOneLineThatPostgresqlCannotBeReachedWithoutShowingThePassword() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        StoreOptions o = new StoreOptions("postgresql://sori:s3cret@127.0.0.1:" + closedPort + "/sori", dir,
                Durability.BATCH, Duration.ZERO, 0);
        assertThat(o.toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> Stores.open(o))
                .isInstanceOf(UserFacingException.class)
                .hasMessageStartingWith("cannot reach PostgreSQL at postgresql://sori:***@127.0.0.1:" + closedPort + "/sori: ")
                .hasMessageNotContaining("s3cret")
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldTurnAPostgresqlUrlIntoJdbcWithThePasswordFromTheUrlOrTheEnvironment() {
        assertThat(Stores.postgresqlTarget("postgresql://mina:p%40ss@db.local:6543/chat", "env"))
                .isEqualTo(new Stores.Target("jdbc:postgresql://db.local:6543/chat", "mina", "p@ss"));
        assertThat(Stores.postgresqlTarget("postgresql://mina@db.local/chat?sslmode=require", "env"))
                .isEqualTo(new Stores.Target("jdbc:postgresql://db.local:5432/chat?sslmode=require", "mina", "env"));
        assertThat(Stores.postgresqlTarget("jdbc:postgresql://h/db?user=u", "env").password()).isEqualTo("env");
        assertThat(Stores.postgresqlTarget("jdbc:postgresql://h/db?user=u&password=x", "env").password()).isNull();
        assertThat(StoreOptions.redacted("jdbc:postgresql://h/db?user=u&password=x&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
    }

    @Test
    void shouldParseRetentionsAndRefuseWrongOptions() {
        assertThat(StoreOptions.parseRetention("90d")).isEqualTo(Duration.ofDays(90));
        assertThat(StoreOptions.parseRetention("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(StoreOptions.parseRetention("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(StoreOptions.parseRetention("0")).isEqualTo(Duration.ZERO);
        for (String bad : new String[] {"", "d", "90", "-1d", "1w", "1.5h", "90 d"}) {
            assertThatThrownBy(() -> StoreOptions.parseRetention(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new StoreOptions("mysql://x", dir, Durability.BATCH, Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StoreOptions("sqlite", dir, Durability.BATCH, Duration.ofDays(-1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durability.parse("fast")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeepOnlyTheLastNEventsAndMessagesInMemoryButEveryRoomsNumbers() throws Exception {
        Store s = Stores.open(new StoreOptions("memory", dir, Durability.BATCH, Duration.ZERO, 3));
        for (int i = 1; i <= 10; i++) {
            s.append(new Event.Said("dev", i, i, "mina", "m" + i), null);
            s.appendPrivate(new Event.Private("mina", "jun", i, "p" + i));
        }
        assertThat(EventStoreContract.seqs(EventStoreContract.every(s, "dev"))).containsExactly(8L, 9L, 10L);
        assertThat(s.readPrivate(sori.chat.Names.fold("jun"), sori.chat.Names.fold("mina"), Long.MAX_VALUE, 10).get()).extracting(Event.Private::text)
                .containsExactly("p8", "p9", "p10");
        assertThat(s.rooms()).extracting(sori.chat.EventStore.RoomState::lastSeq).containsExactly(10L);
    }

    @Test
    void shouldFailLoudlyOnAnEventTypeItDoesNotKnow() {
        assertThatThrownBy(() -> EventCodec.decode("dev", 1, 0, "kicked", "mina", "{}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unknown room event type 'kicked'");
        assertThat(EventCodec.toJson(new Event.Left("dev", 9, 5, "jun", Event.Departure.QUIT, "lunch")))
                .isEqualTo("{\"type\":\"left\",\"room\":\"dev\",\"seq\":9,\"time\":5,\"name\":\"jun\",\"why\":\"quit\","
                        + "\"reason\":\"lunch\"}");
    }
}
