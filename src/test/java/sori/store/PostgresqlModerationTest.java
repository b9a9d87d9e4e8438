package sori.store;

/** The moderation contract on a real PostgreSQL ({@link PostgresServer}), a fresh database per test. */
class PostgresqlModerationTest extends ModerationContract {
    PostgresqlModerationTest() {
        super(Kind.POSTGRESQL);
    }
}
