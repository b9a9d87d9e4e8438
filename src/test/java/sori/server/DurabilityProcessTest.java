package sori.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sori.testing.LineClient;

/**
 * What {@code docs/durability.md} promises, tried on a real server process: a flood, a SIGKILL in the
 * middle of it, a restart on the same data, and what a watcher saw compared with what history returns.
 */
class DurabilityProcessTest {

    private static final Pattern BANNER = Pattern.compile("chat on \\S+:(\\d+) ");
    private static final Pattern FLOODED = Pattern.compile("\\[flooder\\] m (\\d+)$");
    private static final Pattern OLDER = Pattern.compile("^\\* Older messages: /history before (\\d+)$");
    /** Largest group the batch writer commits at once: what a kill -9 may lose in batch mode. */
    private static final int GROUP = 1000;
    private static final int SEEN_BEFORE_KILL = 400;

    @TempDir
    Path data;

    @ParameterizedTest
    @ValueSource(strings = {"sync", "batch"})
    void shouldKeepWhatWatchersSawThroughAKillNine(String durability) throws Exception {
        TreeSet<Integer> seen = new TreeSet<>();
        Process server = start(durability);
        try {
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", readPort(server));
            try (LineClient watcher = LineClient.named(at, "watcher");
                    Socket flooder = new Socket(at.getAddress(), at.getPort())) {
                OutputStream out = flooder.getOutputStream();
                out.write("flooder\n".getBytes(StandardCharsets.UTF_8));
                watcher.expectLine("* flooder joined lobby.");
                Thread pump = Thread.ofVirtual().start(() -> flood(out));
                while (seen.size() < SEEN_BEFORE_KILL) {
                    Matcher m = FLOODED.matcher(watcher.expect(l -> FLOODED.matcher(l).find()));
                    assertThat(m.find()).isTrue();
                    seen.add(Integer.parseInt(m.group(1)));
                }
                server.destroyForcibly(); // SIGKILL, in the middle of the flood
                assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
                for (String l : watcher.expectClosed()) {
                    Matcher m = FLOODED.matcher(l);
                    if (m.find()) {
                        seen.add(Integer.parseInt(m.group(1)));
                    }
                }
                pump.join(TimeUnit.SECONDS.toMillis(20));
            }
        } finally {
            server.destroyForcibly();
        }
        // The watcher saw them in order, without gaps: 0 .. n-1.
        assertThat(seen.first()).isZero();
        assertThat(seen.last()).as("numbers missing: %s", missing(seen)).isEqualTo(seen.size() - 1);

        Process again = start(durability);
        try {
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", readPort(again));
            TreeSet<Integer> kept = history(at);
            assertThat(kept).as("history is gapless from the first message").isNotEmpty();
            assertThat(kept.first()).isZero();
            assertThat(kept.last()).as("numbers missing: %s", missing(kept)).isEqualTo(kept.size() - 1);
            if (durability.equals("sync")) {
                assertThat(kept).as("everything a member saw was committed").containsAll(seen);
            } else {
                assertThat(seen.size() - kept.size()).as("batch loses at most one group").isLessThanOrEqualTo(GROUP);
            }
            again.destroy();
            assertThat(again.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(again.exitValue()).isZero();
        } finally {
            again.destroyForcibly();
        }
    }

    private static List<Integer> missing(TreeSet<Integer> got) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < got.last() && out.size() < 20; i++) {
            if (!got.contains(i)) {
                out.add(i);
            }
        }
        return out;
    }

    /** Every flooded number that /history returns, paging back to the start of the lobby. */
    private static TreeSet<Integer> history(InetSocketAddress at) throws IOException {
        TreeSet<Integer> kept = new TreeSet<>();
        try (LineClient reader = LineClient.named(at, "reader")) {
            reader.expectLine("* reader joined lobby.");
            reader.send("/history 1000");
            while (true) {
                String l = reader.expect(s -> s.startsWith("(history ") || s.startsWith("* Older messages")
                        || s.startsWith("* That is where") || s.startsWith("* No history"));
                Matcher more = OLDER.matcher(l);
                Matcher m = FLOODED.matcher(l);
                if (m.find()) {
                    kept.add(Integer.parseInt(m.group(1)));
                } else if (more.find()) {
                    reader.send("/history before " + more.group(1) + " 1000");
                } else if (!l.startsWith("(history ")) {
                    return kept;
                }
            }
        }
    }

    private static void flood(OutputStream out) {
        try {
            for (int i = 0; i < 100_000; i++) {
                out.write(("m " + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the server was killed: the flood ends here
        }
    }

    private Process start(String durability) throws IOException {
        Files.createDirectories(data);
        return ServerProcessTest.start("server", "--host", "127.0.0.1", "--port", "0", "--web-port", "0", "--irc-port", "0",
                "--store", "sqlite", "--data-dir", data.toString(), "--durability", durability, "--flood-rate", "0");
    }

    private static int readPort(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            lines.add(line);
            Matcher m = BANNER.matcher(line);
            if (m.find()) {
                int port = Integer.parseInt(m.group(1));
                Thread.ofVirtual().start(() -> drain(out)); // keep the pipe from filling
                return port;
            }
        }
        throw new AssertionError("no banner; the server printed: " + lines
                + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discard
            }
        } catch (IOException e) {
            // gone
        }
    }
}
