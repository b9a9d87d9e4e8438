package sori.store;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The session tokens contract on a real PostgreSQL ({@link PostgresServer}), a fresh database per test. */
class PostgresqlSessionTokensTest extends SessionTokensContract {

    @TempDir
    Path dir;

    private String url;

    @BeforeEach
    void database() {
        url = PostgresServer.shared().newDatabase();
    }

    @Override
    Store open() {
        return Stores.open(new StoreOptions(url, dir, Durability.BATCH, Duration.ZERO, 0));
    }

    @Override
    Store reopen() {
        return open();
    }
}
