package sori.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import sori.UserFacingException;

/** Runs an echo scenario: every connection keeps one line in flight, flat out, and times each round trip. */
final class EchoRun {
    private final EchoConfig cfg;

    EchoRun(EchoConfig cfg) {
        this.cfg = cfg;
    }

    BenchResult run() {
        BenchConfig c = cfg.common();
        Limits.checkConnections(cfg.clients(), false);
        int run = Marker.newRunId();
        Meter meter = new Meter();
        Progress progress = new Progress(meter, c.progress(), EchoRun::status);
        Meter.Cpu cpu;
        LineClient.Connected<EchoClient> conn;
        long roundTrips;
        long sent;
        long stopped;
        long disconnects;
        String transport;
        try (LineClient client = new LineClient(c, false)) {
            transport = client.transport().toString();
            conn = client.connect(cfg.clients(), i -> new EchoClient(meter, i), null, true, progress);
            if (conn.clients().size() < cfg.clients()) {
                String why = conn.firstError() == null ? "not all clients connected"
                        : client.describe(conn.firstError());
                throw new UserFacingException(why);
            }
            long warmup = c.warmup().toNanos();
            FanoutPlan p = new FanoutPlan(run, System.nanoTime(), warmup, warmup + c.duration().toNanos(), 0, 1,
                    cfg.size(), cfg.clients());
            for (EchoClient e : conn.clients()) {
                e.start(p);
            }
            progress.waitUntil(p.base() + p.measureStart(), () -> false);
            meter.markMeasureStart();
            progress.waitUntil(p.base() + p.measureEnd(), () -> false);
            cpu = meter.cpuSinceMark();
            progress.drain(cfg.drain().toNanos(), FanoutConfig.MAX_DRAIN.toNanos(),
                    () -> meter.sum(LoopStats.Counter.DELIVERED_ALL),
                    () -> meter.sum(LoopStats.Counter.STOPPED) >= cfg.clients());
            progress.endLine();
            roundTrips = meter.sum(LoopStats.Counter.DELIVERED);
            sent = meter.sum(LoopStats.Counter.SENT);
            stopped = meter.sum(LoopStats.Counter.STOPPED);
            disconnects = meter.sum(LoopStats.Counter.DISCONNECTS); // before closing adds our own
        }
        meter.finish();
        double seconds = c.duration().toNanos() / 1e9;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("host", c.host() + ":" + c.port());
        params.put("tls", c.tls());
        params.put("clients", cfg.clients());
        params.put("size", cfg.size());
        params.put("duration", Durations.format(c.duration()));
        params.put("warmup", Durations.format(c.warmup()));
        params.put("threads", c.threads());
        params.put("transport", transport);
        params.put("run", run);
        Map<String, Number> r = new LinkedHashMap<>();
        r.put("sent", sent);
        r.put("roundTrips", roundTrips);
        r.put("roundTripsPerSec", Math.round(roundTrips / seconds));
        r.put("losses", Math.max(0, sent - roundTrips));
        r.put("stalled", Math.max(0, cfg.clients() - stopped));
        r.put("mismatches", meter.sum(LoopStats.Counter.MISMATCHES));
        r.put("disconnects", disconnects);
        r.put("connectSeconds", Math.round(conn.seconds() * 1000) / 1000.0);
        List<String> notes = new ArrayList<>();
        notes.add("one line in flight per connection; latency is the round trip");
        if (roundTrips == 0) {
            notes.add("nothing came back: is " + c.host() + ":" + c.port() + " an echo server?");
        }
        String cpuNote = BenchResult.cpuNote(cpu);
        if (cpuNote != null) {
            notes.add(cpuNote);
        }
        return new BenchResult("echo", params, r, meter.latency(), meter.timeline(), cpu, notes);
    }

    private static String status(Meter.Sample s) {
        return String.format(Locale.ROOT, "[%.0fs] round trips %s (%s/s) p99 %s cpu %.2f cores", s.seconds(),
                Progress.human(s.deliveredAll()), Progress.human(s.deliveredPerSec()), Progress.ms(s.p99Ms()),
                s.cpuPercent() / 100);
    }
}
