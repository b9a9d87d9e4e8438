package sori.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sori.net.Limit;
import sori.server.ChatServer;
import sori.testing.Await;
import sori.testing.LineClient;
import sori.testing.TestServers;

/** The fan-out path over real sockets: one order for all, and a reader that stops is cut off alone. */
class FanoutTest {

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldDeliverEveryMessageToEveryMemberInOneOrder() throws Exception {
        server = TestServers.chat(TestServers::noFlood);
        int members = 50;
        int senders = 10;
        int each = 1000;
        List<LineClient> clients = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            clients.add(LineClient.named(server.chatAddress(), "m" + i));
        }
        // Everyone has seen everyone's join before the flood starts.
        for (LineClient c : clients) {
            c.expectLine("* m" + (members - 1) + " joined lobby.");
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> sends = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                LineClient sender = clients.get(s);
                int id = s;
                sends.add(pool.submit(() -> {
                    StringBuilder batch = new StringBuilder();
                    for (int i = 0; i < each; i++) {
                        batch.append("s").append(id).append(" #").append(i).append('\n');
                        if (batch.length() > 4000) {
                            sender.sendRaw(batch.toString().getBytes());
                            batch.setLength(0);
                        }
                    }
                    sender.sendRaw(batch.toString().getBytes());
                    return null;
                }));
            }
            for (Future<?> f : sends) {
                f.get();
            }
            List<String> reference = LineClient.sameOrderForAll(pool, clients, senders * each, l -> l.startsWith("[m"));
            int[] next = new int[senders];
            for (String line : reference) {
                // Each sender's own messages arrive in the order sent.
                int s = Integer.parseInt(line.substring(line.indexOf("] s") + 3, line.indexOf(" #")));
                assertThat(line).endsWith("#" + next[s]);
                next[s]++;
            }
        }
        for (LineClient c : clients) {
            c.close();
        }
    }

    private static int min(AtomicIntegerArray a) {
        int m = Integer.MAX_VALUE;
        for (int i = 0; i < a.length(); i++) {
            m = Math.min(m, a.get(i));
        }
        return m;
    }

    @Test
    void shouldCutOffAReaderThatNeverReadsWhileOthersKeepReceiving() throws Exception {
        server = TestServers.chat(TestServers::noFlood);
        Socket sleeper = new Socket();
        sleeper.setReceiveBufferSize(4096);
        sleeper.connect(new InetSocketAddress("127.0.0.1", server.chatAddress().getPort()));
        sleeper.getOutputStream().write("sleeper\n".getBytes());
        Await.equal("sleeper registered", () -> server.hub().users(), 1);
        List<LineClient> readers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            readers.add(LineClient.named(server.chatAddress(), "r" + i));
        }
        LineClient talker = readers.get(0);
        String payload = "z".repeat(1000);
        int count = 6000; // 6 MB: more than the 1 MiB limit plus the 4 MiB a socket buffer may grow to here
        AtomicIntegerArray got = new AtomicIntegerArray(readers.size());
        AtomicIntegerArray kicks = new AtomicIntegerArray(readers.size());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> reads = new ArrayList<>();
            for (int r = 0; r < readers.size(); r++) {
                LineClient reader = readers.get(r);
                int id = r;
                reads.add(pool.submit(() -> {
                    for (int i = 0; i < count; i++) {
                        String expected = "[r0] " + i + " " + payload;
                        String line = reader.expect(l -> l.equals(expected) || l.startsWith("* sleeper"));
                        if (!line.equals(expected)) {
                            kicks.incrementAndGet(id);
                            i--;
                            continue;
                        }
                        got.incrementAndGet(id);
                    }
                    return null;
                }));
            }
            // The talker keeps readers within 200 messages (200 KB) of it, as flood control would;
            // only the sleeper falls behind.
            for (int i = 0; i < count; i += 50) {
                int sent = i;
                Await.until("readers to keep up", () -> min(got) >= sent - 200, LineClient.WAIT);
                StringBuilder batch = new StringBuilder();
                for (int j = i; j < i + 50; j++) {
                    batch.append(j).append(' ').append(payload).append('\n');
                }
                talker.sendRaw(batch.toString().getBytes());
            }
            for (Future<?> f : reads) {
                f.get();
            }
        }
        Await.equal("users once the sleeper is cut off", () -> server.hub().users(), 100);
        assertThat(server.limitCounters().count(Limit.SLOW_CONSUMER)).isEqualTo(1);
        // Every reader is told once, during the flood or right after it.
        for (int r = 0; r < readers.size(); r++) {
            if (kicks.get(r) == 0) {
                readers.get(r).expectLine("* sleeper was disconnected (not reading fast enough).");
            } else {
                assertThat(kicks.get(r)).isEqualTo(1);
            }
        }
        // The sleeper's connection is closed by the server: reading drains what was queued, then EOF.
        sleeper.setSoTimeout(20_000);
        try (InputStream in = sleeper.getInputStream()) {
            byte[] buf = new byte[65536];
            while (in.read(buf) >= 0) {
                // drain
            }
        } catch (java.net.SocketException reset) {
            // a reset is also a close
        }
        sleeper.close();
        for (LineClient r : readers) {
            r.close();
        }
    }
}
