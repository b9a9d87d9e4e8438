package sori.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The session tokens contract on SQLite (migration V7). */
class SqliteSessionTokensTest extends SessionTokensContract {

    @TempDir
    Path dir;

    @Override
    Store open() {
        return Stores.open(StoreOptions.sqlite(dir));
    }

    @Override
    Store reopen() {
        return open();
    }
}
