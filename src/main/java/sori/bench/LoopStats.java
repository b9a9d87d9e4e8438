package sori.bench;

import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Counters and latencies of one event loop thread. Only that thread writes (a lazy set, a plain store on
 * x86); the main thread reads them once a second, so the hot path has no lock and no contended cache line.
 */
final class LoopStats {

    /** What a loop counts. "Measured" counters only count messages stamped inside the measured window. */
    enum Counter {
        SENT_ALL,
        SENT,
        DELIVERED_ALL,
        DELIVERED,
        REORDERS,
        UNSENT,
        DISCONNECTS,
        MISMATCHES,
        STOPPED,
        /** Lines a sender had refused with an error line (a fan-out run against a cluster without Redis). */
        REFUSED,
        /** Sign-ins (login scenario): measured attempts that were welcomed, or refused for each reason. */
        LOGINS,
        WRONG,
        THROTTLED,
        BUSY,
        FAILED
    }

    private final AtomicLongArray counters = new AtomicLongArray(Counter.values().length);
    /**
     * Latency in nanoseconds of measured deliveries; the main thread takes interval histograms from it. This
     * loop is its only writer, so a plain histogram behind the recorder's phaser serves (HdrHistogram's
     * concurrent recorder paid three more atomic updates a delivery).
     */
    final SingleWriterRecorder latency = new SingleWriterRecorder(3);

    void add(Counter c, long n) {
        int i = c.ordinal();
        counters.lazySet(i, counters.get(i) + n);
    }

    void inc(Counter c) {
        add(c, 1);
    }

    long get(Counter c) {
        return counters.get(c.ordinal());
    }
}
