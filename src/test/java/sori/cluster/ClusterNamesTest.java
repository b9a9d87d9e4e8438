package sori.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sori.chat.Event;
import sori.chat.Names;
import sori.server.ChatServer;
import sori.server.ServerConfig;
import sori.store.EventCodec;
import sori.testing.Await;
import sori.testing.LineClient;
import sori.testing.RedisServer;

/**
 * Two in-process servers as two nodes on one real Redis, each with its own {@link ClusterNamespace} and store,
 * clients on real sockets (plain lines and IRC): one namespace, private messages across the nodes, WHOIS of a
 * nick on the other node, and a name refused with an error line while Redis is away.
 */
class ClusterNamesTest {

    private static final AtomicLong STARTS = new AtomicLong(System.currentTimeMillis());

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** One node: its Redis client, lease and namespace, and a chat server (line, web, IRC) on free ports. */
    private record Node(ChatServer server, ClusterNamespace names) {}

    private Node node(RedisServer redis, String name) throws Exception {
        return node(redis.url(), name, RedisConnector.DEFAULT_COMMAND_TIMEOUT, ClusterNamespace.DEFAULT_RETRY);
    }

    private Node node(String url, String name, Duration timeout, Duration retry) throws Exception {
        RedisConnector c = RedisConnector.open(url, timeout);
        open.add(c);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        open.add(scheduler::shutdownNow);
        NodeLease lease = new NodeLease(c.commands(), NodeLease.nodeId(name, STARTS.incrementAndGet()),
                NodeLease.DEFAULT_LEASE, scheduler);
        lease.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
        open.add(lease);
        ChatServer server = new ChatServer(ServerConfig.defaults(0));
        ClusterNamespace names = new ClusterNamespace(c, new ClusterDirectory(c.commands()), lease.id(), lease::alive,
                retry);
        open.add(names);
        names.attach(server.hub()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        server.start();
        open.add(server);
        return new Node(server, names);
    }

    private LineClient named(Node n, String name) throws IOException {
        LineClient c = LineClient.named(n.server().chatAddress(), name);
        open.add(c);
        return c;
    }

    /** A connection that tries {@code name} and is told it is taken; it stays at the prompt. */
    private LineClient refused(Node n, String name) throws IOException {
        LineClient c = new LineClient(n.server().chatAddress());
        open.add(c);
        c.expect(l -> l.endsWith(": "));
        c.send(name);
        c.expect(l -> l.equals("error: the name " + name + " is taken; choose another."));
        c.expect(l -> l.endsWith(": "));
        return c;
    }

    private static void awaitFree(RedisServer redis, String name) {
        String key = NodeKeys.name(Names.fold(name));
        Await.until(name + " freed in Redis", () -> redis.cli("EXISTS", key).strip().equals("0"), LineClient.WAIT);
    }

    /** An IRC client on a real socket, registered as {@code nick}. */
    private Irc irc(Node n, String nick) throws IOException {
        Irc i = new Irc(new LineClient(n.server().ircAddress()));
        open.add(i.c);
        i.send("NICK " + nick).send("USER " + nick + " 0 * :Real " + nick);
        i.expect(".* 001 " + nick + " .*");
        return i;
    }

    private record Irc(LineClient c) {
        Irc send(String line) throws IOException {
            c.sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            return this;
        }

        String expect(String regex) {
            return c.expect(l -> l.replaceAll("\r$", "").matches(regex)).replaceAll("\r$", "");
        }
    }

    @Test
    void shouldGiveAPrivateMessageBackEqualFromTheWire() {
        Event.Meta meta = new Event.Meta("Ann", true, Map.of("+draft/react", "x", "+typing", ""), List.of(2));
        for (Event.Private p : List.of(new Event.Private("ann", "하늘", 5, "hi \"there\"\n"),
                new Event.Private("ann", "bob", 6, "hey", meta), new Event.Private("ann", "bob", 7, "x", Event.Meta.of("Ann")))) {
            assertThat(EventCodec.privateFromWire(EventCodec.privateToWire(p))).isEqualTo(p);
        }
    }

    @Test
    void shouldRefuseOnOneNodeANameTakenOnTheOtherWhateverItsCase() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Node a = node(redis, "a");
            Node b = node(redis, "b");
            named(a, "Ann");
            named(a, "하늘");
            refused(b, "aNN");
            refused(b, "하늘");
            Irc i = new Irc(new LineClient(b.server().ircAddress()));
            open.add(i.c());
            i.send("NICK ANN").send("USER x 0 * :x");
            i.expect(".* 433 \\* ANN .*");
            // A free name is taken on either node at once.
            named(b, "bob");
            refused(a, "BOB");
        }
    }

    @Test
    void shouldFreeANameClusterWideWhenItsHolderQuits() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Node a = node(redis, "a");
            Node b = node(redis, "b");
            LineClient ann = named(a, "ann");
            refused(b, "ann");
            ann.send("/quit");
            ann.expectClosed();
            awaitFree(redis, "ann");
            named(b, "ann");
            refused(a, "ann");
        }
    }

    @Test
    void shouldFreeTheOldNameClusterWideOnARename() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Node a = node(redis, "a");
            Node b = node(redis, "b");
            LineClient ann = named(a, "ann");
            ann.send("/nick anna");
            ann.expect(l -> l.contains("anna"));
            awaitFree(redis, "ann");
            named(b, "ann");
            LineClient other = named(b, "bea");
            other.send("/nick Anna");
            other.expect(l -> l.equals("error: the name Anna is taken; choose another."));
            // Renaming onto a name held on the other node leaves the old one held.
            assertThat(redis.cli("GET", NodeKeys.name(Names.fold("bea"))).strip()).isEqualTo(b.names().node());
            // Only a change of case: the name stays this node's.
            ann.send("/nick ANNA");
            ann.expect(l -> l.contains("ANNA"));
            assertThat(redis.cli("GET", NodeKeys.name(Names.fold("anna"))).strip()).isEqualTo(a.names().node());
        }
    }

    @Test
    void shouldCarryPrivateMessagesBothWaysAcrossTheNodesOnEveryTransport() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Node a = node(redis, "a");
            Node b = node(redis, "b");
            LineClient ann = named(a, "ann");
            LineClient bob = named(b, "bob");
            ann.send("/msg BOB hi bob");
            bob.expect(l -> l.equals("[ann -> BOB] hi bob"));
            ann.expect(l -> l.equals("[ann -> BOB] hi bob")); // the sender's own copy, as for one on its node
            bob.send("/msg ann 안녕");
            ann.expect(l -> l.equals("[bob -> ann] 안녕"));
            // Stored once, by the sender's node.
            assertThat(a.server().hub().store().readPrivate(Names.fold("ann"), Names.fold("bob"), Long.MAX_VALUE, 10).get(10, TimeUnit.SECONDS))
                    .extracting(Event.Private::text).containsExactly("hi bob");
            assertThat(b.server().hub().store().readPrivate(Names.fold("ann"), Names.fold("bob"), Long.MAX_VALUE, 10).get(10, TimeUnit.SECONDS))
                    .extracting(Event.Private::text).containsExactly("안녕");
            // IRC on b: to and from a plain-text user on a.
            Irc carol = irc(b, "carol");
            ann.send("/msg carol hey carol");
            carol.expect(":ann!\\S+ PRIVMSG carol :hey carol");
            carol.send("PRIVMSG ann :back to you");
            ann.expect(l -> l.equals("[carol -> ann] back to you"));
            carol.send("NOTICE ann :a notice");
            ann.expect(l -> l.contains("a notice"));
        }
    }

    @Test
    void shouldSayNobodyIsCalledSoWhenNoNodeHoldsTheName() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Node a = node(redis, "a");
            node(redis, "b");
            LineClient ann = named(a, "ann");
            ann.send("/msg nobody hello?");
            ann.expect(l -> l.equals("error: nobody is called nobody; /who lists the people here."));
            Irc dan = irc(a, "dan");
            dan.send("PRIVMSG nobody :hello?");
            dan.expect(".* 401 dan nobody .*");
            // A NOTICE is never answered: the next 401 is the next PRIVMSG's (the Hub keeps the order).
            dan.send("NOTICE nobody :never answered").send("PRIVMSG nobody2 :hello?");
            assertThat(dan.expect(".* 401 .*")).contains(" 401 dan nobody2 ");
            // Nothing was stored for it.
            assertThat(a.server().hub().store().readPrivate(Names.fold("ann"), Names.fold("nobody"), Long.MAX_VALUE, 10).get(10, TimeUnit.SECONDS))
                    .isEmpty();
        }
    }

    @Test
    void shouldAnswerWhoisForANickOnTheOtherNode() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Node a = node(redis, "a");
            Node b = node(redis, "b");
            named(a, "ann");
            Irc carol = irc(b, "carol");
            carol.send("WHOIS ANN");
            carol.expect(".* 311 carol ANN .*");
            carol.expect(".* 312 carol ANN " + java.util.regex.Pattern.quote(a.names().node()) + " .*");
            carol.expect(".* 318 carol ANN .*");
            carol.send("WHOIS nobody");
            carol.expect(".* 401 carol nobody .*");
        }
    }

    @Test
    void shouldTellARegisteringClientTheClusterIsUnavailableAndKeepItsConnection() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Node a = node(redis.url(), "a", Duration.ofMillis(500), ClusterNamespace.DEFAULT_RETRY);
            LineClient ann = named(a, "ann");
            redis.kill();
            LineClient dan = new LineClient(a.server().chatAddress());
            open.add(dan);
            dan.expect(l -> l.endsWith(": "));
            dan.send("dan");
            dan.expect(l -> l.equals("error: cluster unavailable, try again."));
            dan.expect(l -> l.endsWith(": "));
            // A private message to a name not here is refused the same way; the sender stays.
            ann.send("/msg bob are you there?");
            ann.expect(l -> l.equals("error: cluster unavailable, try again."));
            redis.restart();
            // Lettuce reconnects on its own backoff: try again each time the last try was refused.
            int[] refusals = {0};
            Await.until("dan admitted after the restart", () -> {
                try {
                    dan.send("dan");
                    String l = dan.expect(x -> x.startsWith("error: cluster unavailable") || x.contains("Welcome"));
                    if (l.contains("Welcome")) {
                        return true;
                    }
                    refusals[0]++;
                    dan.expect(x -> x.endsWith(": "));
                    return false;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, LineClient.WAIT);
            assertThat(redis.cli("GET", NodeKeys.name(Names.fold("dan"))).strip()).isEqualTo(a.names().node());
        }
    }
    @Test
    void shouldFreeANameWhoseReleaseFailedOnceRedisIsBack() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Node a = node(redis.url(), "a", Duration.ofMillis(500), Duration.ofMillis(200));
            LineClient ann = named(a, "ann");
            redis.kill();
            ann.send("/quit");
            ann.expectClosed();
            Await.until("the failed release noted", () -> a.names().unreleased() == 1, LineClient.WAIT);
            redis.restart(); // append-only: the name is still recorded as a's
            awaitFree(redis, "ann");
        }
    }

    @Test
    void shouldShareTheNamespaceAndCarryPrivateMessagesOnARedisCluster() throws Exception {
        try (RedisServer.Cluster cluster = RedisServer.cluster()) {
            Node a = node(cluster.url(), "a", RedisConnector.DEFAULT_COMMAND_TIMEOUT, ClusterNamespace.DEFAULT_RETRY);
            Node b = node(cluster.url(), "b", RedisConnector.DEFAULT_COMMAND_TIMEOUT, ClusterNamespace.DEFAULT_RETRY);
            LineClient ann = named(a, "ann");
            refused(b, "Ann");
            LineClient bob = named(b, "bob");
            refused(a, "bob");
            ann.send("/msg bob over the shards");
            bob.expect(l -> l.equals("[ann -> bob] over the shards"));
            bob.send("/msg ann and back");
            ann.expect(l -> l.equals("[bob -> ann] and back"));
            ann.send("/nick anna");
            ann.expect(l -> l.contains("anna"));
            // Freed on the name's own shard: b may take it once a's release went through.
            Await.until("ann free again", () -> {
                try (LineClient c = new LineClient(b.server().chatAddress())) {
                    c.expect(l -> l.endsWith(": "));
                    c.send("ann");
                    String l = c.expect(x -> x.contains("Welcome") || x.contains("is taken"));
                    return l.contains("Welcome");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, LineClient.WAIT);
        }
    }
}
