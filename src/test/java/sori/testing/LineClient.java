package sori.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A plain-text chat client for tests: a real socket, a reader thread that splits what arrives into
 * lines (a trailing prompt without newline counts as a line), and bounded waits for what a test expects.
 */
public final class LineClient implements AutoCloseable {

    /** How long any single expectation may take before the test fails. */
    public static final Duration WAIT = Duration.ofSeconds(20);
    private static final String EOF = "\u0000EOF";

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final Thread reader;

    public LineClient(InetSocketAddress server) throws IOException {
        this(plain(server));
    }

    /** Speaks over a socket already connected (and, for TLS, set up); closes it at the end. */
    public LineClient(Socket connected) throws IOException {
        socket = connected;
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        reader = Thread.ofVirtual().start(this::readLoop);
    }

    private static Socket plain(InetSocketAddress server) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.getPort()), 10_000);
        return s;
    }

    /** Connects and registers {@code name}, waiting until the welcome arrives. */
    public static LineClient named(InetSocketAddress server, String name) throws IOException {
        LineClient c = new LineClient(server);
        c.expect(l -> l.endsWith(": "));
        c.send(name);
        c.expect(l -> l.contains("Welcome") || l.contains("환영"));
        return c;
    }

    private void readLoop() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try (InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        line.write(buf, start, i - start);
                        lines.add(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                        start = i + 1;
                    }
                }
                line.write(buf, start, n - start);
                // A prompt ends without a newline; when nothing else is buffered, hand it over as is.
                if (line.size() > 0 && line.size() < 256 && in.available() == 0
                        && line.toString(StandardCharsets.UTF_8).endsWith(": ")) {
                    lines.add(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                }
            }
        } catch (IOException e) {
            // closed or reset: report as end of stream
        }
        if (line.size() > 0) {
            lines.add(line.toString(StandardCharsets.UTF_8));
        }
        lines.add(EOF);
    }

    public LineClient send(String line) throws IOException {
        return sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public LineClient sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Waits for the next line matching {@code p}, skipping others; fails after {@link #WAIT}. */
    public String expect(Predicate<String> p) {
        return expect(p, WAIT);
    }

    public String expect(Predicate<String> p, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            String l = poll(deadline);
            if (l == null) {
                fail("timed out waiting; lines so far: " + tail());
            }
            if (l.equals(EOF)) {
                lines.add(EOF);
                fail("connection closed while waiting; lines so far: " + tail());
            }
            if (p.test(l)) {
                return l;
            }
        }
    }

    /**
     * Reads {@code count} lines matching {@code wanted} on every client at once, and asserts that all
     * of them saw the same lines in the same order; returns that order.
     */
    public static List<String> sameOrderForAll(java.util.concurrent.ExecutorService pool, List<LineClient> clients,
            int count, Predicate<String> wanted) throws Exception {
        List<java.util.concurrent.Future<List<String>>> received = new ArrayList<>();
        for (LineClient c : clients) {
            received.add(pool.submit(() -> {
                List<String> got = new ArrayList<>(count);
                while (got.size() < count) {
                    got.add(c.expect(wanted));
                }
                return got;
            }));
        }
        List<String> reference = received.get(0).get();
        for (java.util.concurrent.Future<List<String>> f : received) {
            org.assertj.core.api.Assertions.assertThat(f.get()).isEqualTo(reference);
        }
        return reference;
    }

    /** Waits for a line equal to {@code text}. */
    public String expectLine(String text) {
        return expect(text::equals);
    }

    /** The next line, whatever it is. */
    public String next() {
        return expect(l -> true);
    }

    /** Waits until the server closes the connection; returns the lines that came before. */
    public List<String> expectClosed() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> before = new ArrayList<>();
        while (true) {
            String l = poll(deadline);
            if (l == null) {
                fail("timed out waiting for the server to close; lines so far: " + tail());
            }
            if (l.equals(EOF)) {
                lines.add(EOF);
                return before;
            }
            before.add(l);
        }
    }

    private String poll(long deadline) {
        try {
            String l = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (l != null && !l.equals(EOF)) {
                synchronized (seen) {
                    seen.add(l);
                }
            }
            return l;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private List<String> tail() {
        synchronized (seen) {
            return List.copyOf(seen.subList(Math.max(0, seen.size() - 15), seen.size()));
        }
    }

    public Socket socket() {
        return socket;
    }

    /** Closes with a reset (SO_LINGER 0), as a crashed client would. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
