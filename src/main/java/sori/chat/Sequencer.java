package sori.chat;

/**
 * The only place a room's sequence numbers are decided. Called under the room's lock. In one process
 * it is a counter that starts where the store left off; a cluster assigns numbers in Redis instead.
 */
public interface Sequencer {

    /** The number for the room's next event. */
    long next();

    /** The last number given out (0 for a room that never had an event). */
    long last();

    /** Makes a room's sequencer, continuing after {@code last}. */
    @FunctionalInterface
    interface Factory {
        Sequencer forRoom(String key, long last);
    }

    /** A counter in memory. */
    static Factory local() {
        return (key, last) -> new Sequencer() {
            private long seq = last;

            @Override
            public long next() {
                return ++seq;
            }

            @Override
            public long last() {
                return seq;
            }
        };
    }
}
