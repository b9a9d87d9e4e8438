package sori.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on SQLite in a data directory, batched. */
class SqliteEventStoreTest extends EventStoreContract {

    @TempDir
    Path dir;

    @Override
    Store open(JdbcEventStore.Tuning tuning) {
        return Stores.open(StoreOptions.sqlite(dir), tuning);
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
