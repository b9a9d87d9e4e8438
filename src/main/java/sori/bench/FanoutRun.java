package sori.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import sori.UserFacingException;

/**
 * Runs a fan-out scenario: connect and register every client, start the senders, warm up, measure, stop
 * sending, wait a bounded time for stragglers, and count. Expected deliveries are measured sends times
 * clients (the server delivers a line to every member of the room, the sender included). With several ports
 * the clients, senders among them, go to the ports in turn: the nodes of a cluster show one room, so the
 * count expected is the same.
 */
final class FanoutRun {
    private final FanoutConfig cfg;

    FanoutRun(FanoutConfig cfg) {
        this.cfg = cfg;
    }

    BenchResult run() {
        BenchConfig c = cfg.common();
        Limits.checkConnections(cfg.clients(), false);
        int run = Marker.newRunId();
        Meter meter = new Meter();
        AtomicReference<FanoutPlan> plan = new AtomicReference<>();
        Progress progress = new Progress(meter, c.progress(), s -> status(s, plan.get()));
        long sent;
        long delivered;
        long disconnects;
        Meter.Cpu cpu;
        double serverCpu;
        long deliveredInWindow;
        LineClient.Connected<FanoutClient> conn;
        String transport;
        try (LineClient client = new LineClient(c, cfg.ports(), false)) {
            transport = client.transport().toString();
            conn = client.connect(cfg.clients(),
                    i -> new FanoutClient(meter, Names.of(run, i), i < cfg.senders() ? i : -1, plan::get),
                    null, true, progress);
            if (conn.clients().size() < cfg.clients()) {
                String why = conn.firstError() == null ? "not all clients registered"
                        : client.describe(conn.firstError(), conn.firstErrorAt());
                throw new UserFacingException(conn.clients().isEmpty() ? why
                        : why + " (" + conn.clients().size() + " of " + cfg.clients() + " clients registered)");
            }
            long warmup = c.warmup().toNanos();
            long period = cfg.rate() == 0 ? 0 : 1_000_000_000L / cfg.rate();
            FanoutPlan p = new FanoutPlan(run, System.nanoTime(), warmup, warmup + c.duration().toNanos(), period,
                    cfg.window(), cfg.size(), cfg.senders());
            plan.set(p);
            for (FanoutClient f : conn.clients()) {
                if (f.isSender()) {
                    f.start(p);
                }
            }
            progress.waitUntil(p.base() + p.measureStart(), () -> false);
            meter.markMeasureStart();
            long deliveredFrom = meter.sum(LoopStats.Counter.DELIVERED_ALL);
            double serverFrom = cfg.serverPid() == 0 ? 0 : ServerMemory.cpuSeconds(cfg.serverPid());
            progress.waitUntil(p.base() + p.measureEnd(), () -> false);
            cpu = meter.cpuSinceMark();
            serverCpu = cfg.serverPid() == 0 ? -1 : ServerMemory.cpuSeconds(cfg.serverPid()) - serverFrom;
            deliveredInWindow = meter.sum(LoopStats.Counter.DELIVERED_ALL) - deliveredFrom;
            long clients = cfg.clients();
            // Stragglers: wait while lines keep arriving, up to --drain without any, and a minute at most.
            progress.drain(cfg.drain().toNanos(), FanoutConfig.MAX_DRAIN.toNanos(),
                    () -> meter.sum(LoopStats.Counter.DELIVERED_ALL),
                    () -> meter.sum(LoopStats.Counter.STOPPED) >= cfg.senders()
                            && meter.sum(LoopStats.Counter.DELIVERED) >= meter.sum(LoopStats.Counter.SENT) * clients);
            progress.endLine();
            sent = meter.sum(LoopStats.Counter.SENT);
            delivered = meter.sum(LoopStats.Counter.DELIVERED);
            disconnects = meter.sum(LoopStats.Counter.DISCONNECTS); // before closing adds our own
        }
        meter.finish();
        BenchResult r = result(run, transport, meter, conn, sent, delivered, disconnects, cpu);
        if (serverCpu >= 0) {
            // The server's own cost, whatever else the machine runs: CPU time while measuring over what arrived then.
            r.results().put("serverCpuSeconds", Math.round(serverCpu * 100) / 100.0);
            r.results().put("serverCpuNanosPerDelivery",
                    deliveredInWindow == 0 ? -1 : Math.round(serverCpu * 1e9 / deliveredInWindow));
        }
        return r;
    }

    private BenchResult result(int run, String transport, Meter meter, LineClient.Connected<FanoutClient> conn,
            long sent, long delivered, long disconnects, Meter.Cpu cpu) {
        BenchConfig c = cfg.common();
        double seconds = c.duration().toNanos() / 1e9;
        long expected = sent * cfg.clients();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("host", c.host() + ":"
                + cfg.ports().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
        params.put("proto", c.proto().toString());
        params.put("tls", c.tls());
        params.put("clients", cfg.clients());
        params.put("senders", cfg.senders());
        params.put("size", cfg.size());
        params.put("rate", cfg.rate());
        params.put("mode", cfg.rate() == 0 ? "flat out" : "paced");
        params.put("window", cfg.window());
        params.put("duration", Durations.format(c.duration()));
        params.put("warmup", Durations.format(c.warmup()));
        params.put("threads", c.threads());
        params.put("transport", transport);
        params.put("run", run);
        Map<String, Number> r = new LinkedHashMap<>();
        r.put("sent", sent);
        r.put("sentPerSec", Math.round(sent / seconds));
        r.put("delivered", delivered);
        r.put("expected", expected);
        r.put("deliveredPerSec", Math.round(delivered / seconds));
        r.put("losses", Math.max(0, expected - delivered));
        r.put("duplicates", Math.max(0, delivered - expected));
        r.put("reorders", meter.sum(LoopStats.Counter.REORDERS));
        if (cfg.rate() > 0) {
            r.put("unsent", meter.sum(LoopStats.Counter.UNSENT));
        }
        r.put("disconnects", disconnects);
        r.put("connectSeconds", Math.round(conn.seconds() * 1000) / 1000.0);
        List<String> notes = new ArrayList<>();
        if (cfg.rate() > 0) {
            notes.add("rate-paced: each line is stamped with its intended send time, so server stalls count as"
                    + " latency (no coordinated omission); 'unsent' = scheduled but held back by the window");
        } else {
            notes.add("flat out: each sender keeps " + cfg.window() + " lines in flight");
        }
        String cpuNote = BenchResult.cpuNote(cpu);
        if (cpuNote != null) {
            notes.add(cpuNote);
        }
        return new BenchResult("fanout", params, r, meter.latency(), meter.timeline(), cpu, notes);
    }

    private static String status(Meter.Sample s, FanoutPlan p) {
        String phase = "";
        if (p != null) {
            long now = p.now();
            phase = now < p.measureStart() ? " warmup" : now >= p.measureEnd() ? " drain" : "";
        }
        return String.format(Locale.ROOT, "[%.0fs]%s sent %s delivered %s (%s/s) p99 %s cpu %.2f cores", s.seconds(),
                phase, Progress.human(s.sentAll()), Progress.human(s.deliveredAll()),
                Progress.human(s.deliveredPerSec()), Progress.ms(s.p99Ms()), s.cpuPercent() / 100);
    }
}
