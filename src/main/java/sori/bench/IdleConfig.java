package sori.bench;

/**
 * An idle run: open and register {@code clients} connections and hold them.
 *
 * @param common shared options (warmup is not used)
 * @param clients connections to open, over all processes
 * @param procs generator processes to spread them over (1 = this process only)
 * @param serverPid the server's process id for memory readings, or 0 for none
 * @param run the run number names are made from ({@code b<run>-<i>}); children inherit the parent's
 * @param firstIndex the index of this process's first client (non-zero in child processes)
 * @param total clients over all processes (source addresses are chosen by the overall index)
 * @param child true in a child process: prints a registered event and its result as JSON lines
 */
public record IdleConfig(BenchConfig common, int clients, int procs, long serverPid, int run, int firstIndex,
        int total, boolean child) {

    public static final int DEFAULT_CLIENTS = 100;
    public static final int DEFAULT_PROCS = 1;

    public IdleConfig {
        if (common == null) {
            throw new IllegalArgumentException("common options missing");
        }
        if (clients < 1) {
            throw new IllegalArgumentException("--clients must be at least 1");
        }
        if (procs < 1 || procs > 64 || procs > clients) {
            throw new IllegalArgumentException("--procs must be 1..64 and at most --clients");
        }
        if (serverPid < 0) {
            throw new IllegalArgumentException("--server-pid must be a process id");
        }
        if (run < 0 || firstIndex < 0 || total < firstIndex + clients) {
            throw new IllegalArgumentException("run, first index and total do not fit together");
        }
    }

    public static IdleConfig of(BenchConfig common, int clients) {
        return new IdleConfig(common, clients, DEFAULT_PROCS, 0, Marker.newRunId(), 0, clients, false);
    }
}
