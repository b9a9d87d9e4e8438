package sori.store;

/** The session tokens contract in memory. */
class MemorySessionTokensTest extends SessionTokensContract {
    MemorySessionTokensTest() {
        super(Kind.MEMORY);
    }
}
