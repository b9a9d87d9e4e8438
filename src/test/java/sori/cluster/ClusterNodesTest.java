package sori.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import sori.store.PostgresServer;
import sori.testing.Await;
import sori.testing.LineClient;
import sori.testing.RedisServer;
import sori.testing.SoriNode;
import sori.web.Json;
import sori.web.WsClient;

/**
 * Three {@code sori server --cluster} processes on one real Redis and one real PostgreSQL, with a client on each over
 * a different transport: a plain-text client on node a, an IRC client on b, a WebSocket on c. The nodes are started
 * once for the class (each is a JVM start); the last tests stop one of them and then Redis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterNodesTest {

    /** Lines each client says in the order test: enough to interleave across nodes, few enough to stay quick. */
    private static final int LINES = 20;
    private static final Pattern LINE_SAID = Pattern.compile("\\[(\\w+)] ([abc]-\\d+)");
    private static final Pattern IRC_SAID = Pattern.compile(":(\\w+)!\\S+ PRIVMSG #lobby :([abc]-\\d+)\r?");

    @TempDir
    static Path dir;

    private RedisServer redis;
    private String store;
    private SoriNode a;
    private SoriNode b;
    private SoriNode c;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeAll
    void startNodes() throws Exception {
        redis = RedisServer.start();
        store = PostgresServer.shared().newDatabase();
        // a first: it migrates the new database, which the other two then find ready and start side by side.
        a = node("a");
        Future<SoriNode> startB = pool.submit(() -> node("b"));
        Future<SoriNode> startC = pool.submit(() -> node("c"));
        try {
            b = startB.get();
        } finally {
            c = startC.get(); // kept even when b failed, so it is stopped too
        }
    }

    @AfterAll
    void stopNodes() {
        for (SoriNode n : new SoriNode[] {c, b, a}) {
            if (n != null) {
                n.close();
            }
        }
        if (redis != null) {
            redis.close();
        }
        pool.shutdownNow();
    }

    private SoriNode node(String name, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--cluster", redis.url(), "--node-name", name, "--store", store,
                "--flood-burst", "0"));
        args.addAll(List.of(more));
        return SoriNode.start(dir, name, args.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void shouldSayClusterModeAndBeReadyOnEveryNode() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (SoriNode n : List.of(a, b, c)) {
            assertThat(n.banner()).as(n.name())
                    .containsPattern("cluster mode as node " + n.name() + "@\\d+ on " + Pattern.quote(redis.url()) + "$");
            assertThat(readyz(http, n)).as(n.name() + " /readyz").isEqualTo("200 {\"status\":\"ready\"}");
        }
    }

    @Test
    @Order(2)
    void shouldShowEveryLineInOneOrderOnEveryNodeAndTransport() throws Exception {
        // A node follows the lobby from its first member's join on, and that join comes back to it through Redis.
        // So each client arrives once the earlier ones heard the one before: every client hears every line after.
        try (LineClient ana = arriveByLine(a, "ana"); LineClient ben = arriveByIrc(b, "ben", ana);
                WsClient cid = arriveByWeb(c, "cid", ana, ben)) {
            Future<List<String>> seenByAna = pool.submit(read(() -> said(ana.expect(l -> LINE_SAID.matcher(l).matches()), LINE_SAID)));
            Future<List<String>> seenByBen = pool.submit(read(() -> said(ben.expect(l -> IRC_SAID.matcher(l).matches()), IRC_SAID)));
            Future<List<String>> seenByCid = pool.submit(read(() -> {
                Map<String, Object> e = cid.nextWhere(m -> "said".equals(m.get("type"))
                        && String.valueOf(m.get("text")).matches("[abc]-\\d+"));
                return e.get("name") + ":" + e.get("text");
            }));
            // Interleaved, so the three nodes append to the room at the same time.
            for (int i = 1; i <= LINES; i++) {
                ana.send("a-" + i);
                ben.send("PRIVMSG #lobby :b-" + i + "\r");
                cid.send(Json.obj("type", "say", "room", "lobby", "text", "c-" + i));
            }

            List<String> order = seenByAna.get(LineClient.WAIT.toSeconds() * 3, TimeUnit.SECONDS);
            assertThat(seenByBen.get(LineClient.WAIT.toSeconds() * 3, TimeUnit.SECONDS)).as("IRC on b").isEqualTo(order);
            assertThat(seenByCid.get(LineClient.WAIT.toSeconds() * 3, TimeUnit.SECONDS)).as("WebSocket on c").isEqualTo(order);
            List<String> expected = new ArrayList<>();
            for (String who : List.of("ana:a-", "ben:b-", "cid:c-")) {
                List<String> mine = new ArrayList<>();
                for (int i = 1; i <= LINES; i++) {
                    mine.add(who + i);
                }
                // Each speaker's lines in the order said: one connection's lines are appended in order.
                assertThat(order.stream().filter(l -> l.startsWith(who)).toList()).as(who).isEqualTo(mine);
                expected.addAll(mine);
            }
            assertThat(order).as("every line once").containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    @Order(3)
    void shouldRefuseAStoreOfItsOwnInClusterMode() throws Exception {
        SoriNode.Exited refused = SoriNode.run(dir, "lone", "--cluster", redis.url(), "--store", "sqlite");
        assertThat(refused.code()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output().strip().lines().toList()).as(refused.output()).contains(
                "sori: cluster mode needs --store postgresql://USER:PASS@HOST:PORT/DB, where every node keeps "
                        + "accounts and history; --store sqlite is this machine's only");
        assertThat(dir.resolve("lone/data/sori.db")).as("refused before the store is opened").doesNotExist();
    }

    @Test
    @Order(4)
    void shouldRefuseToStartWhenRedisDoesNotAnswer() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        SoriNode.Exited refused = SoriNode.run(dir, "cut", "--cluster", "redis://127.0.0.1:" + closed, "--node-name",
                "cut", "--store", store);
        assertThat(refused.code()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("sori: cannot reach Redis at redis://127.0.0.1:" + closed + ": ");
    }

    @Test
    @Order(5)
    void shouldAnnounceItsUsersLeavingWhenANodeStops() throws Exception {
        try (LineClient eve = LineClient.named(a.chat(), "eve"); WsClient dan = WsClient.named(c.webSocket(), "dan")) {
            eve.expectLine("* dan joined lobby.");
            Matcher id = Pattern.compile("cluster mode as node (\\S+) on ").matcher(c.banner());
            assertThat(id.find()).as(c.banner()).isTrue();
            assertThat(c.stop()).as("c's exit code; output:\n" + c.output()).isZero();
            // dan's leaving went out through Redis before c closed the connection, and a is told.
            eve.expectLine("* dan quit.");
            // c deleted its lease on the way out, rather than leave it to run out (10 s): the others reap it now.
            assertThat(redis.cli("EXISTS", "sori:node:" + id.group(1)).strip()).as("c's lease").isEqualTo("0");
            assertThat(c.output()).contains("SIGTERM: shutting down").contains("stopped");
        }
    }

    @Test
    @Order(6)
    void shouldRefuseLinesAndWaitForTheClusterWhileRedisIsAway() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (LineClient fay = arriveByLine(a, "fay")) {
            redis.kill();
            // The lease runs out within --node-lease (10 s) of its last renewal; from then on a says it waits.
            Await.until("a's /readyz to wait for the cluster",
                    () -> readyz(http, a).equals("503 {\"status\":\"waiting\",\"for\":\"cluster\"}"), Duration.ofSeconds(60));
            fay.send("anyone?");
            fay.expect(l -> l.contains("cluster unavailable, try again"));
            redis.restart();
            Await.until("a's /readyz to be ready again", () -> readyz(http, a).startsWith("200 "), Duration.ofSeconds(60));
            fay.send("back");
            fay.expectLine("[fay] back");
        }
    }

    @Test
    @Order(7)
    void shouldAnnounceAKilledNodesUsersOnceWhenItsLeaseRunsOutAndTakeItBackWhenItRestarts() throws Exception {
        // After the Redis restart of the test before, b takes its lease again on its own schedule (a renewal every
        // lease/3, after Lettuce's reconnect backoff): until then it refuses names, as it should.
        HttpClient http = HttpClient.newHttpClient();
        Await.until("b's /readyz to be ready", () -> readyz(http, b).startsWith("200 "), Duration.ofSeconds(60));
        try (LineClient hal = arriveByLine(a, "hal")) {
            try (LineClient gus = arriveByLine(b, "gus")) {
                hal.expectLine("* gus joined lobby.");
                b.kill9();
                // No goodbye from b: its lease (10 s) runs out, a's reaper finds it and announces gus once.
                hal.expectLine("* gus left (connection lost).");
            }
            // Exactly once: hal's own next line comes back with no second leave before it.
            hal.send("after gus");
            String next = hal.expect(l -> l.contains("gus") || l.contains("after gus"));
            assertThat(next).isEqualTo("[hal] after gus");

            b = node("b"); // the same node name: a restart, which must not disturb a
            try (LineClient ida = arriveByLine(b, "ida")) {
                hal.expectLine("* ida joined lobby.");
                ida.send("b is back");
                hal.expectLine("[ida] b is back");
            }
        }
    }

    @Test
    @Order(8)
    void shouldKeepOneNamespaceAndCarryPrivateMessagesBetweenNodeProcesses() throws Exception {
        try (LineClient jun = arriveByLine(a, "준호"); LineClient kim = arriveByLine(b, "kim")) {
            // The name (any case) is taken on the other node too.
            try (LineClient twin = new LineClient(b.chat())) {
                twin.expect(l -> l.endsWith(": "));
                twin.send("준호");
                twin.expectLine("error: the name 준호 is taken; choose another.");
            }
            jun.send("/msg KIM 안녕하세요");
            kim.expectLine("[준호 -> KIM] 안녕하세요");
            kim.send("/msg 준호 hi back");
            jun.expectLine("[kim -> 준호] hi back");
        }
    }

    /** {@code STATUS BODY} of the node's /readyz, or what went wrong. */
    private static String readyz(HttpClient http, SoriNode n) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(n.metrics("/readyz")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    /** A plain-text client in the lobby, once its own join came back: its node follows the lobby. */
    private static LineClient arriveByLine(SoriNode n, String name) throws IOException {
        LineClient c = LineClient.named(n.chat(), name);
        c.expectLine("* " + name + " joined lobby.");
        return c;
    }

    /** An IRC client in #lobby, once {@code before} heard it join. */
    private static LineClient arriveByIrc(SoriNode n, String nick, LineClient before) throws IOException {
        LineClient i = n.ircClient(nick);
        i.send("JOIN #lobby\r");
        i.expect(l -> l.startsWith(":" + nick + "!") && l.contains(" JOIN #lobby"));
        before.expectLine("* " + nick + " joined lobby.");
        return i;
    }

    /** A WebSocket client in the lobby, once the plain-text and IRC clients heard it join. */
    private static WsClient arriveByWeb(SoriNode n, String name, LineClient line, LineClient irc) throws Exception {
        WsClient w = WsClient.named(n.webSocket(), name);
        line.expectLine("* " + name + " joined lobby.");
        irc.expect(l -> l.startsWith(":" + name + "!") && l.contains(" JOIN #lobby"));
        return w;
    }


    /** {@code name:text} of a said line, as every transport's client reads it. */
    private static String said(String line, Pattern form) {
        Matcher m = form.matcher(line);
        if (!m.matches()) {
            throw new AssertionError("not a said line: " + line);
        }
        return m.group(1) + ":" + m.group(2);
    }

    /** Reads {@code 3 * LINES} said lines, each with the client's own bounded wait. */
    private static Callable<List<String>> read(Callable<String> next) {
        return () -> {
            List<String> got = new ArrayList<>();
            while (got.size() < 3 * LINES) {
                got.add(next.call());
            }
            return got;
        };
    }
}
