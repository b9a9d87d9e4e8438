package sori.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.chat.Moderation.RoomSettings;

/** A store written while +n was always on and never kept: migration 10 gives every room kept the n it had. */
class NoExternalModeMigrationTest {

    @TempDir
    Path dir;

    @Test
    void shouldAddNToEveryRoomKeptBefore() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve(StoreOptions.SQLITE_FILE);
        Flyway.configure().dataSource(url, null, null)
                .locations("classpath:db/migration/common", "classpath:db/migration/sqlite")
                .javaMigrations(new V4__RefoldKeys()).target("9").load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO room_settings (room_key, founder, modes, secret, member_limit) VALUES "
                    + "('dev', 'mina', 'kt', 'sesame', 0), ('tea', 'jun', '', null, 0)");
        }
        try (Store store = Stores.open(StoreOptions.sqlite(dir))) {
            assertThat(store.moderation().load().rooms()).containsExactly(
                    new RoomSettings("dev", "mina", "ktn", "sesame", 0), new RoomSettings("tea", "jun", "n", null, 0));
        }
    }
}
