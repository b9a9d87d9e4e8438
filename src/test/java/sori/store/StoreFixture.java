package sori.store;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store a seam contract (accounts, moderation, session tokens) runs on: memory, SQLite in a temporary
 * folder, or a fresh database on the shared real PostgreSQL ({@link PostgresServer}). Each test gets an empty
 * one; {@link #reopen()} finds its data again after a close.
 */
abstract class StoreFixture {

    enum Kind { MEMORY, SQLITE, POSTGRESQL }

    private final Kind kind;

    @TempDir
    Path dir;

    private String url;

    StoreFixture(Kind kind) {
        this.kind = kind;
    }

    @BeforeEach
    void database() {
        if (kind == Kind.POSTGRESQL) {
            url = PostgresServer.shared().newDatabase();
        }
    }

    /** A fresh, empty store; the test closes it. */
    Store open() {
        return switch (kind) {
            case MEMORY -> new MemoryEventStore(10);
            case SQLITE -> Stores.open(StoreOptions.sqlite(dir));
            case POSTGRESQL -> Stores.open(new StoreOptions(url, dir, Durability.BATCH, Duration.ZERO, 0));
        };
    }

    /** The same store again after a close (memory has none: it returns null). */
    Store reopen() {
        return kind == Kind.MEMORY ? null : open();
    }
}
