package sori.store;

/** The session tokens contract in memory. */
class MemorySessionTokensTest extends SessionTokensContract {

    @Override
    Store open() {
        return new MemoryEventStore(10);
    }

    @Override
    Store reopen() {
        return null;
    }
}
