package sori.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sori server} as a real child process, as an operator runs it: this JVM's {@code java} on the test class
 * path, {@code sori.Main}, on loopback with every port free ({@code --port 0}, web and IRC on ports picked free, the
 * metrics port following the chat port's 0), and the ports read back from the start-up lines. Its output (stdout and stderr, in order) goes to a
 * file for failure messages. {@link #stop} is SIGTERM, {@link #kill9} SIGKILL; {@link #close} stops it whatever
 * happened, and a JVM exiting early takes its nodes along.
 */
public final class SoriNode implements AutoCloseable {

    /** A JVM start, a store's migrations and Redis: bounded, but generous on a shared two-core machine. */
    public static final Duration START = Duration.ofSeconds(90);
    /** Goodbyes take at most --drain-timeout (5 s); the rest is the JVM going away. */
    public static final Duration STOP = Duration.ofSeconds(30);

    private static final Pattern CHAT = Pattern.compile(" chat on \\S+:(\\d+) ");
    private static final Pattern WEB = Pattern.compile(" web on https?://localhost:(\\d+)");
    private static final Pattern IRC = Pattern.compile(" IRC on \\S+:(\\d+)");
    private static final Pattern METRICS = Pattern.compile("^metrics on http://\\S+:(\\d+)/metrics");
    private static final String EOF = "\u0000EOF";

    private final String name;
    private final Process process;
    private final Path log;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread pump;
    private final Thread cleanup;
    private String banner;
    private int chatPort;
    private int webPort;
    private int ircPort;
    private int metricsPort;

    private SoriNode(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.pump = Thread.ofVirtual().name("sori-node-" + name).start(this::pump);
        this.cleanup = new Thread(process::destroyForcibly, "sori-node-cleanup-" + name);
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /**
     * Starts {@code sori server} with {@code args} after the free-port and loopback flags (a later flag wins, so
     * {@code args} may set any of them) and waits until it has printed where it listens. Its data directory and
     * output file are under {@code dir}. Fails, with its output, when it exits or does not listen within {@link #START}.
     */
    public static SoriNode start(Path dir, String name, String... args) throws IOException {
        SoriNode n = launch(dir, name, args);
        try {
            n.awaitListening(!metricsOff(args));
        } catch (RuntimeException | Error e) {
            n.close();
            throw e;
        }
        return n;
    }

    /**
     * Runs {@code sori server} with {@code args} to its end, for a start that must be refused: the exit code and
     * everything it printed. Fails if it is still running after {@link #START}.
     */
    public static Exited run(Path dir, String name, String... args) throws IOException {
        try (SoriNode n = launch(dir, name, args)) {
            int code = n.awaitExit(START);
            return new Exited(code, n.output());
        }
    }

    private static boolean metricsOff(String... args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--metrics-port") && args[i + 1].equals("0")) {
                return true;
            }
        }
        return false;
    }

    /** How a refused start ended. */
    public record Exited(int code, String output) {}

    private static SoriNode launch(Path dir, String name, String... args) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        if (Runtime.version().feature() >= 24) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        // Several nodes share a small machine with the test: small heaps, and the quick compiler only.
        cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "sori.Main", "server",
                "--host", "127.0.0.1", "--port", "0", "--web-port", freePort(), "--irc-port", freePort(), "--threads", "2",
                "--data-dir", home.resolve("data").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
        // Only what the test gives: a developer's SORI_* settings must not change the node.
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("SORI_"));
        Path log = home.resolve("output.log");
        return new SoriNode(name, pb.start(), log);
    }

    /**
     * A port free now, for the web and IRC listeners: on the command line their port 0 turns them off (only the
     * chat port takes 0 for "any"). Another process could take it before the node binds; it would say so and exit.
     */
    private static String freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return String.valueOf(s.getLocalPort());
        }
    }

    /** Copies the process's output to the file and hands each line to whoever waits for one. */
    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                lines.add(line);
            }
        } catch (IOException e) {
            // the process is gone; what it said is in the file
        }
        lines.add(EOF);
    }

    /** Waits for the banner, and for the metrics line after it unless {@code --metrics-port 0} turned it off. */
    private void awaitListening(boolean metricsOn) {
        long deadline = System.nanoTime() + START.toNanos();
        while (banner == null || (metricsOn && metricsPort == 0)) {
            String line = nextLine(deadline);
            if (line == null) {
                fail("node " + name + " did not listen within " + START.toSeconds() + " s; its output:\n" + output());
            }
            if (line.equals(EOF)) {
                fail("node " + name + " exited before it listened; its output:\n" + output());
            }
            Matcher chat = CHAT.matcher(line);
            Matcher metrics = METRICS.matcher(line);
            if (banner == null && line.startsWith("sori ") && chat.find()) {
                banner = line;
                chatPort = Integer.parseInt(chat.group(1));
                webPort = port(WEB, line);
                ircPort = port(IRC, line);
            } else if (metrics.find()) {
                metricsPort = Integer.parseInt(metrics.group(1));
            }
        }
    }

    private static int port(Pattern p, String line) {
        Matcher m = p.matcher(line);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private String nextLine(long deadline) {
        try {
            return lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The start-up line. */
    public String banner() {
        return banner;
    }

    public String name() {
        return name;
    }

    public InetSocketAddress chat() {
        return new InetSocketAddress("127.0.0.1", chatPort);
    }

    /** The IRC port; fails when IRC is off. */
    /**
     * A raw IRC client on this node, registered as {@code nick} with {@code echo-message}, so its own lines come
     * back as everyone else's do; returns once the welcome ({@code 001}) came.
     */
    public LineClient ircClient(String nick) throws java.io.IOException {
        LineClient i = new LineClient(irc());
        i.send("CAP LS 302\r").send("CAP REQ :echo-message\r").send("NICK " + nick + "\r")
                .send("USER " + nick + " 0 * :" + nick + "\r").send("CAP END\r");
        i.expect(l -> l.contains(" 001 " + nick + " "));
        return i;
    }

    public InetSocketAddress irc() {
        if (ircPort == 0) {
            fail("node " + name + " has IRC off: " + banner);
        }
        return new InetSocketAddress("127.0.0.1", ircPort);
    }

    /** The WebSocket's address; fails when the web is off. */
    public URI webSocket() {
        if (webPort == 0) {
            fail("node " + name + " has the web off: " + banner);
        }
        return URI.create("ws://127.0.0.1:" + webPort + "/ws");
    }

    /** Where /metrics, /healthz and /readyz answer; fails when the metrics port is off. */
    public URI metrics(String path) {
        if (metricsPort == 0) {
            fail("node " + name + " has its metrics port off");
        }
        return URI.create("http://127.0.0.1:" + metricsPort + path);
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Everything the node printed so far (what reached the file). */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /**
     * SIGTERM, as Ctrl-C or systemd stops it; waits at most {@link #STOP} and returns the exit code. Sent through the
     * process handle: {@link Process#destroy} would also close our end of its output, losing what it says on the way out.
     */
    public int stop() {
        process.toHandle().destroy();
        return awaitExit(STOP);
    }

    /** SIGKILL, as {@code kill -9}: no goodbye, no lease deleted. Returns once the process is gone. */
    public void kill9() {
        process.toHandle().destroyForcibly();
        awaitExit(STOP);
    }

    private int awaitExit(Duration wait) {
        try {
            if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("node " + name + " still running after " + wait.toSeconds() + " s; its output:\n" + output());
            }
            // The pump has the last lines once the output ends; wait for it so output() has everything.
            pump.join(STOP.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            fail("interrupted waiting for node " + name);
        }
        return process.exitValue();
    }

    /** Stops the node if it still runs: SIGTERM, then SIGKILL after {@link #STOP}. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.toHandle().destroy();
                if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.toHandle().destroyForcibly();
                    process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            pump.join(STOP.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException ignored) {
                // the JVM is exiting: the hook runs anyway
            }
        }
    }

    @Override
    public String toString() {
        return "node " + name + " (pid " + process.pid() + ")";
    }
}
