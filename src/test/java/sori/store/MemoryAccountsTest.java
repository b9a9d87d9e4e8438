package sori.store;

/** The accounts contract in memory. */
class MemoryAccountsTest extends AccountsContract {

    @Override
    Store open() {
        return new MemoryEventStore(10);
    }

    @Override
    Store reopen() {
        return null;
    }
}
