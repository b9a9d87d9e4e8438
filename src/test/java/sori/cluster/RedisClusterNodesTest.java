package sori.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.store.PostgresServer;
import sori.testing.LineClient;
import sori.testing.RedisServer;
import sori.testing.SoriNode;

/**
 * Two node processes on a three-master Redis Cluster ({@code redis+cluster://}), started by {@code redis-server
 * --cluster-enabled yes} and {@code redis-cli --cluster create}: rooms on different shards keep one order each,
 * and names and private messages cross the nodes. The single-Redis cases are in {@link ClusterNodesTest}.
 */
class RedisClusterNodesTest {
    private static final int LINES = 15;

    @TempDir
    Path dir;

    @Test
    void shouldKeepEachRoomsOrderAndOneNamespaceAcrossNodesOnAShardedRedis() throws Exception {
        String store = PostgresServer.shared().newDatabase();
        try (RedisServer.Cluster redis = RedisServer.cluster();
                SoriNode a = SoriNode.start(dir, "a", "--cluster", redis.url(), "--node-name", "a", "--store", store,
                        "--flood-burst", "0");
                SoriNode b = SoriNode.start(dir, "b", "--cluster", redis.url(), "--node-name", "b", "--store", store,
                        "--flood-burst", "0");
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            assertThat(a.banner()).contains("cluster mode as node a@").contains(redis.url());
            LineClient ann = a.ircClient("ann");
            LineClient bob = b.ircClient("bob");
            try (ann; bob) {
                // Rooms whose keys hash to different slots, so different masters order them.
                List<String> rooms = List.of("lobby", "dev", "ops", "random", "music");
                for (String room : rooms) {
                    ann.send("JOIN #" + room + "\r");
                    ann.expect(l -> l.startsWith(":ann!") && l.strip().endsWith(" JOIN #" + room));
                    bob.send("JOIN #" + room + "\r");
                    bob.expect(l -> l.startsWith(":bob!") && l.strip().endsWith(" JOIN #" + room));
                    ann.expect(l -> l.startsWith(":bob!") && l.strip().endsWith(" JOIN #" + room));
                }
                Future<List<String>> seenByAnn = pool.submit(() -> said(ann, rooms.size() * LINES * 2));
                Future<List<String>> seenByBob = pool.submit(() -> said(bob, rooms.size() * LINES * 2));
                for (int i = 1; i <= LINES; i++) {
                    for (String room : rooms) {
                        ann.send("PRIVMSG #" + room + " :a" + i + "\r");
                        bob.send("PRIVMSG #" + room + " :b" + i + "\r");
                    }
                }
                List<String> annSaw = seenByAnn.get(LineClient.WAIT.toSeconds() * 3, TimeUnit.SECONDS);
                List<String> bobSaw = seenByBob.get(LineClient.WAIT.toSeconds() * 3, TimeUnit.SECONDS);
                for (String room : rooms) {
                    List<String> inAnn = annSaw.stream().filter(l -> l.startsWith(room + " ")).toList();
                    assertThat(bobSaw.stream().filter(l -> l.startsWith(room + " ")).toList())
                            .as("room " + room + ": one order on both nodes").isEqualTo(inAnn);
                    assertThat(inAnn).as(room).hasSize(2 * LINES);
                    for (String who : List.of("ann a", "bob b")) {
                        List<String> mine = new ArrayList<>();
                        for (int i = 1; i <= LINES; i++) {
                            mine.add(room + " " + who + i);
                        }
                        assertThat(inAnn.stream().filter(l -> l.startsWith(room + " " + who.substring(0, 3))).toList())
                                .as(room + ", " + who).isEqualTo(mine);
                    }
                }

                try (LineClient twin = new LineClient(b.chat())) {
                    twin.expect(l -> l.endsWith(": "));
                    twin.send("ANN");
                    twin.expectLine("error: the name ANN is taken; choose another.");
                }
                ann.send("PRIVMSG bob :over the shards\r");
                bob.expect(l -> l.startsWith(":ann!") && l.strip().endsWith(" PRIVMSG bob :over the shards"));
            }
        }
    }

    private static final Pattern SAID = Pattern.compile(":(ann|bob)!\\S+ PRIVMSG #([a-z]+) :([ab]\\d+)\r?");

    /** The next {@code count} channel messages, as {@code room name text}. */
    private static List<String> said(LineClient c, int count) {
        List<String> out = new ArrayList<>();
        while (out.size() < count) {
            Matcher m = SAID.matcher(c.expect(x -> SAID.matcher(x).matches()));
            m.matches();
            out.add(m.group(2) + " " + m.group(1) + " " + m.group(3));
        }
        return out;
    }

}
