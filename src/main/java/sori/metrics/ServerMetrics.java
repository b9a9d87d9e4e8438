package sori.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import sori.chat.Hub;
import sori.net.Limit;
import sori.net.LimitCounters;
import sori.net.TlsContexts;
import sori.net.Traffic;

/**
 * The meters of one chat server, in a Prometheus registry. Counters are read from the plain
 * {@link LongAdder}s the hot path keeps ({@link Traffic}, {@link LimitCounters}) only when scraped;
 * gauges of connections and users count the Hub's sessions at most once per scrape. The only meter
 * fed on the fan-out path is the latency histogram, once per event per event loop (not per member).
 *
 * <p>A store or cluster that implements Micrometer's {@link MeterBinder} adds its own meters (queue
 * depth, commit latency, lag) when bound: see {@link #bind(Object)}.
 */
public final class ServerMetrics implements AutoCloseable {

    /** Transports that always have series, so a dashboard shows 0 rather than nothing. */
    private static final List<String> TRANSPORTS = List.of("tcp", "web");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Hub hub;
    private final Traffic traffic;
    private final Set<String> transports = ConcurrentHashMap.newKeySet();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private volatile Census census = new Census(0, Map.of());

    private record Census(long at, Map<String, int[]> counts) {}

    public ServerMetrics(Hub hub, LimitCounters counters, TlsContexts tls) {
        // Two of Micrometer's names fail promtool's lint: CPU time in "ns" (given below in seconds, the
        // Prometheus convention) and a gauge ending in "_count".
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
            }
        });
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time the process used").register(registry);
        }
        this.hub = hub;
        this.traffic = counters.traffic();
        for (String t : TRANSPORTS) {
            transport(t);
        }
        Gauge.builder("sori.rooms", hub, h -> h.roomNames().size()).description("Rooms open now").register(registry);
        FunctionCounter.builder("sori.deliveries", traffic, Traffic::deliveries)
                .description("Events written to members, one per member per event").register(registry);
        FunctionCounter.builder("sori.written", traffic, Traffic::bytes).baseUnit("bytes")
                .description("Bytes handed to members' connections").register(registry);
        Timer fanout = Timer.builder("sori.fanout.latency")
                .description("From an event accepted for fan-out to its write on an event loop")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        traffic.fanoutLatency(nanos -> fanout.record(nanos, TimeUnit.NANOSECONDS));
        for (Limit l : Limit.values()) {
            FunctionCounter.builder("sori.disconnects", counters, c -> c.count(l))
                    .description("Connections closed or refused because a limit tripped")
                    .tag("reason", reason(l)).tag("limit", l.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        if (tls != null) {
            for (boolean ok : new boolean[] {true, false}) {
                FunctionCounter.builder("sori.tls.handshakes", tls, t -> t.handshakes(ok))
                        .description("TLS handshakes by engine and result")
                        .tag("engine", tls.engine()).tag("result", ok ? "ok" : "failed")
                        .register(registry);
            }
        }
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        bind(hub.store());
    }

    /** Binds {@code part}'s own meters when it has any (a durable store: queue depth, commit latency). */
    public void bind(Object part) {
        if (part instanceof MeterBinder b) {
            b.bindTo(registry);
        }
    }

    /** Coarse reasons for a dashboard: slow, flood, limits (connection counts), timeout (name, dead peer). */
    static String reason(Limit l) {
        return switch (l) {
            case SLOW_CONSUMER -> "slow";
            case FLOOD -> "flood";
            case MAX_CLIENTS, MAX_PER_ADDRESS -> "limits";
            case REGISTER_TIMEOUT, DEAD_PEER -> "timeout";
        };
    }

    /** Registers the series of one transport (first seen now: sessions of a protocol added later). */
    private void transport(String t) {
        if (!transports.add(t)) {
            return;
        }
        Gauge.builder("sori.connections", this, m -> m.count(t, 0)).tag("transport", t)
                .description("Open connections, named or not").register(registry);
        Gauge.builder("sori.users", this, m -> m.count(t, 1)).tag("transport", t)
                .description("Connections with a name chosen").register(registry);
        LongAdder received = traffic.received(t);
        FunctionCounter.builder("sori.messages.received", received, LongAdder::sum).tag("transport", t)
                .description("Lines or WebSocket messages received from clients").register(registry);
    }

    private double count(String transport, int which) {
        int[] n = census.counts.get(transport);
        return n == null ? 0 : n[which];
    }

    /** Counts the Hub's sessions by transport, at most twice a second, before a scrape reads them. */
    private void takeCensus() {
        long now = System.nanoTime();
        if (now - census.at < TimeUnit.MILLISECONDS.toNanos(500) && census.at != 0) {
            return;
        }
        Map<String, int[]> byTransport = new HashMap<>();
        hub.census().forEach((kind, n) -> {
            int[] sum = byTransport.computeIfAbsent(transportOf(kind), k -> new int[2]);
            sum[0] += n[0];
            sum[1] += n[1];
        });
        byTransport.keySet().forEach(this::transport); // outside the scrape: registering during one is unsafe
        census = new Census(now, byTransport);
    }

    /** "tcp+tls" counts as "tcp": the transport is the protocol; TLS has its own meters. */
    private static String transportOf(String kind) {
        int plus = kind.indexOf('+');
        return plus < 0 ? kind : kind.substring(0, plus);
    }

    /** The scrape: every meter in the Prometheus text format. */
    public synchronized String scrape() {
        takeCensus();
        return registry.scrape();
    }

    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        traffic.fanoutLatency(null);
        gc.close();
        registry.close();
    }
}
