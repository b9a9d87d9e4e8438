package sori.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sori.server.ChatServer;
import sori.testing.LineClient;
import sori.testing.TestServers;

/** draft/multiline over real loopback sockets: a batch in, one message out, as a batch or line by line. */
class IrcMultilineTest {

    private static final String MULTI = "batch message-tags server-time draft/multiline";

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ChatServer start() {
        server = TestServers.chat(c -> TestServers.noFlood(c.withIrc(new IrcConfig(0, "irc.test", "testnet"))));
        return server;
    }

    private static final class Irc extends IrcTestClient {
        Irc(ChatServer s) throws IOException {
            super(s);
        }

        static Irc in(ChatServer s, String nick, String caps) throws IOException {
            Irc i = new Irc(s);
            i.send("CAP LS 302").send("CAP REQ :" + caps).send("NICK " + nick).send("USER " + nick + " 0 * :R")
                    .send("CAP END").send("JOIN #test");
            i.expect(":irc\\.test 366 " + nick + " #test :.*");
            return i;
        }
    }

    @Test
    void shouldSayABatchAsOneMessageAndSendItOnAsABatchOrLineByLine() throws IOException {
        start();
        try (Irc alice = Irc.in(server, "alice", MULTI + " echo-message labeled-response");
                Irc bob = Irc.in(server, "bob", MULTI);
                Irc charlie = Irc.in(server, "charlie", "message-tags server-time");
                LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
            jun.send("/join test");
            charlie.expect("(@\\S+ )?:jun!~u@sori JOIN #test");
            alice.send("@label=xyz BATCH +b1 draft/multiline #test")
                    .send("@batch=b1 PRIVMSG #test hello")
                    .send("@batch=b1 PRIVMSG #test :how is ")
                    .send("@batch=b1;draft/multiline-concat PRIVMSG #test :everyone?")
                    .send("BATCH -b1");

            String open = bob.expect("@time=\\S+;msgid=\\S+ :alice!~u@sori BATCH \\+\\S+ draft/multiline #test");
            String ref = open.replaceAll(".*BATCH \\+(\\S+).*", "$1");
            String msgid = open.replaceAll(".*msgid=([^; ]+).*", "$1");
            assertThat(bob.next()).isEqualTo("@batch=" + ref + " :alice!~u@sori PRIVMSG #test :hello");
            assertThat(bob.next()).isEqualTo("@batch=" + ref + " :alice!~u@sori PRIVMSG #test :how is ");
            assertThat(bob.next()).isEqualTo("@batch=" + ref + ";draft/multiline-concat :alice!~u@sori PRIVMSG #test :everyone?");
            assertThat(bob.next()).matches("(@\\S+ )?:alice!~u@sori BATCH -" + Pattern.quote(ref));

            // The echo answers the label of the batch's start, on its own start: one batch, not nested in another.
            assertThat(alice.expect("@\\S+ :alice!~u@sori BATCH \\+\\S+ draft/multiline #test"))
                    .startsWith("@label=xyz;").contains("msgid=" + msgid);

            assertThat(charlie.expect("@\\S+ :alice!~u@sori PRIVMSG #test :hello")).contains("msgid=" + msgid);
            assertThat(charlie.next()).matches("@time=[^;]+ :alice!~u@sori PRIVMSG #test :how is ");
            assertThat(charlie.next()).matches("@time=[^;]+ :alice!~u@sori PRIVMSG #test :everyone\\?");

            jun.expectLine("[alice] hello");
            jun.expectLine("[alice] how is everyone?");
        }
    }

    @Test
    void shouldSendALongLineFromAnotherTransportAsOneBatchToMultilineClients() throws IOException {
        start();
        try (Irc bob = Irc.in(server, "bob", MULTI);
                Irc charlie = Irc.in(server, "charlie", "server-time");
                LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
            jun.send("/join test");
            charlie.expect("(@\\S+ )?:jun!~u@sori JOIN #test");
            String text = "가".repeat(300); // 900 bytes: two IRC lines
            jun.send(text);
            String open = bob.expect("@\\S+ :jun!~u@sori BATCH \\+\\S+ draft/multiline #test");
            String ref = open.replaceAll(".*BATCH \\+(\\S+).*", "$1");
            String first = bob.next();
            String second = bob.next();
            assertThat(first).startsWith("@batch=" + ref + " :jun!~u@sori PRIVMSG #test :");
            assertThat(second).startsWith("@batch=" + ref + ";draft/multiline-concat :jun!~u@sori PRIVMSG #test :");
            assertThat(first.substring(first.indexOf(" :", first.indexOf("PRIVMSG")) + 2)
                    + second.substring(second.indexOf(" :", second.indexOf("PRIVMSG")) + 2)).isEqualTo(text);
            assertThat(bob.next()).matches("(@\\S+ )?:jun!~u@sori BATCH -" + Pattern.quote(ref));
            charlie.expect("@time=\\S+ :jun!~u@sori PRIVMSG #test :가+");
            charlie.expect("@time=\\S+ :jun!~u@sori PRIVMSG #test :가+");
        }
    }

    @Test
    void shouldRefuseBrokenBatchesWithFailAndSayNothingOfThem() throws IOException {
        start();
        try (Irc alice = Irc.in(server, "alice", MULTI);
                LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
            jun.send("/join test");
            alice.expect("(@\\S+ )?:jun!~u@sori JOIN #test");
            alice.send("CAP LS 302");
            alice.expect(":irc\\.test CAP alice LS :.*draft/multiline=max-bytes=4096,max-lines=100.*");
            alice.send("BATCH +b draft/multiline #test").send("@batch=b PRIVMSG #test :hi")
                    .send("@batch=b;draft/multiline-concat PRIVMSG #test :").send("BATCH -b");
            alice.expect(":irc\\.test FAIL BATCH MULTILINE_INVALID :.*");
            alice.send("@batch=nope PRIVMSG #test :hi");
            alice.expect(":irc\\.test FAIL BATCH MULTILINE_INVALID :.*");
            alice.send("BATCH +c draft/multiline #test");
            for (int i = 0; i <= IrcMultiline.MAX_LINES; i++) {
                alice.send("@batch=c PRIVMSG #test :line");
            }
            alice.expect(":irc\\.test FAIL BATCH MULTILINE_MAX_LINES 100 :.*");
            alice.send("BATCH +d draft/multiline #test");
            for (int i = 0; i < 11; i++) {
                alice.send("@batch=d PRIVMSG #test :" + "x".repeat(400));
            }
            alice.expect(":irc\\.test FAIL BATCH MULTILINE_MAX_BYTES 4096 :.*");
            alice.send("PRIVMSG #test :after all that");
            jun.expectLine("[alice] after all that"); // and nothing of the batches before it
        }
    }
}
