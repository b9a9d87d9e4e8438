package sori.bench;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one run measured, ready for the text, JSON and HTML renderers.
 *
 * @param scenario {@code fanout}, {@code echo} or {@code idle}
 * @param params the run's parameters in display order
 * @param results counts and rates in display order (keys are the JSON field names)
 * @param latency measured latencies in nanoseconds, or null for runs without latency
 * @param timeline one sample a second
 * @param cpu the generator's CPU use during the measured phase
 * @param notes remarks for the reader (warnings, how numbers were taken)
 */
record BenchResult(String scenario, Map<String, Object> params, Map<String, Number> results, Histogram latency,
        List<Meter.Sample> timeline, Meter.Cpu cpu, List<String> notes) {

    /** The percentiles every report shows, with their JSON names. */
    static final double[] PERCENTILES = {50, 90, 99, 99.9};
    static final String[] PERCENTILE_NAMES = {"p50", "p90", "p99", "p999"};

    long number(String key) {
        Number n = results.get(key);
        return n == null ? 0 : n.longValue();
    }

    /** A note when the generator itself was close to using the whole machine. */
    static String cpuNote(Meter.Cpu cpu) {
        if (cpu.percentOfMachine() >= 85) {
            return String.format(java.util.Locale.ROOT,
                    "the generator used %.0f%% of this machine's %d cores: it may have been the bottleneck",
                    cpu.percentOfMachine(), cpu.cores());
        }
        if (cpu.busiestLoopPercent() >= 90) {
            return String.format(java.util.Locale.ROOT,
                    "the generator's busiest event loop was %.0f%% busy: it may have been the bottleneck "
                            + "(try more --threads)", cpu.busiestLoopPercent());
        }
        return null;
    }
}
