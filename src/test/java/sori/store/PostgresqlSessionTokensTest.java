package sori.store;

/** The session tokens contract on a real PostgreSQL ({@link PostgresServer}), a fresh database per test. */
class PostgresqlSessionTokensTest extends SessionTokensContract {
    PostgresqlSessionTokensTest() {
        super(Kind.POSTGRESQL);
    }
}
