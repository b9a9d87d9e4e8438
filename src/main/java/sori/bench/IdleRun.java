package sori.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.net.InetSocketAddress;
import sori.UserFacingException;

/**
 * Runs an idle scenario in this process: open and register the clients, read the server's memory, hold
 * them for the duration and count how many stayed up. With {@code --procs} above 1, {@link IdleFleet} runs
 * this in child processes instead.
 */
final class IdleRun {
    private final IdleConfig cfg;
    private final PrintStream out;

    /** {@code out} receives the child's "registered" event line; unused outside child processes. */
    IdleRun(IdleConfig cfg, PrintStream out) {
        this.cfg = cfg;
        this.out = out;
    }

    BenchResult run() {
        if (cfg.procs() > 1) {
            return new IdleFleet(cfg).run();
        }
        BenchConfig c = cfg.common();
        Limits.checkConnections(cfg.clients(), true);
        long rssBefore = cfg.serverPid() > 0 ? ServerMemory.rssBytes(cfg.serverPid()) : -1;
        Meter meter = new Meter();
        AtomicInteger registered = new AtomicInteger();
        Progress progress = new Progress(meter, c.progress(), s -> String.format(Locale.ROOT,
                "[%.0fs] up %d of %d cpu %.2f cores", s.seconds(),
                registered.get() - meter.sum(LoopStats.Counter.DISCONNECTS), cfg.clients(), s.cpuPercent() / 100));
        LineClient.Connected<IdleClient> conn;
        long rssAfter;
        long stayedUp;
        Meter.Cpu cpu;
        InetSocketAddress remote = new InetSocketAddress(c.host(), c.port());
        IntFunction<InetSocketAddress> source = remote.isUnresolved() ? null
                : Limits.sourceAddresses(cfg.total(), cfg.firstIndex(), remote);
        try (LineClient client = new LineClient(c, source != null)) {
            conn = client.connect(cfg.clients(),
                    i -> new IdleClient(meter, Names.of(cfg.run(), cfg.firstIndex() + i)), source, false, progress);
            if (conn.clients().isEmpty()) {
                throw new UserFacingException(conn.firstError() == null ? "no client registered"
                        : client.describe(conn.firstError()));
            }
            registered.set(conn.clients().size());
            if (cfg.child()) {
                out.println("{\"event\":\"registered\",\"registered\":" + conn.clients().size() + ",\"failed\":"
                        + conn.failed() + "}");
                out.flush();
            }
            rssAfter = cfg.serverPid() > 0 ? ServerMemory.rssBytes(cfg.serverPid()) : -1;
            progress.note(String.format(Locale.ROOT, "[connect] %d of %d registered in %.1fs, holding for %s",
                    conn.clients().size(), cfg.clients(), conn.seconds(), Durations.format(c.duration())));
            meter.markMeasureStart();
            progress.waitUntil(System.nanoTime() + c.duration().toNanos(), () -> false);
            cpu = meter.cpuSinceMark();
            progress.endLine();
            stayedUp = conn.clients().stream().filter(IdleClient::isUp).count();
            String firstError = conn.firstError() == null ? null : client.describe(conn.firstError());
            meter.finish();
            return result(conn, rssBefore, rssAfter, stayedUp, cpu, meter, firstError);
        }
    }

    private BenchResult result(LineClient.Connected<IdleClient> conn, long rssBefore, long rssAfter, long stayedUp,
            Meter.Cpu cpu, Meter meter, String firstError) {
        Map<String, Number> r = new LinkedHashMap<>();
        r.put("requested", cfg.clients());
        r.put("registered", conn.clients().size());
        r.put("failed", conn.failed());
        r.put("stayedUp", stayedUp);
        r.put("dropped", conn.clients().size() - stayedUp);
        r.put("connectSeconds", Math.round(conn.seconds() * 1000) / 1000.0);
        r.put("connectsPerSec", Math.round(conn.clients().size() / Math.max(1e-3, conn.seconds())));
        List<String> notes = new ArrayList<>();
        if (firstError != null) {
            notes.add("first failure: " + firstError);
        }
        return new BenchResult("idle", params(cfg), withMemory(r, rssBefore, rssAfter, conn.clients().size()),
                null, meter.timeline(), cpu, notes);
    }

    static Map<String, Object> params(IdleConfig cfg) {
        BenchConfig c = cfg.common();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("host", c.host() + ":" + c.port());
        params.put("proto", c.proto().toString());
        params.put("tls", c.tls());
        params.put("clients", cfg.total());
        params.put("procs", cfg.procs());
        params.put("duration", Durations.format(c.duration()));
        params.put("threads", c.threads());
        params.put("transport", sori.net.Transport.choose(c.transport()).toString());
        params.put("connectConcurrency", c.connectConcurrency());
        params.put("serverPid", cfg.serverPid());
        params.put("run", cfg.run());
        return params;
    }

    /** Adds the server's memory before and after, and per registered connection, when it was read. */
    static Map<String, Number> withMemory(Map<String, Number> r, long before, long after, long registered) {
        if (before >= 0 && after >= 0) {
            r.put("serverRssBefore", before);
            r.put("serverRssAfter", after);
            r.put("serverBytesPerConnection", registered == 0 ? 0 : Math.round((after - before) / (double) registered));
        }
        return r;
    }
}
