package sori.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The client side of {@code bench/soak}: many plain-text clients that join, chat in one of a few
 * rooms, check that their own lines come back, and leave in one of three ways (end, close, reset) to
 * come back as someone new, until the time is up. Only the JDK: run it from {@code target/test-classes}.
 *
 * <pre>java -cp target/test-classes sori.soak.SoakMain --port 9999 --clients 1000 --duration 600 [--warmup]</pre>
 *
 * Exits 0 when every session registered and saw its own lines, 1 otherwise.
 */
public final class SoakMain {

    private static final int ROOMS = 20;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String host;
    private final int port;
    private final long deadline;
    private final LongAdder sessions = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final List<String> firstErrors = new ArrayList<>();

    private SoakMain(String host, int port, long deadline) {
        this.host = host;
        this.port = port;
        this.deadline = deadline;
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 9999;
        int clients = 1000;
        long seconds = 600;
        boolean warmup = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--duration" -> seconds = Long.parseLong(args[++i]);
                case "--warmup" -> warmup = true;
                default -> {
                    System.err.println("unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (warmup) {
            // One short session per client, all at once: starts every event loop before the first sample.
            seconds = 0;
        }
        SoakMain soak = new SoakMain(host, port, System.nanoTime() + Duration.ofSeconds(seconds).toNanos());
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int id = c;
            threads.add(Thread.ofVirtual().name("soak-" + id).start(() -> soak.client(id)));
        }
        long joinBy = System.nanoTime() + Duration.ofSeconds(seconds + 120).toNanos();
        for (Thread t : threads) {
            long left = Math.max(1, (joinBy - System.nanoTime()) / 1_000_000);
            t.join(left);
            if (t.isAlive()) {
                soak.error("client " + t.getName() + " did not finish in time");
                t.interrupt();
            }
        }
        System.out.printf("soak: %d clients, %d sessions, %d lines sent, %d lines received, %d errors%n",
                clients, soak.sessions.sum(), soak.sent.sum(), soak.received.sum(), soak.errors.sum());
        synchronized (soak.firstErrors) {
            soak.firstErrors.forEach(e -> System.out.println("  error: " + e));
        }
        System.exit(soak.errors.sum() == 0 ? 0 : 1);
    }

    private void client(int id) {
        int generation = 0;
        do {
            try {
                session(id, generation++);
            } catch (IOException | RuntimeException e) {
                error("client " + id + ": " + e);
            }
            pause(100, 1000);
        } while (System.nanoTime() < deadline);
    }

    /** One connection: name, room, a few lines with pauses, own lines seen, then one of three exits. */
    private void session(int id, int generation) throws IOException {
        String name = "s" + id + "g" + generation;
        String room = "room" + ThreadLocalRandom.current().nextInt(ROOMS);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) WAIT.toMillis());
            s.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            expectPrompt(in);
            send(out, name);
            expect(in, l -> l.startsWith("* Welcome, " + name + "!"), name + " welcome");
            sessions.increment();
            send(out, "/join " + room);
            send(out, "/part lobby");
            AtomicInteger own = new AtomicInteger();
            String mine = "[" + name + "] ";
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    String l;
                    while ((l = in.readLine()) != null) {
                        received.increment();
                        if (l.startsWith(mine)) {
                            own.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    // closed by us at the end of the session
                }
            });
            int lines = ThreadLocalRandom.current().nextInt(1, 12);
            int count = 0;
            for (int i = 0; i < lines && System.nanoTime() < deadline; i++) {
                send(out, "message " + i + " from " + name + " " + "x".repeat(ThreadLocalRandom.current().nextInt(80)));
                sent.increment();
                count++;
                pause(500, 4000);
            }
            long until = System.nanoTime() + WAIT.toNanos();
            while (own.get() < count && System.nanoTime() < until) {
                pause(20, 20);
            }
            if (own.get() < count) {
                error(name + " saw " + own.get() + " of its " + count + " lines");
            }
            switch (ThreadLocalRandom.current().nextInt(10)) {
                case 0 -> s.setSoLinger(true, 0); // a crash: the close below resets
                case 1, 2, 3 -> { } // just close
                default -> send(out, "end");
            }
            s.shutdownOutput();
            try {
                reader.join(WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void expectPrompt(BufferedReader in) throws IOException {
        // The prompt has no line end: read characters up to ": ".
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            b.append((char) c);
            if (b.length() >= 2 && b.charAt(b.length() - 2) == ':' && b.charAt(b.length() - 1) == ' ') {
                return;
            }
            if (b.length() > 4096) {
                break;
            }
        }
        throw new IOException("no name prompt, got: " + b);
    }

    private static void expect(BufferedReader in, java.util.function.Predicate<String> p, String what)
            throws IOException {
        String l;
        while ((l = in.readLine()) != null) {
            if (p.test(l)) {
                return;
            }
        }
        throw new IOException("closed before " + what);
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void error(String what) {
        errors.increment();
        synchronized (firstErrors) {
            if (firstErrors.size() < 10) {
                firstErrors.add(what);
            }
        }
    }

    private static void pause(int minMillis, int maxMillis) {
        try {
            Thread.sleep(minMillis >= maxMillis ? minMillis : ThreadLocalRandom.current().nextInt(minMillis, maxMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
