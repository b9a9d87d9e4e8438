package sori.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sori.server.ChatServer;
import sori.testing.LineClient;
import sori.testing.TestServers;

/**
 * IRCv3 message framing and metadata over real sockets: each client gets the tags its capabilities ask
 * for (server-time, message-tags' msgid, account-tag, extended-join), and no others.
 */
class IrcTagsTest {

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

    /** An IRC client: expectations are regular expressions over whole lines without their CR. */
    static final class Client extends IrcTestClient {
        Client(ChatServer s) throws IOException {
            super(s);
        }

        /** The groups of the next line matching {@code regex}. */
        Matcher match(String regex) {
            Matcher m = Pattern.compile(regex).matcher(expect(regex));
            assertThat(m.matches()).isTrue();
            return m;
        }

        /** Registered as {@code nick} with {@code caps} (space-separated, may be empty), in {@code channel}. */
        static Client in(ChatServer s, String nick, String caps, String channel) throws IOException {
            Client i = new Client(s);
            i.send("CAP LS 302");
            if (!caps.isEmpty()) {
                i.send("CAP REQ :" + caps);
                i.expect(":irc\\.test CAP \\* ACK :?" + Pattern.quote(caps));
            }
            i.send("NICK " + nick).send("USER " + nick + " 0 * :Real " + nick).send("CAP END");
            i.expect(":irc\\.test 376 " + nick + " .*");
            if (channel != null) {
                i.send("JOIN " + channel);
                i.expect(":irc\\.test 366 " + nick + " " + channel + " .*");
            }
            return i;
        }
    }

    private static final String TIME = "time=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @Test
    void shouldGiveEachClientTheTagsOfItsCapabilitiesOnOneRoomEvent() throws IOException {
        start();
        try (LineClient jun = LineClient.named(server.chatAddress(), "jun");
                Client plain = Client.in(server, "plain", "", "#dev");
                Client timed = Client.in(server, "timed", "server-time", "#dev");
                Client tagged = Client.in(server, "tagged", "message-tags server-time", "#dev");
                Client meta = Client.in(server, "meta", "account-tag extended-join", "#dev")) {
            jun.send("/register correct-horse");
            jun.expect(l -> l.contains("is now your account"));
            jun.send("/join dev");
            plain.expect(":jun!~u@sori JOIN #dev");
            timed.expect("@" + TIME + " :jun!~u@sori JOIN #dev");
            Matcher join = tagged.match("@" + TIME + ";msgid=(\\S+) :jun!~u@sori JOIN #dev");
            meta.expect("@account=jun :jun!~u@sori JOIN #dev jun :jun");
            jun.send("hi");
            plain.expect(":jun!~u@sori PRIVMSG #dev :hi");
            timed.expect("@" + TIME + " :jun!~u@sori PRIVMSG #dev :hi");
            Matcher said = tagged.match("@" + TIME + ";msgid=(\\S+) :jun!~u@sori PRIVMSG #dev :hi");
            meta.expect("@account=jun :jun!~u@sori PRIVMSG #dev :hi");
            // The ids name the room and the place in its order, one after the other.
            IrcIds.RoomId joinId = IrcIds.parseRoom(join.group(1));
            IrcIds.RoomId saidId = IrcIds.parseRoom(said.group(1));
            assertThat(joinId.room()).isEqualTo("dev");
            assertThat(saidId.room()).isEqualTo("dev");
            assertThat(saidId.seq()).isGreaterThan(joinId.seq());
            // A guest has no account: no tag, and * in an extended JOIN.
            try (Client guest = Client.in(server, "guest", "", "#dev")) {
                meta.expect(":guest!~u@sori JOIN #dev \\* :Real guest");
                plain.expect(":guest!~u@sori JOIN #dev");
                guest.send("PRIVMSG #dev :hello");
                meta.expect(":guest!~u@sori PRIVMSG #dev :hello");
                tagged.expect("@" + TIME + ";msgid=\\S+ :guest!~u@sori PRIVMSG #dev :hello");
            }
        }
    }

    @Test
    void shouldGiveAPrivateMessageOneMsgidForItsRecipientAndItsEcho() throws IOException {
        start();
        try (Client a = Client.in(server, "ana", "message-tags echo-message", null);
                Client b = Client.in(server, "bo", "message-tags", null);
                Client c = Client.in(server, "cy", "", null)) {
            a.send("PRIVMSG bo :psst");
            String echoed = a.match("@msgid=(p\\S+) :ana!~u@sori PRIVMSG bo :psst").group(1);
            String got = b.match("@msgid=(p\\S+) :ana!~u@sori PRIVMSG bo :psst").group(1);
            assertThat(got).isEqualTo(echoed);
            assertThat(IrcIds.parsePrivate(got)).isNotNull();
            a.send("PRIVMSG cy :plain");
            c.expect(":ana!~u@sori PRIVMSG cy :plain");
        }
    }

    @Test
    void shouldExtendOwnJoinWithAccountAndRealname() throws IOException {
        start();
        try (Client a = Client.in(server, "ana", "extended-join", null)) {
            a.send("JOIN #dev");
            a.expect(":ana!~u@sori JOIN #dev \\* :Real ana");
        }
    }

    @Test
    void shouldRelayClientOnlyTagsAndTagmsgOnlyToMessageTagsClients() throws IOException {
        start();
        try (Client a = Client.in(server, "ana", "message-tags echo-message", "#dev");
                Client b = Client.in(server, "bo", "message-tags", "#dev");
                Client c = Client.in(server, "cy", "", "#dev")) {
            a.send("@+draft/react=l\\:ol;server=no PRIVMSG #dev :hi");
            String echoed = a.match("@msgid=(\\S+);\\+draft/react=l\\\\:ol :ana!~u@sori PRIVMSG #dev :hi").group(1);
            String got = b.match("@msgid=(\\S+);\\+draft/react=l\\\\:ol :ana!~u@sori PRIVMSG #dev :hi").group(1);
            assertThat(got).isEqualTo(echoed);
            c.expect(":ana!~u@sori PRIVMSG #dev :hi");
            a.send("@+typing=active TAGMSG #dev");
            String tagEcho = a.match("@msgid=(\\S+);\\+typing=active :ana!~u@sori TAGMSG #dev").group(1);
            assertThat(b.match("@msgid=(\\S+);\\+typing=active :ana!~u@sori TAGMSG #dev").group(1)).isEqualTo(tagEcho);
            a.send("@+typing=done TAGMSG bo");
            b.expect("@msgid=\\S+;\\+typing=done :ana!~u@sori TAGMSG bo");
            // cy has no message-tags: nothing of the TAGMSGs reaches it; the next line is the next message.
            a.send("PRIVMSG #dev :after");
            assertThat(c.expect(".* PRIVMSG #dev :after|.*TAGMSG.*")).isEqualTo(":ana!~u@sori PRIVMSG #dev :after");
        }
    }

    @Test
    void shouldRefuseClientTagsPastTheirLimitWith417() throws IOException {
        start();
        try (Client a = Client.in(server, "ana", "message-tags echo-message", "#dev")) {
            a.send("@+big=" + "a".repeat(4089) + " TAGMSG #dev"); // "+big=" and 4089: 4094 bytes, the most
            a.expect("@msgid=\\S+;\\+big=a{4089} :ana!~u@sori TAGMSG #dev");
            a.send("@+big=" + "a".repeat(4090) + " TAGMSG #dev");
            a.expect(":irc\\.test 417 ana :.*");
        }
    }

    @Test
    void shouldDeliverANoticeAsANoticeOnIrcAndAsALineElsewhere() throws IOException {
        start();
        try (Client a = Client.in(server, "ana", "", "#lobby");
                Client b = Client.in(server, "bo", "", "#lobby");
                LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
            b.expect(":jun!~u@sori JOIN #lobby");
            a.send("NOTICE #lobby :heads up");
            b.expect(":ana!~u@sori NOTICE #lobby :heads up");
            jun.expect(l -> l.contains("ana") && l.contains("heads up"));
            a.send("NOTICE bo :just you");
            b.expect(":ana!~u@sori NOTICE bo :just you");
        }
    }

    @Test
    void shouldLabelResponsesOneLineAnAckOrABatch() throws IOException {
        start();
        try (Client a = Client.in(server, "ana", "batch labeled-response", null)) {
            a.send("@label=p1 PING x");
            a.expect("@label=p1 :irc\\.test PONG irc\\.test :?x");
            a.send("@label=p2 PONG x");
            a.expect("@label=p2 :irc\\.test ACK");
            a.send("@label=j1 JOIN #dev");
            String id = a.match("@label=j1 :irc\\.test BATCH \\+(\\S+) labeled-response").group(1);
            a.expect("@batch=" + id + " :ana!~u@sori JOIN #dev");
            a.expect("@batch=" + id + " :irc\\.test 366 ana #dev :.*");
            a.expect(":irc\\.test BATCH -" + id);
            a.send("@label=u1 FOO");
            a.expect("@label=u1 :irc\\.test 421 ana FOO :.*");
        }
    }

    @Test
    void shouldSayARefusalWithoutNumericAsAStandardReply() throws IOException {
        start();
        try (LineClient mina = LineClient.named(server.chatAddress(), "mina")) {
            mina.send("/register correct-horse");
            mina.expect(l -> l.contains("is now your account"));
            mina.send("/join dev");
            mina.expect(l -> l.contains(" joined dev"));
            mina.send("/claim");
            mina.expect(l -> l.contains("founder"));
            try (Client a = new Client(server)) {
                a.send("PASS correct-horse").send("NICK mina").send("USER m 0 * :M");
                a.expect(":irc\\.test 366 mina #dev :.*");
                a.send("MODE #dev -b nobody"); // no such ban: the chat refuses, and IRC has no numeric for it
                a.expect(":irc\\.test FAIL MODE MOD_NOBAN :.*");
            }
        }
    }
}
