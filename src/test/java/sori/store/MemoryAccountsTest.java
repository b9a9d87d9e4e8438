package sori.store;

/** The accounts contract in memory. */
class MemoryAccountsTest extends AccountsContract {
    MemoryAccountsTest() {
        super(Kind.MEMORY);
    }
}
