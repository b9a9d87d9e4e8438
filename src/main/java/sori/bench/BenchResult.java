package sori.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /** What tells a chat server's flood control from a slow one, and how to turn it off. */
    static final String FLOOD_CAUSE =
            "the server paces clients (flood control); start it with `--flood-rate 0` for benchmarks";

    /** Share of scheduled lines that may go unsent before a paced run counts as held back. */
    static final double UNSENT_TOLERANCE = 0.01;

    /**
     * Why this run is not a result, or empty when it is one: it measured no latency sample, sent nothing,
     * or (paced) the server did not take the lines as fast as asked. Such a run exits non-zero.
     */
    List<String> problems() {
        List<String> out = new ArrayList<>();
        boolean fanout = "fanout".equals(scenario);
        if (fanout && results.containsKey("sent") && number("sent") == 0) {
            out.add("nothing was sent while measuring");
        }
        if (latency != null && latency.getTotalCount() == 0) {
            out.add("no latency samples were measured");
        }
        long unsent = number("unsent");
        long scheduled = number("sent") + unsent;
        if (unsent > 0 && unsent > scheduled * UNSENT_TOLERANCE) {
            out.add(String.format(Locale.ROOT,
                    "throttled: %,d of %,d scheduled lines were held back (the server did not take them as fast as"
                            + " --rate asks)", unsent, scheduled));
        }
        if (!out.isEmpty() && fanout) {
            out.add("likely cause: " + FLOOD_CAUSE + " (if it is off, raise --window or lower --rate)");
        }
        return List.copyOf(out);
    }

    long number(String key) {
        Number n = results.get(key);
        return n == null ? 0 : n.longValue();
    }

    /** A note when the generator itself was close to using the whole machine. */
    static String cpuNote(Meter.Cpu cpu) {
        if (cpu.percentOfMachine() >= 85) {
            return String.format(Locale.ROOT,
                    "the generator used %.0f%% of this machine's %d cores: it may have been the bottleneck",
                    cpu.percentOfMachine(), cpu.cores());
        }
        if (cpu.busiestLoopPercent() >= 90) {
            return String.format(Locale.ROOT,
                    "the generator's busiest event loop was %.0f%% busy: it may have been the bottleneck "
                            + "(try more --threads)", cpu.busiestLoopPercent());
        }
        return null;
    }
}
