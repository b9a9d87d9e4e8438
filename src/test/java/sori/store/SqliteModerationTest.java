package sori.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The moderation contract on SQLite. */
class SqliteModerationTest extends ModerationContract {

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
