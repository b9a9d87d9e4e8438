package sori.store;

/** The moderation contract in memory. */
class MemoryModerationTest extends ModerationContract {
    MemoryModerationTest() {
        super(Kind.MEMORY);
    }
}
