package sori.store;

/** The session tokens contract on SQLite (migration V7). */
class SqliteSessionTokensTest extends SessionTokensContract {
    SqliteSessionTokensTest() {
        super(Kind.SQLITE);
    }
}
