package sori.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The self-contained HTML page of a run: the template resource filled with tables and inline SVG charts. */
final class HtmlReport {
    private static final String TEMPLATE = "/sori/bench/report.html";

    private HtmlReport() {}

    static void write(BenchResult r, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, render(r));
        } catch (IOException e) {
            throw new sori.UserFacingException("cannot write the report " + file + ": " + e.getMessage(), e);
        }
    }

    static String render(BenchResult r) {
        String page = template();
        List<double[]> rate = new ArrayList<>();
        List<double[]> p99 = new ArrayList<>();
        for (Meter.Sample s : r.timeline()) {
            rate.add(new double[] {s.seconds(), s.deliveredPerSec()});
            p99.add(new double[] {s.seconds(), s.p99Ms()});
        }
        String rateName = switch (r.scenario()) {
            case "echo" -> "round trips per second";
            case "login" -> "sign-ins per second";
            default -> "deliveries per second";
        };
        String charts = "<h2>Latency distribution</h2>\n" + SvgChart.latency(r.latency());
        if (r.latency() == null) {
            charts = "";
        }
        if (!rate.isEmpty() && !r.scenario().equals("idle")) {
            charts += "\n<h2>" + rateName + ", each second</h2>\n" + SvgChart.timeline(rateName, rate, "per second",
                    "#2f855a");
            charts += "\n<h2>p99 latency, each second</h2>\n" + SvgChart.timeline("p99 latency", p99, "ms",
                    "#c05621");
        }
        return page.replace("{{title}}", SvgChart.escape("sori bench " + r.scenario()))
                .replace("{{generated}}", SvgChart.escape(Instant.now().toString()))
                .replace("{{params}}", rows(r.params()))
                .replace("{{results}}", rows(results(r)))
                .replace("{{charts}}", charts)
                .replace("{{notes}}", notes(r.problems().stream().map(p -> "NOT A RESULT: " + p).toList())
                        + notes(r.notes()));
    }

    private static Map<String, Object> results(BenchResult r) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        r.results().forEach((k, v) -> m.put(k, TextReport.number(v)));
        Histogram h = r.latency();
        if (h != null && h.getTotalCount() > 0) {
            for (int i = 0; i < BenchResult.PERCENTILES.length; i++) {
                m.put("latency p" + TextReport.label(BenchResult.PERCENTILES[i]) + " (ms)", String.format(Locale.ROOT,
                        "%.3f", h.getValueAtPercentile(BenchResult.PERCENTILES[i]) / 1e6));
            }
            m.put("latency max (ms)", String.format(Locale.ROOT, "%.3f", h.getMaxValue() / 1e6));
            m.put("latency samples", TextReport.number(h.getTotalCount()));
        }
        Meter.Cpu cpu = r.cpu();
        m.put("generator cpu", String.format(Locale.ROOT, "%.2f cores busy of %d (%.0f%%)", cpu.busyCores(),
                cpu.cores(), cpu.percentOfMachine()));
        m.put("busiest event loop", String.format(Locale.ROOT, "%.0f%% busy", cpu.busiestLoopPercent()));
        return m;
    }

    private static String rows(Map<String, ?> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append("<tr><th>").append(SvgChart.escape(k)).append("</th><td>")
                .append(SvgChart.escape(String.valueOf(v))).append("</td></tr>\n"));
        return b.toString();
    }

    private static String notes(List<String> notes) {
        StringBuilder b = new StringBuilder();
        for (String n : notes) {
            b.append("<li>").append(SvgChart.escape(n)).append("</li>\n");
        }
        return b.toString();
    }

    private static String template() {
        try (InputStream in = HtmlReport.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + TEMPLATE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
