package sori.store;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import sori.chat.Event;

/**
 * The writer's sustained rate: each operation appends {@value #BLOCK} room events (16 rooms, 64-byte
 * messages) and waits until the last one's {@code committed} callback ran, so the score is events
 * committed per second, queue included. F3 asks for 200 000/s with no growing backlog: a score above it
 * means a steady 200 000/s leaves the queue empty between groups.
 * {@code bench/jmh StoreWriterBench} (PostgreSQL: Debian's binaries, as in the tests).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class StoreWriterBench {

    static final int BLOCK = 100_000;
    private static final int ROOMS = 16;
    private static final String TEXT = "a message of about sixty-four bytes, as the benchmarks send it..";

    @Param({"sqlite", "postgresql"})
    public String store;

    private Path dir;
    private PostgresServer pg;
    private Store s;
    private long seq;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("sori-bench-");
        String where = StoreOptions.SQLITE;
        if (store.equals("postgresql")) {
            pg = PostgresServer.start();
            where = pg.newDatabase();
        }
        s = Stores.open(new StoreOptions(where, dir, Durability.BATCH, Duration.ZERO, 0));
    }

    @TearDown(Level.Trial)
    public void close() {
        s.close();
        if (pg != null) {
            pg.close();
        }
        try (var all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temp dir left behind
        }
    }

    private long writerId = -1;
    private long cpuAtStart;
    private long seqAtStart;
    private long serverAtStart;

    /** The writer's CPU time per event: what the score would be on an idle core, shared machines aside. */
    @Setup(Level.Iteration)
    public void markCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (writerId < 0) {
            writerId = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("sori-store-writer"))
                    .mapToLong(Thread::threadId).findFirst().orElse(-1);
        }
        cpuAtStart = threads.getThreadCpuTime(writerId);
        serverAtStart = pg == null ? 0 : pg.cpuTicks();
        seqAtStart = seq;
    }

    @TearDown(Level.Iteration)
    public void reportCpu() {
        long cpu = ManagementFactory.getThreadMXBean().getThreadCpuTime(writerId) - cpuAtStart;
        long events = seq - seqAtStart;
        if (events > 0 && cpu > 0) {
            System.out.printf("  writer thread: %.2f us CPU per event = %,.0f events/s per core%n",
                    cpu / 1000.0 / events, events * 1e9 / cpu);
        }
        if (pg != null && events > 0) {
            long ticks = pg.cpuTicks() - serverAtStart;
            System.out.printf("  PostgreSQL server: %.2f us CPU per event = %,.0f events/s per core%n",
                    ticks * 10_000.0 / events, ticks == 0 ? 0 : events * 100.0 / ticks);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BLOCK)
    public void appendAndCommit() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 1; i <= BLOCK; i++) {
            long n = ++seq;
            String room = "room" + (n % ROOMS);
            s.append(new Event.Said(room, n / ROOMS + 1, n, "mina", TEXT), i == BLOCK ? done::countDown : null);
        }
        done.await();
    }
}
