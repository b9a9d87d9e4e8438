package sori.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.chat.Event;
import sori.chat.EventStore.RoomState;
import sori.chat.Names;

/** A store written before names folded with confusables: migration 4 rekeys it from the names it keeps. */
class RefoldKeysTest {

    @TempDir
    Path dir;

    @Test
    void shouldRekeyRoomsEventsAccountsAndConversationsFromTheirNames() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve(StoreOptions.SQLITE_FILE);
        Flyway.configure().dataSource(url, null, null)
                .locations("classpath:db/migration/common", "classpath:db/migration/sqlite")
                .target("3").load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            // keys as the old fold made them: lower case only
            s.executeUpdate("INSERT INTO rooms (key, name, created, topic, last_seq) VALUES ('game', 'Game', 1, null, 2)");
            s.executeUpdate("INSERT INTO room_events (room_key, seq, time, type, name, data) VALUES "
                    + "('game', 1, 1, 'joined', 'mina', '{\"type\":\"joined\",\"room\":\"Game\",\"seq\":1,\"time\":1,\"name\":\"mina\"}'), "
                    + "('game', 2, 2, 'said', 'mina', '{\"type\":\"said\",\"room\":\"Game\",\"seq\":2,\"time\":2,\"name\":\"mina\",\"text\":\"hi\"}')");
            s.executeUpdate("INSERT INTO accounts (key, name, hash, created) VALUES ('mina', 'Mina', '$argon2id$x', 1)");
            s.executeUpdate("INSERT INTO private_messages (conversation, time, sender, recipient, text) "
                    + "VALUES ('jun mina', 5, 'mina', 'jun', 'psst')");
        }
        try (Store store = Stores.open(StoreOptions.sqlite(dir))) {
            String game = Names.fold("Game");
            assertThat(game).isNotEqualTo("game");
            assertThat(store.rooms()).extracting(RoomState::key).containsExactly(game);
            List<Event.RoomEvent> events = store.read(game, 0, Long.MAX_VALUE, 10, true).join();
            assertThat(events).extracting(Event.RoomEvent::seq).containsExactly(1L, 2L);
            assertThat(store.accounts().find(Names.fold("mina"))).get().extracting(a -> a.name()).isEqualTo("Mina");
            assertThat(store.readPrivate(Names.fold("jun"), Names.fold("mina"), Long.MAX_VALUE, 10).join())
                    .extracting(Event.Private::text).containsExactly("psst");
        }
    }
}
