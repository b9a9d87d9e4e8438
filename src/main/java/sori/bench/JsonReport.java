package sori.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The one-line JSON form of a result: {@code scenario}, {@code params}, the result counts as top-level
 * fields, {@code latencyMs} (count, mean, p50, p90, p99, p999, max), {@code cpu}, {@code notes} and {@code problems}.
 */
final class JsonReport {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonReport() {}

    static String render(BenchResult r) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("scenario", r.scenario());
            g.writeObjectFieldStart("params");
            for (Map.Entry<String, Object> e : r.params().entrySet()) {
                if (e.getValue() instanceof Number n) {
                    writeNumber(g, e.getKey(), n);
                } else if (e.getValue() instanceof Boolean b) {
                    g.writeBooleanField(e.getKey(), b);
                } else {
                    g.writeStringField(e.getKey(), String.valueOf(e.getValue()));
                }
            }
            g.writeEndObject();
            for (Map.Entry<String, Number> e : r.results().entrySet()) {
                writeNumber(g, e.getKey(), e.getValue());
            }
            if (r.latency() != null) {
                writeLatency(g, r.latency());
            }
            Meter.Cpu cpu = r.cpu();
            g.writeObjectFieldStart("cpu");
            g.writeNumberField("cpuSeconds", round(cpu.cpuSeconds()));
            g.writeNumberField("wallSeconds", round(cpu.wallSeconds()));
            g.writeNumberField("busyCores", round(cpu.busyCores()));
            g.writeNumberField("percentOfMachine", Math.round(cpu.percentOfMachine() * 10) / 10.0);
            g.writeNumberField("cores", cpu.cores());
            g.writeNumberField("busiestLoopPercent", Math.round(cpu.busiestLoopPercent() * 10) / 10.0);
            g.writeEndObject();
            g.writeArrayFieldStart("notes");
            for (String n : r.notes()) {
                g.writeString(n);
            }
            g.writeEndArray();
            // Empty when the run is a result; otherwise why not (the command also exits 1).
            g.writeArrayFieldStart("problems");
            for (String p : r.problems()) {
                g.writeString(p);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void writeLatency(JsonGenerator g, Histogram h) throws IOException {
        g.writeObjectFieldStart("latencyMs");
        g.writeNumberField("count", h.getTotalCount());
        boolean any = h.getTotalCount() > 0;
        g.writeNumberField("mean", any ? round(h.getMean() / 1e6) : 0);
        for (int i = 0; i < BenchResult.PERCENTILES.length; i++) {
            g.writeNumberField(BenchResult.PERCENTILE_NAMES[i],
                    any ? round(h.getValueAtPercentile(BenchResult.PERCENTILES[i]) / 1e6) : 0);
        }
        g.writeNumberField("max", any ? round(h.getMaxValue() / 1e6) : 0);
        g.writeEndObject();
    }

    private static void writeNumber(JsonGenerator g, String key, Number n) throws IOException {
        if (n instanceof Double || n instanceof Float) {
            g.writeNumberField(key, n.doubleValue());
        } else {
            g.writeNumberField(key, n.longValue());
        }
    }

    /** Three decimals: microseconds when the unit is milliseconds. */
    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** The numeric fields of a JSON object, nested ones as {@code outer.inner}; arrays and strings skipped. */
    static Map<String, Number> numbers(String json) {
        Map<String, Number> out = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            readObject(p, "", out);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON object: " + json, e);
        }
        return out;
    }

    private static void readObject(JsonParser p, String prefix, Map<String, Number> out) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = prefix + p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                readObject(p, name + ".", out);
            } else if (t == JsonToken.START_ARRAY) {
                p.skipChildren();
            } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                out.put(name, p.getNumberValue());
            }
        }
    }
}
