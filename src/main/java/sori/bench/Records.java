package sori.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What each client of a fan-out run received, in arrival order ({@code sori bench fanout --record DIR}), so
 * that {@code sori bench verify} can hold it against the store after a chaos run ({@code bench/cluster-chaos}).
 *
 * <p>The folder gets {@code run.txt} (the run id and the number of senders) and one {@code <client>.txt}
 * per client:
 * <pre>
 * sender 3          (its sender index, -1 for a member that only receives)
 * refused 2         (error lines it got back while sending: lines the server did not take)
 * closed true       (the server closed the connection before the run ended)
 * 0 17              (then one line per marked line received: sender index and sequence number)
 * </pre>
 */
final class Records {

    private Records() {}

    /** One client's log; only its event loop writes it, and it is read after the loops stopped. */
    static final class Log {
        private long[] got = new long[1024];
        private int size;
        int refused;
        boolean closed;

        void add(int sender, long seq) {
            if (size == got.length) {
                got = Arrays.copyOf(got, size * 2);
            }
            got[size++] = pack(sender, seq);
        }

        int size() {
            return size;
        }

        long get(int i) {
            return got[i];
        }
    }

    /** A sender index (up to 2^23) and a sequence number (up to 2^40) as one long, so a log is one array. */
    static long pack(int sender, long seq) {
        return (long) sender << 40 | seq;
    }

    static int sender(long packed) {
        return (int) (packed >>> 40);
    }

    static long seq(long packed) {
        return packed & ((1L << 40) - 1);
    }

    /** Writes the run's records into {@code dir}, which is made if missing. */
    static void write(Path dir, int run, int senders, List<? extends Entry> clients) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("run.txt"), "run " + run + "\nsenders " + senders + "\n");
            for (Entry c : clients) {
                try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(c.name() + ".txt"), StandardCharsets.US_ASCII)) {
                    Log log = c.log();
                    w.write("sender " + c.senderIndex() + "\nrefused " + log.refused + "\nclosed " + log.closed + "\n");
                    for (int i = 0; i < log.size(); i++) {
                        long p = log.get(i);
                        w.write(sender(p) + " " + seq(p) + "\n");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the records to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A client as the records see it. */
    interface Entry {
        String name();

        int senderIndex();

        Log log();
    }

    /** One client's record as read back. */
    record Client(String name, int senderIndex, int refused, boolean closed, long[] got) {}

    /** Reads every client's record in {@code dir}, and the run id from its {@code run.txt}. */
    static Read read(Path dir) throws IOException {
        Path runFile = dir.resolve("run.txt");
        if (!Files.isRegularFile(runFile)) {
            throw new IOException(dir + " holds no run.txt: not a folder written by sori bench fanout --record");
        }
        int run = -1;
        for (String line : Files.readAllLines(runFile)) {
            if (line.startsWith("run ")) {
                run = Integer.parseInt(line.substring(4).trim());
            }
        }
        List<Client> clients = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String file = f.getFileName().toString();
                if (!file.endsWith(".txt") || file.equals("run.txt")) {
                    continue;
                }
                clients.add(readClient(file.substring(0, file.length() - 4), f));
            }
        }
        return new Read(run, clients);
    }

    private static Client readClient(String name, Path f) throws IOException {
        int sender = -1;
        int refused = 0;
        boolean closed = false;
        long[] got = new long[1024];
        int n = 0;
        for (String line : Files.readAllLines(f, StandardCharsets.US_ASCII)) {
            if (line.startsWith("sender ")) {
                sender = Integer.parseInt(line.substring(7).trim());
            } else if (line.startsWith("refused ")) {
                refused = Integer.parseInt(line.substring(8).trim());
            } else if (line.startsWith("closed ")) {
                closed = Boolean.parseBoolean(line.substring(7).trim());
            } else if (!line.isBlank()) {
                int space = line.indexOf(' ');
                if (space < 0) {
                    throw new IOException(f + ": not a record line: " + line);
                }
                if (n == got.length) {
                    got = Arrays.copyOf(got, n * 2);
                }
                got[n++] = pack(Integer.parseInt(line.substring(0, space)), Long.parseLong(line.substring(space + 1)));
            }
        }
        return new Client(name, sender, refused, closed, Arrays.copyOf(got, n));
    }

    /** A record folder read back. */
    record Read(int run, List<Client> clients) {}
}
