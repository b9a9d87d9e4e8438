package sori.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sori.UserFacingException;

/**
 * An idle run spread over child processes, for more connections than one process may hold open. Each child
 * is this same program ({@code sori bench idle --child run:first:total}) opening its share; it prints a JSON
 * line when its clients are registered and another with its result. The parent reads the server's memory
 * once every child has registered, and sums the results.
 */
final class IdleFleet {
    private final IdleConfig cfg;

    IdleFleet(IdleConfig cfg) {
        this.cfg = cfg;
    }

    BenchResult run() {
        BenchConfig c = cfg.common();
        int procs = cfg.procs();
        int biggest = (cfg.clients() + procs - 1) / procs;
        long usable = Limits.usableConnections();
        if (biggest > usable) {
            throw new UserFacingException("--procs " + procs + " puts " + biggest + " connections in each process,"
                    + " more than one process may open (" + usable + "); use --procs "
                    + (cfg.clients() + usable - 1) / usable + " or more");
        }
        long rssBefore = cfg.serverPid() > 0 ? ServerMemory.rssBytes(cfg.serverPid()) : -1;
        long started = System.nanoTime();
        CountDownLatch registered = new CountDownLatch(procs);
        Map<Integer, Map<String, Number>> events = new ConcurrentHashMap<>();
        Map<Integer, Map<String, Number>> results = new ConcurrentHashMap<>();
        List<Process> children = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        try {
            int first = 0;
            for (int k = 0; k < procs; k++) {
                int share = cfg.clients() / procs + (k < cfg.clients() % procs ? 1 : 0);
                Process p = start(childArgs(share, first));
                first += share;
                children.add(p);
                int index = k;
                Thread t = Thread.ofPlatform().daemon().name("bench-child-" + k).start(
                        () -> readChild(p, index, registered, events, results));
                readers.add(t);
            }
            long connectBound = c.connectTimeout().toNanos() * 2 + TimeUnit.SECONDS.toNanos(30 + cfg.clients() / 500);
            await(registered, connectBound);
            double connectSeconds = (System.nanoTime() - started) / 1e9;
            long rssAfter = cfg.serverPid() > 0 ? ServerMemory.rssBytes(cfg.serverPid()) : -1;
            long up0 = events.values().stream().mapToLong(e -> e.getOrDefault("registered", 0).longValue()).sum();
            if (c.progress() && up0 > 0) {
                long up = events.values().stream().mapToLong(e -> e.getOrDefault("registered", 0).longValue()).sum();
                System.err.println(String.format(Locale.ROOT, "[connect] %d of %d registered by %d processes in %.1fs,"
                        + " holding for %s", up, cfg.clients(), procs, connectSeconds, Durations.format(c.duration())));
            }
            long holdStart = System.nanoTime();
            long bound = c.duration().toNanos() + TimeUnit.SECONDS.toNanos(60);
            for (Thread t : readers) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(holdStart + bound - System.nanoTime())));
            }
            double wall = (System.nanoTime() - holdStart) / 1e9;
            return sum(events, results, connectSeconds, rssBefore, rssAfter, wall);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserFacingException("interrupted");
        } finally {
            for (Process p : children) {
                if (p.isAlive()) {
                    p.destroy(); // only the children this run started
                }
            }
        }
    }

    private BenchResult sum(Map<Integer, Map<String, Number>> events, Map<Integer, Map<String, Number>> results,
            double connectSeconds, long rssBefore, long rssAfter, double wall) {
        long registered = 0;
        long stayedUp = 0;
        double cpuSeconds = 0;
        double busiest = 0;
        for (int k = 0; k < cfg.procs(); k++) {
            Map<String, Number> e = events.getOrDefault(k, Map.of());
            Map<String, Number> r = results.getOrDefault(k, Map.of());
            registered += e.getOrDefault("registered", 0).longValue();
            stayedUp += r.getOrDefault("stayedUp", 0).longValue();
            cpuSeconds += r.getOrDefault("cpu.cpuSeconds", 0).doubleValue();
            busiest = Math.max(busiest, r.getOrDefault("cpu.busiestLoopPercent", 0).doubleValue());
        }
        if (registered == 0) {
            throw new UserFacingException("no client registered in any of the " + cfg.procs()
                    + " generator processes (their errors are above)");
        }
        Map<String, Number> r = new LinkedHashMap<>();
        r.put("requested", cfg.clients());
        r.put("registered", registered);
        r.put("failed", cfg.clients() - registered); // failed in a child, or never tried because it died
        r.put("stayedUp", stayedUp);
        r.put("dropped", registered - stayedUp);
        r.put("connectSeconds", Math.round(connectSeconds * 1000) / 1000.0);
        r.put("connectsPerSec", Math.round(registered / Math.max(1e-3, connectSeconds)));
        List<String> notes = new ArrayList<>();
        notes.add(cfg.procs() + " generator processes; counts are their sums");
        if (results.size() < cfg.procs()) {
            notes.add((cfg.procs() - results.size()) + " child process(es) gave no result (see their errors above)");
        }
        Meter.Cpu cpu = new Meter.Cpu(cpuSeconds, wall, Runtime.getRuntime().availableProcessors(), busiest);
        return new BenchResult("idle", IdleRun.params(cfg), IdleRun.withMemory(r, rssBefore, rssAfter, registered),
                null, List.of(), cpu, notes);
    }

    private List<String> childArgs(int share, int first) {
        BenchConfig c = cfg.common();
        List<String> a = new ArrayList<>(List.of("bench", "idle",
                "--host", c.host(), "--port", Integer.toString(c.port()),
                "--clients", Integer.toString(share),
                "--duration", Durations.format(c.duration()),
                "--threads", Integer.toString(c.threads()),
                "--transport", c.transport(),
                "--connect-concurrency", Integer.toString(Math.max(1, c.connectConcurrency() / cfg.procs())),
                "--connect-rate", Integer.toString(c.connectRate() / cfg.procs()),
                "--connect-timeout", Durations.format(c.connectTimeout()),
                "--child", cfg.run() + ":" + first + ":" + cfg.clients()));
        if (c.tls()) {
            a.add("--tls");
        }
        if (c.proto() != Proto.LINE) {
            a.addAll(List.of("--proto", c.proto().toString()));
        }
        return a;
    }

    /** Starts this same program with the same JVM and JVM flags; stderr goes straight to ours. */
    private static Process start(List<String> args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib:jdwp") && !a.startsWith("-javaagent")) {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("sori.Main");
        cmd.addAll(args);
        try {
            return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UserFacingException("cannot start a generator process: " + e.getMessage());
        }
    }

    private static void readChild(Process p, int index, CountDownLatch registered,
            Map<Integer, Map<String, Number>> events, Map<Integer, Map<String, Number>> results) {
        boolean counted = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.startsWith("{")) {
                    continue;
                }
                Map<String, Number> fields = JsonReport.numbers(line);
                if (line.contains("\"event\":\"registered\"")) {
                    events.put(index, fields);
                    if (!counted) {
                        counted = true;
                        registered.countDown();
                    }
                } else if (line.contains("\"scenario\"")) {
                    results.put(index, fields);
                }
            }
        } catch (IOException e) {
            System.err.println(String.format(Locale.ROOT, "sori bench: child %d: %s", index, e.getMessage()));
        } finally {
            if (!counted) {
                registered.countDown(); // a child that died still must not hold the others up
            }
        }
    }

    private static void await(CountDownLatch latch, long nanos) throws InterruptedException {
        if (!latch.await(nanos, TimeUnit.NANOSECONDS)) {
            throw new UserFacingException("generator processes did not finish connecting in time");
        }
    }
}
