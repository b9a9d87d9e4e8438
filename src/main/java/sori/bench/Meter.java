package sori.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;

/**
 * Gathers the per-loop {@link LoopStats} of one run. Event loops find theirs with {@link #forCurrentThread()};
 * the main thread calls {@link #tick()} once a second (a progress sample) and {@link #finish()} at the end.
 */
final class Meter {

    /** One second of a run, as drawn on the report's timeline. */
    record Sample(double seconds, long sentAll, long deliveredAll, double deliveredPerSec, double p99Ms,
            double cpuPercent) {}

    private final Map<Thread, LoopStats> loops = new ConcurrentHashMap<>();
    private final Histogram total = newHistogram();
    private final List<Sample> timeline = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private long lastTickNanos = startNanos;
    private long lastCpuNanos = processCpuNanos();
    private long lastDelivered;
    private long cpuMarkNanos = lastCpuNanos;
    private long wallMarkNanos = startNanos;
    /** Each loop thread's CPU time when measuring started (main thread only). */
    private final Map<Thread, Long> loopCpuMark = new java.util.HashMap<>();

    static Histogram newHistogram() {
        Histogram h = new Histogram(3);
        h.setAutoResize(true);
        return h;
    }

    /** The calling event loop's stats (made on first use, which is off the hot path). */
    LoopStats forCurrentThread() {
        return loops.computeIfAbsent(Thread.currentThread(), t -> new LoopStats());
    }

    long sum(LoopStats.Counter c) {
        long s = 0;
        for (LoopStats l : loops.values()) {
            s += l.get(c);
        }
        return s;
    }

    /** Starts the CPU and wall clock of the measured phase (call when measuring starts). */
    void markMeasureStart() {
        cpuMarkNanos = processCpuNanos();
        wallMarkNanos = System.nanoTime();
        loopCpuMark.clear();
        for (Thread t : loops.keySet()) {
            loopCpuMark.put(t, threadCpuNanos(t));
        }
    }

    /** Takes one progress sample: rates since the last tick and the p99 of latencies recorded since then. */
    Sample tick() {
        long now = System.nanoTime();
        long cpu = processCpuNanos();
        Histogram interval = drain();
        long delivered = sum(LoopStats.Counter.DELIVERED_ALL);
        double dt = Math.max(1e-9, (now - lastTickNanos) / 1e9);
        Sample s = new Sample(
                (now - startNanos) / 1e9,
                sum(LoopStats.Counter.SENT_ALL),
                delivered,
                (delivered - lastDelivered) / dt,
                interval.getTotalCount() == 0 ? Double.NaN : interval.getValueAtPercentile(99) / 1e6,
                100.0 * (cpu - lastCpuNanos) / Math.max(1, now - lastTickNanos));
        lastTickNanos = now;
        lastCpuNanos = cpu;
        lastDelivered = delivered;
        timeline.add(s);
        return s;
    }

    /** Moves every loop's latencies recorded since the last call into the total; returns just those. */
    private Histogram drain() {
        Histogram interval = newHistogram();
        for (LoopStats l : loops.values()) {
            Histogram h = l.latency.getIntervalHistogram();
            interval.add(h);
        }
        total.add(interval);
        return interval;
    }

    /** The generator's CPU since {@link #markMeasureStart()}: process CPU time over wall time. */
    Cpu cpuSinceMark() {
        long wall = System.nanoTime() - wallMarkNanos;
        long busiest = 0;
        for (Map.Entry<Thread, Long> e : loopCpuMark.entrySet()) {
            long now = threadCpuNanos(e.getKey());
            if (now >= 0 && e.getValue() >= 0) {
                busiest = Math.max(busiest, now - e.getValue());
            }
        }
        return new Cpu((processCpuNanos() - cpuMarkNanos) / 1e9, wall / 1e9,
                Runtime.getRuntime().availableProcessors(), wall <= 0 ? 0 : 100.0 * busiest / wall);
    }

    /** CPU time of one thread, or -1 where the JVM cannot tell. */
    private static long threadCpuNanos(Thread t) {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return mx.isThreadCpuTimeSupported() ? mx.getThreadCpuTime(t.threadId()) : -1;
    }

    /** Collects the latencies still in the loops' recorders (call after the last delivery). */
    void finish() {
        drain();
    }

    Histogram latency() {
        return total;
    }

    List<Sample> timeline() {
        return List.copyOf(timeline);
    }

    /**
     * The generator's own CPU use, so a reader can tell whether the tool itself was the limit: the whole
     * process, and its busiest event loop thread (one loop at 100% limits the run even on an idle machine).
     */
    record Cpu(double cpuSeconds, double wallSeconds, int cores, double busiestLoopPercent) {
        /** Busy cores on average: 1.0 is one core fully used. */
        double busyCores() {
            return wallSeconds <= 0 ? 0 : cpuSeconds / wallSeconds;
        }

        /** Share of the machine used, 0..100. */
        double percentOfMachine() {
            return 100 * busyCores() / Math.max(1, cores);
        }
    }

    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }
}
