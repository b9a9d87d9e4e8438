package sori.store;

/** The accounts contract on SQLite. */
class SqliteAccountsTest extends AccountsContract {
    SqliteAccountsTest() {
        super(Kind.SQLITE);
    }
}
