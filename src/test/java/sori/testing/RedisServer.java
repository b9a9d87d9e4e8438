package sori.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Redis for tests: Debian's {@code redis-server} on a free loopback port, its files in a temporary
 * directory, append-only file on (as {@code docs/cluster.md} asks of production), so a {@link #restart}
 * keeps what was written. {@link #cluster} starts three masters with {@code --cluster-enabled yes} and
 * joins them with {@code redis-cli --cluster create}. Stopped (by PID) and deleted by {@link #close} and
 * at JVM exit.
 */
public final class RedisServer implements AutoCloseable {

    private static final String INSTALL = "apt-get install redis-server";

    private final Path dir;
    private final int port;
    private final boolean clustered;
    private final Thread cleanup;
    private Process process;

    private RedisServer(Path dir, int port, boolean clustered) {
        this.dir = dir;
        this.port = port;
        this.clustered = clustered;
        this.cleanup = new Thread(this::stopAndDelete, "sori-redis-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** One standalone server, started. */
    public static RedisServer start() {
        need();
        try {
            RedisServer r = new RedisServer(Files.createTempDirectory("sori-redis-"), freePort(), false);
            r.launch();
            return r;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server for tests: " + e.getMessage(), e);
        }
    }

    /** Three masters joined into one Redis Cluster (no replicas), every slot covered. */
    public static Cluster cluster() {
        need();
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RedisServer r = new RedisServer(Files.createTempDirectory("sori-redis-c" + i + "-"), freeClusterPort(), true);
                nodes.add(r);
                r.launch();
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            nodes.forEach(n -> create.add("127.0.0.1:" + n.port));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            run(create);
            Cluster c = new Cluster(List.copyOf(nodes));
            c.awaitOk();
            return c;
        } catch (IOException | RuntimeException e) {
            nodes.forEach(RedisServer::close);
            throw new IllegalStateException("cannot start a Redis Cluster for tests: " + e.getMessage(), e);
        }
    }

    private static void need() {
        // In CI a missing binary is a failure (.ci/run installs it); elsewhere the test skips and says why.
        if (!"true".equals(System.getenv("CI"))) {
            Needs.tool(Needs.onPath("redis-server") && Needs.onPath("redis-cli"), "redis-server", INSTALL);
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}, what {@code --cluster} takes. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the server at once ({@code SIGKILL}): clients see their connections cut, nothing is saved. */
    public void kill() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts it again on the same port and files (after {@link #kill}): the append-only file is replayed. */
    public void restart() {
        kill();
        try {
            launch();
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart redis-server: " + e.getMessage(), e);
        }
    }

    /** Runs {@code redis-cli -p PORT args...} and returns what it printed. */
    public String cli(String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        try {
            return run(command);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "yes",
                "--appendfsync", "no", "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString(),
                "--protected-mode", "no"));
        if (clustered) {
            command.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file",
                    dir.resolve("nodes.conf").toString(), "--cluster-node-timeout", "2000"));
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!answersPing()) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited: " + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("redis-server did not answer PING within 30 s: " + tail());
            }
            try {
                Thread.sleep(20); // polling a process we started, bounded by the deadline above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private boolean answersPing() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(1000);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] b = new byte[7];
            int n = s.getInputStream().read(b);
            return n > 0 && new String(b, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("redis.log"));
            return lines.subList(Math.max(0, lines.size() - 10), lines.size()).stream().collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * A port that is free with the one 10000 above it, which a cluster node takes for its bus: both
     * below the kernel's ephemeral range (32768 and up here), where a client socket opened meanwhile
     * could take the bus port before the node binds it.
     */
    private static int freeClusterPort() throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int tries = 0; tries < 200; tries++) {
            int port = 20000 + random.nextInt(2700);
            if (bindable(port) && bindable(port + 10000)) {
                return port;
            }
        }
        throw new IOException("no free port pair (p, p + 10000) in 20000-32699");
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
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
        kill();
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind
        }
    }

    /** Three clustered masters. */
    public record Cluster(List<RedisServer> nodes) implements AutoCloseable {

        /** {@code redis+cluster://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3}, what {@code --cluster} takes. */
        public String url() {
            return "redis+cluster://" + nodes.stream().map(n -> "127.0.0.1:" + n.port).collect(Collectors.joining(","));
        }

        void awaitOk() throws IOException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                boolean ok = true;
                for (RedisServer n : nodes) {
                    ok &= n.cli("CLUSTER", "INFO").contains("cluster_state:ok");
                }
                if (ok) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the cluster did not reach cluster_state:ok within 60 s");
                }
                try {
                    Thread.sleep(50); // polling the servers' own state, bounded by the deadline above
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }

        @Override
        public void close() {
            nodes.forEach(RedisServer::close);
        }
    }
}
