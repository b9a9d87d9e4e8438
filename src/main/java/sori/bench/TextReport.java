package sori.bench;

import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The plain-text form of a result, for people at a terminal. */
final class TextReport {
    private TextReport() {}

    static String render(BenchResult r) {
        StringBuilder b = new StringBuilder();
        b.append("sori bench ").append(r.scenario()).append('\n');
        StringBuilder params = new StringBuilder("  ");
        for (Map.Entry<String, Object> e : r.params().entrySet()) {
            String item = e.getKey() + " " + e.getValue() + "   ";
            if (params.length() + item.length() > 100) {
                b.append(params.toString().stripTrailing()).append('\n');
                params.setLength(0);
                params.append("  ");
            }
            params.append(item);
        }
        b.append(params.toString().stripTrailing()).append("\n\n");
        for (Map.Entry<String, Number> e : r.results().entrySet()) {
            b.append(String.format(Locale.ROOT, "  %-26s %s%n", e.getKey(), number(e.getValue())));
        }
        Histogram h = r.latency();
        if (h != null) {
            b.append(String.format(Locale.ROOT, "  %-26s", "latency ms"));
            if (h.getTotalCount() == 0) {
                b.append(" (no samples)");
            } else {
                for (int i = 0; i < BenchResult.PERCENTILES.length; i++) {
                    b.append(String.format(Locale.ROOT, " p%s %.3f", label(BenchResult.PERCENTILES[i]),
                            h.getValueAtPercentile(BenchResult.PERCENTILES[i]) / 1e6));
                }
                b.append(String.format(Locale.ROOT, " max %.3f  (n=%d)", h.getMaxValue() / 1e6, h.getTotalCount()));
            }
            b.append('\n');
        }
        Meter.Cpu cpu = r.cpu();
        b.append(String.format(Locale.ROOT, "  %-26s %.2f cores busy of %d (%.0f%% of the machine), "
                + "busiest event loop %.0f%%%n", "generator cpu", cpu.busyCores(), cpu.cores(), cpu.percentOfMachine(),
                cpu.busiestLoopPercent()));
        for (String n : r.notes()) {
            b.append("  note: ").append(n).append('\n');
        }
        for (String p : r.problems()) {
            b.append("  NOT A RESULT: ").append(p).append('\n');
        }
        return b.toString();
    }

    static String number(Number n) {
        if (n instanceof Double || n instanceof Float) {
            return String.format(Locale.ROOT, "%.3f", n.doubleValue());
        }
        return String.format(Locale.ROOT, "%,d", n.longValue());
    }

    static String label(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }
}
