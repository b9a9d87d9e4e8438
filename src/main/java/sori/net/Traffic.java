package sori.net;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the hot path counts, for metrics: messages received per transport, and deliveries, bytes and
 * fan-out latency written by the outboxes. Plain {@link LongAdder}s, found once per handler or outbox
 * (never a map lookup per message) and added to once per drain pass, so counting costs the fan-out
 * nothing measurable; a metrics registry reads them when scraped. The latency sink is null (nothing is
 * timed) until metrics are on.
 */
public final class Traffic {

    /** Takes one fan-out latency, in nanoseconds, from an event accepted to its write on one event loop. */
    @FunctionalInterface
    public interface LatencySink {
        void record(long nanos);
    }

    private final Map<String, LongAdder> received = new ConcurrentHashMap<>();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private volatile LatencySink fanout;

    /** The counter of messages received over {@code transport} ("tcp", "web"); ask once, then increment. */
    public LongAdder received(String transport) {
        return received.computeIfAbsent(transport, t -> new LongAdder());
    }

    /** Every transport's received counter so far. */
    public Map<String, LongAdder> received() {
        return Map.copyOf(received);
    }

    /** Events written to members (one per member per event). */
    public long deliveries() {
        return deliveries.sum();
    }

    /** Bytes handed to members' channels. */
    public long bytes() {
        return bytes.sum();
    }

    /** Where fan-out latencies go; null stops timing. */
    public void fanoutLatency(LatencySink sink) {
        this.fanout = sink;
    }

    LatencySink fanoutLatency() {
        return fanout;
    }

    void written(long events, long byteCount) {
        if (events != 0) {
            deliveries.add(events);
        }
        if (byteCount != 0) {
            bytes.add(byteCount);
        }
    }
}
