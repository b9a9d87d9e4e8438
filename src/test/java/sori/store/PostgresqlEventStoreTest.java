package sori.store;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

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
}
