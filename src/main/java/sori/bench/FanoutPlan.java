package sori.bench;

/**
 * The timing of one fan-out run, fixed when sending starts. Times are nanoseconds since {@code base}
 * (a System.nanoTime value): stamps in {@code [measureStart, measureEnd)} are measured, others are warmup.
 *
 * @param run run number in every marker
 * @param base System.nanoTime at the start of sending
 * @param measureStart end of warmup
 * @param measureEnd end of sending
 * @param periodNanos time between two messages of one sender, 0 for flat out
 * @param window messages a sender may have out and not yet seen back
 * @param size line size in bytes
 * @param senders number of senders (indexes 0..senders-1)
 */
record FanoutPlan(int run, long base, long measureStart, long measureEnd, long periodNanos, int window, int size,
        int senders) {

    long now() {
        return System.nanoTime() - base;
    }

    boolean measured(long stamp) {
        return stamp >= measureStart && stamp < measureEnd;
    }

    /** How many scheduled sends from {@code next} on (every period) fall in the measured window. */
    long scheduledFrom(long next) {
        if (periodNanos == 0 || next >= measureEnd) {
            return 0;
        }
        long first = next >= measureStart ? 0 : ceilDiv(measureStart - next, periodNanos);
        long end = ceilDiv(measureEnd - next, periodNanos);
        return Math.max(0, end - first);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
