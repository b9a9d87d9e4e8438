package sori.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sori.server.ChatServer;
import sori.testing.LineClient;
import sori.testing.TestServers;

/** CHATHISTORY over real loopback sockets: selectors, batches, event playback, private conversations. */
class IrcHistoryTest {

    private static final String CAPS = "batch message-tags server-time echo-message draft/chathistory";

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ChatServer start() {
        server = TestServers.chat(c -> c.withIrc(new IrcConfig(0, "irc.test", "testnet")));
        return server;
    }

    /** An IRC client: lines without their CR. */
    private static final class Irc extends IrcTestClient {
        Irc(ChatServer s) throws IOException {
            super(s);
        }

        static Irc registered(ChatServer s, String nick, String caps) throws IOException {
            Irc i = new Irc(s);
            i.send("CAP LS 302").send("CAP REQ :" + caps).send("NICK " + nick).send("USER " + nick + " 0 * :R")
                    .send("CAP END");
            i.expect(":irc\\.test CAP \\* ACK :.*");
            i.expect(":irc\\.test 376 " + nick + " .*");
            return i;
        }

        /** The lines of the next batch of {@code type} (opened by the server), without its BATCH lines. */
        List<String> batch(String type, String target) {
            String open = expect("(@\\S+ )?:irc\\.test BATCH \\+\\S+ " + Pattern.quote(type)
                    + (target == null ? "" : " " + Pattern.quote(target)));
            String ref = open.replaceAll(".*BATCH \\+(\\S+).*", "$1");
            List<String> lines = new ArrayList<>();
            for (String l = next(); !l.matches("(@\\S+ )?:irc\\.test BATCH -" + Pattern.quote(ref)); l = next()) {
                assertThat(l).matches("@batch=" + Pattern.quote(ref) + "[; ].*");
                lines.add(l);
            }
            return lines;
        }

        List<String> history(String command, String target) throws IOException {
            send("CHATHISTORY " + command);
            return batch("chathistory", target);
        }
    }

    private static String tag(String line, String name) {
        Matcher m = Pattern.compile("[@;]" + Pattern.quote(name) + "=([^; ]*)").matcher(line);
        return m.find() ? m.group(1) : null;
    }

    /**
     * Waits for this machine's clock (the server's too) to pass the {@code time} tag of {@code line}, so
     * that what follows is sent at a later millisecond: a wait for an event, with a bound, not a sleep.
     */
    private static void clockPasses(String line) {
        long t = java.time.Instant.parse(tag(line, "time")).toEpochMilli();
        long deadline = System.nanoTime() + LineClient.WAIT.toNanos();
        while (System.currentTimeMillis() <= t) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /** The texts of the PRIVMSG lines. */
    private static List<String> texts(List<String> lines) {
        return lines.stream().filter(l -> l.contains(" PRIVMSG ")).map(l -> l.substring(l.indexOf(" :", l.indexOf(" PRIVMSG ")) + 2))
                .toList();
    }

    private static List<String> tagmsgs(List<String> lines) {
        return lines.stream().filter(l -> l.contains(" TAGMSG ")).toList();
    }

    @Test
    void shouldKeepAPersistTagmsgAndReplayItOnlyUnderEventPlayback() throws IOException {
        start();
        try (Irc mina = Irc.registered(server, "mina", CAPS + " draft/event-playback");
                Irc jun = Irc.registered(server, "jun", CAPS)) {
            mina.send("JOIN #lobby").expect(":irc\\.test 366 mina #lobby :.*");
            jun.send("JOIN #lobby").expect(":irc\\.test 366 jun #lobby :.*");
            mina.expect(".*:jun!\\S+ JOIN #lobby");
            // Unstored, as before: an id of its own, and in nobody's history.
            mina.send("@+typing=active TAGMSG #lobby");
            String typing = jun.expect("@.*\\+typing=active.* :mina!\\S+ TAGMSG #lobby");
            assertThat(tag(typing, "msgid")).matches("p\\d+-u\\w+");
            mina.send("@+draft/react=tea;+draft/persist TAGMSG #lobby");
            String echo = mina.expect("@.*\\+draft/react=tea.* :mina!\\S+ TAGMSG #lobby");
            String relay = jun.expect("@.*\\+draft/react=tea.* :mina!\\S+ TAGMSG #lobby");
            String msgid = tag(echo, "msgid");
            assertThat(msgid).matches("\\d+-\\S+"); // a room event's id: it has its place in the order
            assertThat(tag(relay, "msgid")).isEqualTo(msgid);
            mina.send("PRIVMSG #lobby :after");
            jun.expect(".* PRIVMSG #lobby :after");

            List<String> kept = tagmsgs(mina.history("LATEST #lobby * 10", "#lobby"));
            assertThat(kept).hasSize(1);
            assertThat(tag(kept.getFirst(), "msgid")).isEqualTo(msgid);
            assertThat(tag(kept.getFirst(), "+draft/react")).isEqualTo("tea");
            assertThat(tag(kept.getFirst(), "time")).isEqualTo(tag(echo, "time"));
            List<String> plain = jun.history("LATEST #lobby * 1", "#lobby");
            assertThat(tagmsgs(plain)).isEmpty();
            assertThat(texts(plain)).containsExactly("after"); // the limit counts what is shown

            mina.send("@+draft/react=hi;+draft/persist TAGMSG jun");
            String dmEcho = mina.expect("@.*\\+draft/react=hi.* :mina!\\S+ TAGMSG jun");
            String dmRelay = jun.expect("@.*\\+draft/react=hi.* :mina!\\S+ TAGMSG jun");
            assertThat(tag(dmRelay, "msgid")).isEqualTo(tag(dmEcho, "msgid"));
            List<String> dm = tagmsgs(mina.history("LATEST jun * 10", "jun"));
            assertThat(dm).hasSize(1);
            assertThat(tag(dm.getFirst(), "msgid")).isEqualTo(tag(dmEcho, "msgid"));
            assertThat(tag(dm.getFirst(), "+draft/react")).isEqualTo("hi");
            assertThat(tagmsgs(jun.history("LATEST mina * 10", "mina"))).isEmpty();

            // A terminal joining the room sees its past lines, not the kept tags.
            try (LineClient bo = LineClient.named(server.chatAddress(), "bo")) {
                List<String> seen = new ArrayList<>();
                bo.expect(l -> {
                    seen.add(l);
                    return l.endsWith("[mina] after");
                });
                assertThat(seen).noneMatch(l -> l.contains("tea") || l.contains("TAGMSG"));
                bo.send("/history");
                String end = bo.expect(l -> l.startsWith("* ") && !l.contains("joined"));
                assertThat(end).doesNotContain("tea");
            }
        }
    }

    @Test
    void shouldServeAChannelsPastBySelectorWithTheMsgidsItWasDeliveredWith() throws IOException {
        start();
        try (Irc mina = Irc.registered(server, "mina", CAPS);
                LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
            mina.send("JOIN #dev");
            mina.expect(":irc\\.test 366 mina #dev :.*");
            jun.send("/join dev");
            List<String> ids = new ArrayList<>();
            List<String> times = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                jun.send("m" + i);
                String live = mina.expect("@\\S+ :jun!~u@sori PRIVMSG #dev :m" + i);
                ids.add(tag(live, "msgid"));
                times.add(tag(live, "time"));
            }
            assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();

            List<String> latest = mina.history("LATEST #dev * 2", "#dev");
            assertThat(texts(latest)).containsExactly("m5", "m6");
            assertThat(latest).extracting(l -> tag(l, "msgid")).containsExactly(ids.get(4), ids.get(5));
            assertThat(latest).extracting(l -> tag(l, "time")).containsExactly(times.get(4), times.get(5));

            assertThat(texts(mina.history("BEFORE #dev msgid=" + ids.get(3) + " 10", "#dev"))).containsExactly("m1", "m2", "m3");
            assertThat(texts(mina.history("AFTER #dev msgid=" + ids.get(3) + " 10", "#dev"))).containsExactly("m5", "m6");
            assertThat(texts(mina.history("LATEST #dev msgid=" + ids.get(1) + " 2", "#dev"))).containsExactly("m5", "m6");
            assertThat(texts(mina.history("BETWEEN #dev msgid=" + ids.get(0) + " msgid=" + ids.get(5) + " 2", "#dev")))
                    .containsExactly("m2", "m3");
            assertThat(texts(mina.history("BETWEEN #dev msgid=" + ids.get(5) + " msgid=" + ids.get(0) + " 2", "#dev")))
                    .containsExactly("m4", "m5");
            assertThat(texts(mina.history("AROUND #dev msgid=" + ids.get(2) + " 3", "#dev"))).containsExactly("m2", "m3", "m4");
            assertThat(texts(mina.history("AROUND #dev msgid=" + ids.get(2) + " 1", "#dev"))).containsExactly("m3");
            assertThat(texts(mina.history("AFTER #DEV timestamp=2020-01-01T00:00:00.000Z 100", "#DEV")))
                    .containsExactly("m1", "m2", "m3", "m4", "m5", "m6");
            assertThat(mina.history("BEFORE #dev timestamp=2020-01-01T00:00:00.000Z 100", "#dev")).isEmpty();
            assertThat(texts(mina.history("AROUND #dev timestamp=" + times.get(2) + " 3", "#dev"))).contains("m3");
        }
    }

    @Test
    void shouldPlayBackJoinsAndTopicsOnlyForClientsThatAskedForThem() throws IOException {
        start();
        try (Irc mina = Irc.registered(server, "mina", CAPS);
                LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
            mina.send("JOIN #dev");
            mina.expect(":irc\\.test 366 mina #dev :.*");
            jun.send("/join dev");
            jun.send("/topic tea");
            jun.send("said");
            mina.expect("@\\S+ :jun!~u@sori PRIVMSG #dev :said");

            assertThat(mina.history("LATEST #dev * 10", "#dev")).hasSize(1);
            mina.send("CAP REQ draft/event-playback");
            mina.expect(":irc\\.test CAP mina ACK :?draft/event-playback");
            List<String> all = mina.history("LATEST #dev * 10", "#dev");
            assertThat(all).extracting(l -> l.replaceAll("^@\\S+ ", "")).containsExactly(":mina!~u@sori JOIN #dev",
                    ":jun!~u@sori JOIN #dev", ":jun!~u@sori TOPIC #dev :tea", ":jun!~u@sori PRIVMSG #dev :said");
            assertThat(all).allSatisfy(l -> assertThat(tag(l, "msgid")).isNotNull());
        }
    }

    @Test
    void shouldRefuseChannelsNotJoinedAndMalformedRequestsWithFail() throws IOException {
        start();
        try (Irc mina = Irc.registered(server, "mina", CAPS);
                LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
            jun.send("/join dev");
            jun.expect(l -> l.contains("joined dev"));
            mina.send("CHATHISTORY LATEST #dev * 10");
            mina.expect(":irc\\.test FAIL CHATHISTORY INVALID_TARGET LATEST #dev :.*");
            mina.send("CHATHISTORY LATEST #nowhere * 10");
            mina.expect(":irc\\.test FAIL CHATHISTORY INVALID_TARGET LATEST #nowhere :.*");
            mina.send("JOIN #dev");
            mina.expect(":irc\\.test 366 mina #dev :.*");
            mina.send("CHATHISTORY LATEST #dev * many");
            mina.expect(":irc\\.test FAIL CHATHISTORY INVALID_PARAMS LATEST many :.*");
            mina.send("CHATHISTORY BEFORE #dev * 10");
            mina.expect(":irc\\.test FAIL CHATHISTORY INVALID_PARAMS BEFORE \\* :.*");
            mina.send("CHATHISTORY AFTER #dev msgid=nonsense 10");
            mina.expect(":irc\\.test FAIL CHATHISTORY INVALID_PARAMS AFTER msgid=nonsense :.*");
            mina.send("CHATHISTORY AFTER #dev timestamp=yesterday 10");
            mina.expect(":irc\\.test FAIL CHATHISTORY INVALID_PARAMS AFTER yesterday :.*");
            mina.send("CHATHISTORY BETWEEN #dev *");
            mina.expect(":irc\\.test FAIL CHATHISTORY NEED_MORE_PARAMS BETWEEN :.*");
            mina.send("CHATHISTORY SOMETIME #dev");
            mina.expect(":irc\\.test FAIL CHATHISTORY UNKNOWN_COMMAND SOMETIME :.*");
            mina.send("VERSION");
            mina.expect(":irc\\.test 005 mina .*CHATHISTORY=1000 MSGREFTYPES=msgid,timestamp.*");
        }
    }

    @Test
    void shouldServeAPrivateConversationToItsPartiesFromWhenTheirNamesWereTheirs() throws IOException {
        start();
        try (Irc mina = Irc.registered(server, "mina", CAPS);
                LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
            mina.send("PRIVMSG jun :one");
            String echo = mina.expect("@\\S+ :mina!~u@sori PRIVMSG jun :one");
            jun.expectLine("[mina -> jun] one");
            clockPasses(echo);
            jun.send("/msg mina two");
            String live = mina.expect("@\\S+ :jun!~u@sori PRIVMSG mina :two");

            List<String> past = mina.history("LATEST JUN * 10", "JUN");
            assertThat(past).extracting(l -> l.replaceAll("^@\\S+ ", "")).containsExactly(":mina!~u@sori PRIVMSG jun :one",
                    ":jun!~u@sori PRIVMSG mina :two");
            assertThat(past).extracting(l -> tag(l, "msgid")).containsExactly(tag(echo, "msgid"), tag(live, "msgid"));
            assertThat(texts(mina.history("BEFORE jun msgid=" + tag(live, "msgid") + " 10", "jun"))).containsExactly("one");

            // Someone else's conversation with jun is not theirs to read.
            try (Irc ari = Irc.registered(server, "ari", CAPS)) {
                assertThat(ari.history("LATEST jun * 10", "jun")).isEmpty();
                assertThat(ari.history("LATEST mina * 10", "mina")).isEmpty();
            }
            jun.send("/quit");
            jun.expectClosed(); // the name is free once the server has let go
        }
        // A guest who takes the name later reads nothing its last owner was sent.
        try (Irc jun = Irc.registered(server, "jun", CAPS)) {
            assertThat(jun.history("LATEST mina * 10", "mina")).isEmpty();
        }
    }

    @Test
    void shouldListChannelsAndCorrespondentsByTheirLatestMessage() throws IOException {
        start();
        try (Irc mina = Irc.registered(server, "mina", CAPS);
                LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
            mina.send("JOIN #dev");
            mina.expect(":irc\\.test 366 mina #dev :.*");
            mina.send("JOIN #ops");
            mina.expect(":irc\\.test 366 mina #ops :.*");
            jun.send("/join dev");
            mina.send("PRIVMSG #ops :first");
            String ops = mina.expect("@\\S+ :mina!~u@sori PRIVMSG #ops :first");
            clockPasses(ops);
            jun.send("in dev");
            String dev = mina.expect("@\\S+ :jun!~u@sori PRIVMSG #dev :in dev");
            clockPasses(dev);
            jun.send("/msg mina hi");
            String dm = mina.expect("@\\S+ :jun!~u@sori PRIVMSG mina :hi");

            mina.send("CHATHISTORY TARGETS timestamp=2020-01-01T00:00:00.000Z timestamp=2262-01-01T00:00:00.000Z 10");
            List<String> targets = mina.batch("draft/chathistory-targets", null);
            assertThat(targets).extracting(l -> l.replaceAll("^@\\S+ ", "")).containsExactly(
                    ":irc.test CHATHISTORY TARGETS #ops " + tag(ops, "time"),
                    ":irc.test CHATHISTORY TARGETS #dev " + tag(dev, "time"),
                    ":irc.test CHATHISTORY TARGETS jun " + tag(dm, "time"));
            mina.send("CHATHISTORY TARGETS timestamp=" + tag(ops, "time") + " timestamp=2262-01-01T00:00:00.000Z 1");
            assertThat(mina.batch("draft/chathistory-targets", null)).hasSize(1);
        }
    }
}
