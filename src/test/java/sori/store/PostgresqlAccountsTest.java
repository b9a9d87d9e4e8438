package sori.store;

/** The accounts contract on a real PostgreSQL ({@link PostgresServer}), a fresh database per test. */
class PostgresqlAccountsTest extends AccountsContract {
    PostgresqlAccountsTest() {
        super(Kind.POSTGRESQL);
    }
}
