package sori.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: Debian's {@code postgresql} binaries, a cluster in a temporary
 * directory, loopback on a free port, trust authentication. Run as the {@code postgres} user when the tests
 * run as root (PostgreSQL refuses root). Stopped and deleted by {@link #close} and at JVM exit. Public for the
 * cluster tests, whose shared store is PostgreSQL.
 */
public final class PostgresServer implements AutoCloseable {

    static final String PACKAGE_HINT = "the PostgreSQL tests need Debian's server binaries: apt-get install postgresql";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final Thread cleanup;

    /** One server for the whole test run, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    static PostgresServer start() {
        // Where the server binaries are missing: in CI that is a failure (.ci/run installs them, and
        // nothing may be skipped there); on a developer's machine the tests skip and the build's last
        // line says what to install.
        if (!"true".equals(System.getenv("CI"))) {
            sori.testing.Needs.tool(installed(), "PostgreSQL's server binaries", "apt-get install postgresql");
        }
        try {
            return new PostgresServer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start PostgreSQL for tests: " + e.getMessage(), e);
        }
    }

    private PostgresServer() throws IOException {
        this.bin = binaries();
        this.dir = Files.createTempDirectory("sori-pg-");
        this.port = freePort();
        if (root()) {
            run(List.of("chown", "postgres:postgres", dir.toString()), false);
        }
        this.cleanup = new Thread(this::stopAndDelete, "sori-pg-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"), true);
        startServer();
    }

    private static boolean installed() {
        try {
            binaries();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static Path binaries() {
        Path preferred = Path.of("/usr/lib/postgresql/15/bin");
        if (Files.isExecutable(preferred.resolve("initdb"))) {
            return preferred;
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder())
                    .orElseThrow(() -> new IllegalStateException(PACKAGE_HINT + " (no initdb in /usr/lib/postgresql)"));
        } catch (IOException e) {
            throw new IllegalStateException(PACKAGE_HINT + " (no /usr/lib/postgresql/15/bin/initdb)");
        }
    }

    int port() {
        return port;
    }

    /** Starts the server (again, after {@link #stop}) on the same port and data. */
    void startServer() throws IOException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
                        + " -c shared_buffers=32MB -c max_connections=50",
                "start"), true);
    }

    /** Stops the server now (clients see their connections cut). */
    void stop() throws IOException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
                "stop"), true);
    }

    /** CPU time (user and system, in clock ticks of 10 ms) of the server: the postmaster and its children. */
    long cpuTicks() {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid")).getFirst().strip());
            long ticks = 0;
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                    String stat;
                    try {
                        stat = Files.readString(p.resolve("stat"));
                    } catch (IOException gone) {
                        continue;
                    }
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(p.getFileName().toString());
                    if (pid == postmaster || Long.parseLong(f[1]) == postmaster) {
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                }
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A new, empty database: its {@code --store} URL. */
    public String newDatabase() {
        String name = "sori_test_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
        return "postgresql://postgres@127.0.0.1:" + port + "/" + name;
    }

    @Override
    public void close() {
        stopAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }

    private synchronized void stopAndDelete() {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                stop();
            }
        } catch (IOException | RuntimeException ignored) {
            // delete anyway
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void run(List<String> command, boolean asPostgres) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres && root()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8)
                        + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private String logTail() {
        try {
            return "\n" + Files.readString(dir.resolve("log"));
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
