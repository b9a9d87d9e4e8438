package sori.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** What a failed seam call says: the one shared {@link Sql} helper of accounts, moderation and session tokens. */
class SqlTest {

    @TempDir
    Path dir;

    @Test
    void shouldSayWhatFailedOnOneLineAndNeverAValueOfTheStatement() {
        String url = PostgresServer.shared().newDatabase();
        try (Store migrated = Stores.open(new StoreOptions(url, dir, Durability.BATCH, Duration.ZERO, 0))) {
            assertThat(migrated.accounts().list()).isEmpty();
        }
        URI at = URI.create(url);
        PGSimpleDataSource data = new PGSimpleDataSource();
        data.setServerNames(new String[] {at.getHost()});
        data.setPortNumbers(new int[] {at.getPort()});
        data.setDatabaseName(at.getPath().substring(1));
        data.setUser(at.getUserInfo());

        // A name left null: PostgreSQL's error details the failing row, hash and all, on its second line.
        StoreException e = catchThrowableOfType(StoreException.class, () -> new Sql(data, "accounts").update("create",
                "INSERT INTO accounts (key, name, hash, created) VALUES (?, ?, ?, ?)", "mina", null, "$argon2id$secret", 1L));

        assertThat(e.getCause().getMessage()).contains("$argon2id$secret");
        assertThat(e.getMessage()).startsWith("cannot create accounts: ").doesNotContain("secret").doesNotContain("\n");
    }
}
