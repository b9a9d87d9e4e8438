package sori.bench;

import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import sori.UserFacingException;

/**
 * Runs a sign-in storm. First it prepares the accounts: each name signs in with its password, or, when it
 * is not an account yet, registers. Then {@code concurrency} workers each sign in again and again, one
 * connection at a time, with accounts of their own (so no account is signed in twice at once): connect,
 * name, password, welcome, {@code /quit}, wait for the close, next. Latency is from starting to connect to
 * the welcome line. Attempts that start during the warmup are not counted; every counted attempt ends in
 * exactly one of logins, wrong, throttled, busy, failed or unfinished.
 */
final class LoginRun {
    /** Past the time given to one attempt, how long stopping may take before attempts count as unfinished. */
    private static final long STOP_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(5);
    /**
     * Accounts prepared at once: the server hashes two at a time, so more would only wait in its queue, and
     * on a loaded server could wait past {@code --connect-timeout} and stop the run before it measured.
     */
    static final int PREPARE_CONCURRENCY = 2;

    private final LoginConfig cfg;
    private final BenchConfig c;
    private final AtomicInteger registered = new AtomicInteger();
    private final AtomicInteger existing = new AtomicInteger();
    private final AtomicReference<String> prepareFailure = new AtomicReference<>();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final AtomicLong measuredStarted = new AtomicLong();
    private final AtomicLong measuredDone = new AtomicLong();
    private final AtomicLong tickets = new AtomicLong();
    private final AtomicLong lastMeasuredEnd = new AtomicLong();
    private final AtomicInteger workersDone = new AtomicInteger();
    private volatile boolean stop;
    private Meter meter;
    private LineClient client;
    private long measureStart = Long.MAX_VALUE;
    private long measureEnd = Long.MAX_VALUE;

    LoginRun(LoginConfig cfg) {
        this.cfg = cfg;
        this.c = cfg.common();
    }

    BenchResult run() {
        if (c.proto() != Proto.LINE) {
            throw new UserFacingException("the login scenario speaks plain lines only; use --proto line");
        }
        meter = new Meter();
        Progress progress = new Progress(meter, c.progress(), this::status);
        Meter.Cpu cpu;
        String transport;
        double prepareSeconds;
        long windowEnd;
        try (LineClient lc = new LineClient(c, false)) {
            client = lc;
            transport = lc.transport().toString();
            long prepStart = System.nanoTime();
            prepare(progress);
            prepareSeconds = (System.nanoTime() - prepStart) / 1e9;
            progress.note("[prepare] " + registered.get() + " accounts made, " + existing.get() + " already there, in "
                    + String.format(Locale.ROOT, "%.1f s", prepareSeconds));

            long base = System.nanoTime();
            measureStart = base + c.warmup().toNanos();
            measureEnd = measureStart + c.duration().toNanos();
            List<Worker> workers = new ArrayList<>();
            for (int w = 0; w < cfg.concurrency(); w++) {
                workers.add(new Worker(w, lc.group().next()));
            }
            for (Worker w : workers) {
                w.exec.execute(w::next);
            }
            progress.waitUntil(measureStart, () -> false);
            meter.markMeasureStart();
            boolean reached = progress.waitUntil(measureEnd,
                    () -> cfg.logins() > 0 && measuredDone.get() >= cfg.logins());
            cpu = meter.cpuSinceMark();
            windowEnd = reached ? Math.max(measureStart + 1, lastMeasuredEnd.get()) : measureEnd;
            stop = true;
            progress.waitUntil(System.nanoTime() + c.connectTimeout().toNanos() * 2 + STOP_MARGIN_NANOS,
                    () -> workersDone.get() == cfg.concurrency());
            progress.endLine();
        }
        meter.finish();
        return result(transport, prepareSeconds, (windowEnd - measureStart) / 1e9, cpu);
    }

    /**
     * Makes sure every account exists with its password, {@link #PREPARE_CONCURRENCY} at a time; throws on the
     * first refusal.
     */
    private void prepare(Progress progress) {
        AtomicInteger chainsDone = new AtomicInteger();
        int n = Math.min(cfg.concurrency(), PREPARE_CONCURRENCY);
        for (int w = 0; w < n; w++) {
            prepareFrom(w, n, chainsDone);
        }
        long perChain = (cfg.users() + n - 1) / n;
        long cap = System.nanoTime() + perChain * (c.connectTimeout().toNanos() * 2 + STOP_MARGIN_NANOS);
        boolean done = progress.waitUntil(cap, () -> chainsDone.get() == n);
        String failure = prepareFailure.get();
        if (failure != null) {
            stop = true;
            throw new UserFacingException(failure);
        }
        if (!done) {
            stop = true;
            throw new UserFacingException("preparing the accounts stalled");
        }
    }

    private void prepareFrom(int user, int stride, AtomicInteger chainsDone) {
        if (user >= cfg.users() || prepareFailure.get() != null) {
            chainsDone.incrementAndGet();
            return;
        }
        attempt(LoginClient.Mode.PREPARE, user).whenComplete((a, e) -> {
            String name = cfg.name(user);
            if (e != null) {
                prepareFailure.compareAndSet(null, "cannot prepare the account " + name + ": " + e);
            } else {
                switch (a.outcome()) {
                    case REGISTERED -> registered.incrementAndGet();
                    case EXISTING -> existing.incrementAndGet();
                    case WRONG -> prepareFailure.compareAndSet(null, "the account " + name + " exists with another "
                            + "password: choose another --name-prefix or --password-prefix");
                    case THROTTLED -> prepareFailure.compareAndSet(null, "the server throttles sign-ins to " + name
                            + " after failed ones (" + a.detail() + "): wait, or choose another --name-prefix");
                    case BUSY -> prepareFailure.compareAndSet(null, "the server's sign-in queue is full: "
                            + "use a lower --concurrency");
                    default -> prepareFailure.compareAndSet(null, registered.get() + existing.get() == 0
                            ? a.detail() // the first attempts: usually "cannot connect to ...", said as is
                            : "cannot prepare the account " + name + ": " + a.detail());
                }
            }
            prepareFrom(user + stride, stride, chainsDone);
        });
    }

    /** One connection's sign-in (or preparation), bounded by {@code --connect-timeout} once connected. */
    private CompletableFuture<LoginClient.Attempt> attempt(LoginClient.Mode mode, int user) {
        LoginClient h = new LoginClient(mode, cfg.name(user), cfg.password(user), System.nanoTime());
        ChannelFuture f = client.open(h);
        f.addListener((ChannelFuture cf) -> {
            if (!cf.isSuccess()) {
                h.connectFailed(client.describe(cf.cause()));
                return;
            }
            ScheduledFuture<?> timer = cf.channel().eventLoop().schedule(
                    () -> h.timeout("no welcome within " + Durations.format(c.connectTimeout())
                            + " (is this a sori chat server?)"),
                    c.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
            h.result().whenComplete((a, e) -> timer.cancel(false));
        });
        return h.result();
    }

    /** One connection slot of the storm: its accounts are {@code w, w + concurrency, w + 2 concurrency ...}. */
    private final class Worker {
        private final int w;
        private final int accounts;
        private final EventExecutor exec;
        private int k;

        Worker(int w, EventExecutor exec) {
            this.w = w;
            this.exec = exec;
            this.accounts = (cfg.users() - w + cfg.concurrency() - 1) / cfg.concurrency();
        }

        void next() {
            long now = System.nanoTime();
            boolean measured = now >= measureStart;
            if (stop || now >= measureEnd || measured && cfg.logins() > 0 && tickets.incrementAndGet() > cfg.logins()) {
                workersDone.incrementAndGet();
                return;
            }
            if (measured) {
                measuredStarted.incrementAndGet();
            }
            int user = w + cfg.concurrency() * (k++ % accounts);
            attempt(LoginClient.Mode.LOGIN, user).whenComplete((a, e) -> {
                record(a, e, measured);
                exec.execute(this::next); // not from inside the completion: no recursion when connects fail fast
            });
        }
    }

    /** Counts one attempt on the calling thread's stats (each thread writes only its own). */
    private void record(LoginClient.Attempt a, Throwable e, boolean measured) {
        LoopStats s = meter.forCurrentThread();
        LoginClient.Outcome o = a == null ? LoginClient.Outcome.FAILED : a.outcome();
        s.inc(LoopStats.Counter.SENT_ALL);
        if (o == LoginClient.Outcome.OK) {
            s.inc(LoopStats.Counter.DELIVERED_ALL);
            if (a.welcomeNanos() >= measureStart && a.welcomeNanos() < measureEnd) {
                s.inc(LoopStats.Counter.DELIVERED);
            }
        }
        if (!measured) {
            return;
        }
        s.inc(LoopStats.Counter.SENT);
        switch (o) {
            case OK -> {
                s.inc(LoopStats.Counter.LOGINS);
                s.latency.recordValue(Math.max(0, a.welcomeNanos() - a.startNanos()));
            }
            case WRONG -> s.inc(LoopStats.Counter.WRONG);
            case THROTTLED -> s.inc(LoopStats.Counter.THROTTLED);
            case BUSY -> s.inc(LoopStats.Counter.BUSY);
            default -> {
                s.inc(LoopStats.Counter.FAILED);
                firstFailure.compareAndSet(null, a == null ? String.valueOf(e) : a.detail());
            }
        }
        lastMeasuredEnd.accumulateAndGet(System.nanoTime(), Math::max);
        measuredDone.incrementAndGet();
    }

    private BenchResult result(String transport, double prepareSeconds, double windowSeconds, Meter.Cpu cpu) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("host", c.host() + ":" + c.port());
        params.put("tls", c.tls());
        params.put("users", cfg.users());
        params.put("concurrency", cfg.concurrency());
        params.put("logins", cfg.logins() == 0 ? "until --duration ends" : Long.toString(cfg.logins()));
        params.put("names", cfg.name(0) + " .. " + cfg.name(cfg.users() - 1));
        params.put("duration", Durations.format(c.duration()));
        params.put("warmup", Durations.format(c.warmup()));
        params.put("threads", c.threads());
        params.put("transport", transport);
        long logins = meter.sum(LoopStats.Counter.LOGINS);
        long wrong = meter.sum(LoopStats.Counter.WRONG);
        long throttled = meter.sum(LoopStats.Counter.THROTTLED);
        long busy = meter.sum(LoopStats.Counter.BUSY);
        long failed = meter.sum(LoopStats.Counter.FAILED);
        long attempts = measuredStarted.get();
        long welcomesInWindow = meter.sum(LoopStats.Counter.DELIVERED);
        Map<String, Number> r = new LinkedHashMap<>();
        r.put("registered", registered.get());
        r.put("existing", existing.get());
        r.put("prepareSeconds", round(prepareSeconds, 1000));
        r.put("attempts", attempts);
        r.put("logins", logins);
        r.put("wrong", wrong);
        r.put("throttled", throttled);
        r.put("busy", busy);
        r.put("failed", failed);
        r.put("unfinished", Math.max(0, attempts - logins - wrong - throttled - busy - failed));
        // Every attempt, warmup and the ones still going when the window closed included: with "existing",
        // the password checks the server did for this run (server CPU per sign-in).
        r.put("allAttempts", meter.sum(LoopStats.Counter.SENT_ALL));
        r.put("windowSeconds", round(windowSeconds, 1000));
        r.put("loginsPerSec", round(welcomesInWindow / Math.max(1e-9, windowSeconds), 10));
        List<String> notes = new ArrayList<>();
        notes.add("latency: from starting to connect to the welcome line (name, password prompt, the server's "
                + "Argon2id check, welcome); loginsPerSec: welcomes inside the measured window over its length");
        if (firstFailure.get() != null) {
            notes.add("first failure: " + firstFailure.get());
        }
        if (throttled > 0) {
            notes.add("the server throttles after failed sign-ins (per account and per address): wrong passwords?");
        }
        if (busy > 0) {
            notes.add("the server's sign-in queue was full: lower --concurrency");
        }
        String cpuNote = BenchResult.cpuNote(cpu);
        if (cpuNote != null) {
            notes.add(cpuNote);
        }
        return new BenchResult("login", params, r, meter.latency(), meter.timeline(), cpu, notes);
    }

    private static double round(double v, int per) {
        return Math.round(v * per) / (double) per;
    }

    private String status(Meter.Sample s) {
        if (s.seconds() > 0 && measureStart == Long.MAX_VALUE) {
            return String.format(Locale.ROOT, "[%.0fs] preparing: %d made, %d there, of %d", s.seconds(),
                    registered.get(), existing.get(), cfg.users());
        }
        return String.format(Locale.ROOT, "[%.0fs] sign-ins %s (%s/s) p99 %s cpu %.2f cores", s.seconds(),
                Progress.human(s.deliveredAll()), Progress.human(s.deliveredPerSec()), Progress.ms(s.p99Ms()),
                s.cpuPercent() / 100);
    }
}
