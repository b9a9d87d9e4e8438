package sori.store;

/** The moderation contract on SQLite. */
class SqliteModerationTest extends ModerationContract {
    SqliteModerationTest() {
        super(Kind.SQLITE);
    }
}
