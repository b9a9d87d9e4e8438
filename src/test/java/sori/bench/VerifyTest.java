package sori.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.chat.Event;
import sori.server.ChatServer;
import sori.testing.TestServers;

/**
 * {@code sori bench verify} on a real recorded run: a fan-out run with {@code --record} against the chat
 * server in this JVM, its room read back from the server's store in the form psql prints, then the records
 * and the dump altered the ways a broken cluster would break them.
 */
class VerifyTest {
    private static ChatServer server;

    @BeforeAll
    static void start() {
        server = TestServers.chat(TestServers::noFlood);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Outcome(int status, String text) {}

    private static Outcome verify(Path records, Path dump) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = Verify.run(records, dump, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Outcome(status, bytes.toString(StandardCharsets.UTF_8));
    }

    /** A run of 6 clients, 2 sending, recorded into {@code dir}; returns the store dump's path. */
    private static Path recordedRun(Path dir) throws Exception {
        BenchConfig line = RunTestSupport.config(server.chatAddress().getPort());
        FanoutConfig cfg = new FanoutConfig(line, 6, 2, 64, 20, 64, Duration.ofSeconds(2), 0, null, dir.resolve("rec"));
        BenchResult r = new FanoutRun(cfg).run();
        assertThat(r.number("losses")).isZero();
        List<Event.RoomEvent> events = server.hub().store().read("lobby", 0, Long.MAX_VALUE, 100_000, false).get();
        // psql -At -F ' ' prints seq, type and data; the data here is the event's own rendering, which holds
        // the text and so the marker, all verify reads.
        Path dump = dir.resolve("dump.txt");
        Files.write(dump, events.stream().map(e -> e.seq() + " " + e.getClass().getSimpleName() + " " + e).toList());
        return dump;
    }

    private static Path clientFile(Path rec, boolean sender) throws IOException {
        try (var files = Files.list(rec)) {
            for (Path f : files.sorted().toList()) {
                if (!f.getFileName().toString().equals("run.txt")
                        && Files.readAllLines(f).get(0).equals(sender ? "sender 0" : "sender -1")) {
                    return f;
                }
            }
        }
        throw new AssertionError("no such client in " + rec);
    }

    /** The file's header lines and its received lines, apart. */
    private static List<String> received(Path f) throws IOException {
        return Files.readAllLines(f).stream().filter(l -> Character.isDigit(l.charAt(0))).collect(Collectors.toList());
    }

    private static void rewrite(Path f, List<String> got, boolean closed) throws IOException {
        List<String> head = Files.readAllLines(f).stream().filter(l -> !Character.isDigit(l.charAt(0)))
                .map(l -> l.startsWith("closed ") ? "closed " + closed : l).toList();
        List<String> all = new ArrayList<>(head);
        all.addAll(got);
        Files.write(f, all);
    }

    @Test
    void shouldFindAWholeRunWholeAndEachKindOfBreakInIt(@TempDir Path dir) throws Exception {
        Path dump = recordedRun(dir);
        Path rec = dir.resolve("rec");

        Outcome whole = verify(rec, dump);
        assertThat(whole.text()).contains("verify: OK", "6 connected to the end got every stored line in order");
        assertThat(whole.status()).isZero();

        Path member = clientFile(rec, false);
        List<String> got = received(member);
        assertThat(got).hasSizeGreaterThan(10);

        // A line lost in the middle.
        List<String> lost = new ArrayList<>(got);
        lost.remove(5);
        rewrite(member, lost, false);
        assertThat(verify(rec, dump)).satisfies(o -> {
            assertThat(o.status()).isEqualTo(1);
            assertThat(o.text()).contains("missed 1 stored lines", "verify: FAILED");
        });

        // Two lines swapped.
        List<String> swapped = new ArrayList<>(got);
        Collections.swap(swapped, 3, 4);
        rewrite(member, swapped, false);
        assertThat(verify(rec, dump).text()).contains("out of order");

        // A line twice.
        List<String> twice = new ArrayList<>(got);
        twice.add(4, got.get(4));
        rewrite(member, twice, false);
        assertThat(verify(rec, dump).text()).contains("twice");

        // Connected to the end, yet the last lines never came.
        List<String> shortened = new ArrayList<>(got.subList(0, got.size() - 3));
        rewrite(member, shortened, false);
        assertThat(verify(rec, dump).text()).contains("connected to the end but missed the last 3");

        // The same, cut off by its server going away: an unbroken prefix is all it owes.
        rewrite(member, shortened, true);
        Outcome cut = verify(rec, dump);
        assertThat(cut.text()).contains("verify: OK", "1 cut off early got an unbroken prefix");
        assertThat(cut.status()).isZero();
    }

    @Test
    void shouldFindAGapOrADoubleInTheStore(@TempDir Path dir) throws Exception {
        Path dump = recordedRun(dir);
        Path rec = dir.resolve("rec");
        List<String> rows = Files.readAllLines(dump);
        String marker = "~b" + Files.readAllLines(rec.resolve("run.txt")).get(0).substring(4) + ":";
        int said = 0;
        while (!rows.get(said).contains(marker)) { // the store also holds the other test's run
            said++;
        }

        List<String> gap = new ArrayList<>(rows);
        gap.remove(said + 1);
        Files.write(dump, gap);
        Outcome o = verify(rec, dump);
        assertThat(o.text()).contains("missing", "which the store does not hold");
        assertThat(o.status()).isEqualTo(1);

        List<String> doubled = new ArrayList<>(rows);
        String row = rows.get(said);
        doubled.add(row.replaceFirst("^\\d+", String.valueOf(Long.parseLong(rows.get(rows.size() - 1).split(" ")[0]) + 1)));
        Files.write(dump, doubled);
        assertThat(verify(rec, dump).text()).contains("stored twice");
    }

    @Test
    void shouldSayWhenItCannotReadTheRecords(@TempDir Path dir) throws Exception {
        Path dump = Files.writeString(dir.resolve("dump.txt"), "");
        Outcome o = verify(dir.resolve("nothing-here"), dump);
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.text()).contains("no run.txt");
    }
}
