package sori.chat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Time per Argon2id hash and verification at sori's parameters, as wall time and as the thread's own CPU
 * time. On a machine shared with other work the wall time swings with the load; the CPU time is what one
 * hash costs a core, and so what bounds the server's two hashing threads. Then two threads verifying at
 * once, as the server's pool does under a sign-in storm: verifications per second over both. Last, {@link Argon2id}
 * and Bouncy Castle's generator alternated in one thread: CPU time and heap allocated per hash of each.
 * Run by hand (bench/jmh builds the classpath; docs/security.md has the command):
 * {@code java -cp ... sori.chat.PasswordsTiming [ROUNDS]}.
 */
public final class PasswordsTiming {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final String PASSWORD = "bench-password-7";
    private static final int WARMUP = 20;

    private PasswordsTiming() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        String stored = Passwords.hash(PASSWORD);
        for (int i = 0; i < WARMUP; i++) { // the JIT: slow to finish when other work holds the cores
            Passwords.hash(PASSWORD);
            Passwords.verify(PASSWORD, stored);
        }
        long[][] hash = new long[2][rounds];
        long[][] verify = new long[2][rounds];
        for (int i = 0; i < rounds; i++) { // alternated, so a change in the load falls on both alike
            time(hash, i, () -> Passwords.hash(PASSWORD));
            time(verify, i, () -> Passwords.verify(PASSWORD, stored));
        }
        print("hash", hash);
        print("verify", verify);
        int each = Math.max(1, rounds / 2);
        CountDownLatch go = new CountDownLatch(1);
        long[] cpu = new long[2];
        Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int me = t;
            threads[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long c0 = MX.getCurrentThreadCpuTime();
                for (int i = 0; i < each; i++) {
                    Passwords.verify(PASSWORD, stored);
                }
                cpu[me] = MX.getCurrentThreadCpuTime() - c0;
            });
            threads[t].start();
        }
        long w0 = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double wall = (System.nanoTime() - w0) / 1e9;
        System.out.printf(Locale.ROOT, "two threads: %d verifications in %.2f s = %.1f/s; CPU per verification "
                + "%.1f ms; load average %s%n", 2 * each, wall, 2 * each / wall, (cpu[0] + cpu[1]) / 1e6 / (2 * each),
                loadAverage());
        // The same Argon2id run by Bouncy Castle's generator (what Passwords used before Argon2id), alternated with
        // ours in this one thread, so both see the same load: the CPU each costs, and the heap each allocates.
        byte[] pw = PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] salt = new byte[16];
        Argon2id ours = new Argon2id(Passwords.MEMORY_KIB);
        long[][] mine = new long[2][rounds];
        long[][] theirs = new long[2][rounds];
        for (int i = 0; i < rounds + WARMUP / 2; i++) {
            int at = Math.max(0, i - WARMUP / 2); // the first rounds only warm up, and are overwritten
            time(mine, at, () -> ours.hash(pw, salt, null, null, Passwords.MEMORY_KIB, Passwords.ITERATIONS, 1, 32));
            time(theirs, at, () -> Argon2idProperties.bouncyCastle(pw, salt, null, null, Passwords.MEMORY_KIB,
                    Passwords.ITERATIONS, 1, 32));
        }
        System.out.printf(Locale.ROOT, "alternated in one thread, CPU ms: Argon2id median %.1f, Bouncy Castle median "
                + "%.1f; heap per hash: %s and %s; load average %s%n", pct(mine[1], 50), pct(theirs[1], 50),
                allocated(() -> ours.hash(pw, salt, null, null, Passwords.MEMORY_KIB, Passwords.ITERATIONS, 1, 32)),
                allocated(() -> Argon2idProperties.bouncyCastle(pw, salt, null, null, Passwords.MEMORY_KIB,
                        Passwords.ITERATIONS, 1, 32)), loadAverage());
    }

    private static String allocated(Runnable op) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) MX;
        long before = mx.getCurrentThreadAllocatedBytes();
        op.run();
        return String.format(Locale.ROOT, "%.1f KiB", (mx.getCurrentThreadAllocatedBytes() - before) / 1024.0);
    }

    /** Puts the wall and CPU nanoseconds of one run of {@code op} at {@code i} of {@code into}. */
    private static void time(long[][] into, int i, Runnable op) {
        long c0 = MX.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        op.run();
        into[0][i] = System.nanoTime() - w0;
        into[1][i] = MX.getCurrentThreadCpuTime() - c0;
    }

    private static void print(String what, long[][] t) {
        System.out.printf(Locale.ROOT, "%-6s wall ms: median %.1f (p10 %.1f, p90 %.1f)   CPU ms: median %.1f "
                + "(p10 %.1f, p90 %.1f)   n=%d%n", what, pct(t[0], 50), pct(t[0], 10), pct(t[0], 90), pct(t[1], 50),
                pct(t[1], 10), pct(t[1], 90), t[0].length);
    }

    private static double pct(long[] v, int p) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, s.length * p / 100)] / 1e6;
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
