package sori.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sori.net.Limit;
import sori.net.Limits;
import sori.server.ChatServer;
import sori.testing.Await;
import sori.testing.LineClient;
import sori.testing.TestServers;

/** Every limit over real sockets: the offender is told and cut off, everyone else carries on. */
class LimitsTest {

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private long tripped(Limit l) {
        return server.limitCounters().count(l);
    }

    @Test
    void shouldPaceABurstOfLinesAndDeliverEveryOneInOrder() throws IOException {
        server = TestServers.chat(c -> c.withLimits(c.limits().withFlood(5, 50)));
        try (LineClient fast = LineClient.named(server.chatAddress(), "fast");
                LineClient watcher = LineClient.named(server.chatAddress(), "watcher")) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 60; i++) {
                lines.append("paced line ").append(i).append('\n');
            }
            fast.sendRaw(lines.toString().getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 60; i++) {
                assertThat(watcher.expect(l -> l.startsWith("[fast]"))).isEqualTo("[fast] paced line " + i);
            }
            fast.send("still welcome");
            watcher.expectLine("[fast] still welcome");
        }
        assertThat(tripped(Limit.FLOOD)).isZero();
    }

    @Test
    void shouldDisconnectAnExcessFlooderWithAReasonWhileTheRoomCarriesOn() throws IOException {
        server = TestServers.chat();
        try (LineClient flooder = LineClient.named(server.chatAddress(), "flooder");
                LineClient watcher = LineClient.named(server.chatAddress(), "watcher")) {
            StringBuilder flood = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                flood.append(i).append(' ').append("f".repeat(60)).append('\n'); // 12 KiB, well past the backlog
            }
            flooder.sendRaw(flood.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(flooder.expectClosed())
                    .contains("error: excess flood (more than 8192 bytes of lines waiting); disconnected.");
            // The burst got through, in order, and then the room heard why the flooder went.
            List<String> seen = new ArrayList<>();
            String l;
            while (!(l = watcher.next()).equals("* flooder was disconnected (excess flood).")) {
                if (l.startsWith("[flooder]")) {
                    seen.add(l);
                }
            }
            assertThat(seen).isNotEmpty().hasSizeLessThanOrEqualTo(Limits.FLOOD_BURST);
            for (int i = 0; i < seen.size(); i++) {
                assertThat(seen.get(i)).startsWith("[flooder] " + i + " ");
            }
            Await.equal("users once the flooder is gone", () -> server.hub().users(), 1);
            try (LineClient next = LineClient.named(server.chatAddress(), "next")) {
                next.send("after the flood");
                watcher.expectLine("[next] after the flood");
            }
        }
        assertThat(tripped(Limit.FLOOD)).isEqualTo(1);
    }

    @Test
    void shouldTurnAwayAConnectionPastTheTotalWithOneLineAndAdmitAgainOnceOneLeaves() throws IOException {
        server = TestServers.chat(c -> c.withLimits(c.limits().withConnections(3, 20, false)));
        List<LineClient> in = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                LineClient c = new LineClient(server.chatAddress());
                c.expect(l -> l.endsWith(": "));
                in.add(c);
            }
            try (LineClient extra = new LineClient(server.chatAddress())) {
                assertThat(extra.expectClosed()).containsExactly("error: too many connections (limit 3); try again later.");
            }
            assertThat(server.hub().connections()).isEqualTo(3);
            in.remove(0).close();
            Await.equal("open connections", server::openConnections, 2);
            try (LineClient again = new LineClient(server.chatAddress())) {
                again.expect(l -> l.endsWith(": "));
            }
        } finally {
            for (LineClient c : in) {
                c.close();
            }
        }
        assertThat(tripped(Limit.MAX_CLIENTS)).isEqualTo(1);
    }

    private static LineClient prompted(LineClient c) {
        c.expect(l -> l.endsWith(": "));
        return c;
    }

    @Test
    void shouldLimitConnectionsPerAddressIncludingLoopbackWhenAsked() throws IOException {
        server = TestServers.chat(c -> c.withLimits(c.limits().withConnections(100, 2, true)));
        // One at a time: connections land on different event loops, so only one admitted before the
        // next connects has a certain place in line.
        try (LineClient a = prompted(new LineClient(server.chatAddress()));
                LineClient b = prompted(new LineClient(server.chatAddress()));
                LineClient c = new LineClient(server.chatAddress())) {
            assertThat(c.expectClosed())
                    .containsExactly("error: too many connections from your address (limit 2); try again later.");
        }
        assertThat(tripped(Limit.MAX_PER_ADDRESS)).isEqualTo(1);
        assertThat(tripped(Limit.MAX_CLIENTS)).isZero();
    }

    @Test
    void shouldExemptLoopbackFromThePerAddressLimitByDefault() throws IOException {
        server = TestServers.chat(c -> c.withLimits(c.limits().withConnections(100, 2, false)));
        List<LineClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                clients.add(LineClient.named(server.chatAddress(), "local" + i));
            }
            assertThat(server.hub().users()).isEqualTo(5);
        } finally {
            for (LineClient c : clients) {
                c.close();
            }
        }
        assertThat(tripped(Limit.MAX_PER_ADDRESS)).isZero();
    }

    @Test
    void shouldCloseAConnectionThatChoseNoNameInTimeAndKeepTheNamedOne() throws IOException {
        server = TestServers.chat(c -> c.withLimits(c.limits().withRegisterSeconds(1)));
        try (LineClient named = LineClient.named(server.chatAddress(), "quick");
                LineClient lurker = new LineClient(server.chatAddress())) {
            lurker.expect(l -> l.endsWith(": "));
            assertThat(lurker.expectClosed()).containsExactly("error: no name chosen within 1 s; disconnected.");
            Await.equal("connections", () -> server.hub().connections(), 1);
            named.send("still here");
            named.expectLine("[quick] still here");
        }
        assertThat(tripped(Limit.REGISTER_TIMEOUT)).isEqualTo(1);
    }

    @Test
    void shouldGiveAHundredWellBehavedClientsEveryMessageInOrderAtTheDefaults() throws Exception {
        server = TestServers.chat();
        int n = 100;
        int each = 5; // within the default burst, as people typing are
        List<LineClient> clients = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                clients.add(LineClient.named(server.chatAddress(), "c" + i));
            }
            for (LineClient c : clients) {
                c.expectLine("* c" + (n - 1) + " joined lobby.");
            }
            List<Future<?>> sends = new ArrayList<>();
            for (int s = 0; s < n; s++) {
                LineClient c = clients.get(s);
                int id = s;
                sends.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        c.send("from " + id + " #" + i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : sends) {
                f.get();
            }
            List<String> reference = LineClient.sameOrderForAll(pool, clients, n * each, l -> l.startsWith("[c"));
            int[] next = new int[n];
            for (String line : reference) {
                int s = Integer.parseInt(line.substring(line.indexOf("from ") + 5, line.indexOf(" #")));
                assertThat(line).isEqualTo("[c" + s + "] from " + s + " #" + next[s]);
                next[s]++;
            }
        } finally {
            for (LineClient c : clients) {
                c.close();
            }
        }
        assertThat(server.limitCounters().snapshot().values()).allMatch(v -> v == 0);
    }
}
