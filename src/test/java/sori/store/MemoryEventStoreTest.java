package sori.store;

/** The contract on {@code --store memory}: nothing survives a restart, nothing is ever queued. */
class MemoryEventStoreTest extends EventStoreContract {

    @Override
    Store open(JdbcEventStore.Tuning tuning) {
        return Stores.open(StoreOptions.memory(10_000), tuning);
    }

    @Override
    boolean durable() {
        return false;
    }

    @Override
    boolean queued() {
        return false;
    }
}
