package sori.store;

/** The moderation contract in memory. */
class MemoryModerationTest extends ModerationContract {

    @Override
    Store open() {
        return new MemoryEventStore(10);
    }

    @Override
    Store reopen() {
        return null;
    }
}
