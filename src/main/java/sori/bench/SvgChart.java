package sori.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** Line charts as inline SVG, so the HTML report needs nothing from the network. */
final class SvgChart {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 44;
    private static final int TOP = 16;
    private static final int BOTTOM = 40;
    /** The deepest percentile the latency chart shows: 99.9999%. */
    private static final int MAX_NINES = 6;

    /** A labelled position on the x axis. */
    record Tick(double at, String label) {}

    private SvgChart() {}

    /**
     * Latency by percentile, HdrHistogram style: the x axis is {@code log10(1 / (1 - p))}, so 90%, 99%, 99.9%
     * are evenly spaced and the tail is visible.
     */
    static String latency(Histogram h) {
        if (h == null || h.getTotalCount() == 0) {
            return "<p>No latency samples.</p>";
        }
        List<double[]> pts = new ArrayList<>();
        for (HistogramIterationValue v : h.percentiles(5)) {
            double p = v.getPercentileLevelIteratedTo() / 100.0;
            double x = p >= 1 ? MAX_NINES : Math.min(MAX_NINES, Math.log10(1 / (1 - p)));
            pts.add(new double[] {x, v.getValueIteratedTo() / 1e6});
        }
        double xMax = Math.max(2, Math.min(MAX_NINES, Math.ceil(pts.get(pts.size() - 1)[0])));
        List<Tick> ticks = new ArrayList<>();
        String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%"};
        for (int i = 0; i <= xMax; i++) {
            ticks.add(new Tick(i, labels[i]));
        }
        return render("latency by percentile", pts, 0, xMax, ticks, "ms", "#2b6cb0");
    }

    /** A value over the seconds of a run. */
    static String timeline(String title, List<double[]> pts, String unit, String color) {
        if (pts.isEmpty()) {
            return "<p>No samples.</p>";
        }
        double xMax = Math.max(1, pts.get(pts.size() - 1)[0]);
        List<Tick> ticks = new ArrayList<>();
        double step = niceStep(xMax / 8);
        for (double t = 0; t <= xMax + 1e-9; t += step) {
            ticks.add(new Tick(t, fmt(t) + "s"));
        }
        return render(title, pts, 0, xMax, ticks, unit, color);
    }

    private static String render(String title, List<double[]> pts, double xMin, double xMax, List<Tick> xTicks,
            String unit, String color) {
        double yMaxData = 0;
        for (double[] p : pts) {
            if (!Double.isNaN(p[1])) {
                yMaxData = Math.max(yMaxData, p[1]);
            }
        }
        double yStep = niceStep(Math.max(yMaxData, 1e-6) / 5);
        double yMax = yStep * Math.ceil(Math.max(yMaxData, 1e-6) / yStep);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                + "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT,
                escape(title)));
        s.append("<style>text{font:11px sans-serif;fill:#444}.g{stroke:#e2e2e2}.a{stroke:#888}</style>\n");
        for (double y = 0; y <= yMax + yStep / 2; y += yStep) {
            double py = TOP + plotH - y / yMax * plotH;
            s.append(String.format(Locale.ROOT, "<line class=\"g\" x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, LEFT + plotW, py, py,
                    LEFT - 6, py + 4, fmt(y)));
        }
        for (Tick t : xTicks) {
            double px = LEFT + (t.at() - xMin) / (xMax - xMin) * plotW;
            s.append(String.format(Locale.ROOT, "<line class=\"g\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%.1f\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n", px, px, TOP, TOP + plotH, px,
                    TOP + plotH + 16, escape(t.label())));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\" "
                + "text-anchor=\"middle\">%s</text>%n", TOP + plotH / 2, TOP + plotH / 2, escape(unit)));
        s.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\" points=\"");
        for (double[] p : pts) {
            if (Double.isNaN(p[1])) {
                continue;
            }
            double px = LEFT + (Math.min(p[0], xMax) - xMin) / (xMax - xMin) * plotW;
            double py = TOP + plotH - p[1] / yMax * plotH;
            s.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
        }
        s.append("\"/>\n");
        s.append(String.format(Locale.ROOT, "<line class=\"a\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%.1f\"/>"
                + "<line class=\"a\" x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>%n", LEFT, LEFT, TOP, TOP + plotH,
                LEFT, LEFT + plotW, TOP + plotH, TOP + plotH));
        s.append("</svg>");
        return s.toString();
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / pow;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * pow;
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 1 ? "%.1f" : "%.3g", v);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
