package sori.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.server.ChatServer;
import sori.store.StoreOptions;
import sori.testing.LineClient;
import sori.testing.TestServers;

/**
 * +n over real loopback sockets: a room opens +n and refuses a line from outside with 404; -n lets one in,
 * numbered and delivered like a member's, while bans and +m still hold; the mode outlives a restart.
 */
class IrcNoExternalTest {

    /** Any line said in #chan, as an IRC member sees it. */
    private static final String SAID = ":\\S+ PRIVMSG #chan :.*";

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ChatServer start(StoreOptions store) {
        server = TestServers.chat(c -> {
            var irc = c.withIrc(new IrcConfig(0, "irc.test", "testnet"));
            return store == null ? irc : irc.withStore(store);
        });
        return server;
    }

    /** {@code nick} opens #chan (its operator for the visit, as IRC's channel creator) and sees it is +n. */
    private static IrcTestClient opener(ChatServer s, String nick) throws IOException {
        IrcTestClient op = IrcTestClient.registered(s, nick);
        op.send("JOIN #chan");
        op.expect(":irc\\.test 366 " + nick + " #chan :.*");
        return op;
    }

    @Test
    void shouldRefuseALineFromOutsideWith404WhileTheRoomIsPlusN() throws IOException {
        start(null);
        try (IrcTestClient chanop = opener(server, "chanop");
                LineClient jun = LineClient.named(server.chatAddress(), "jun");
                IrcTestClient baz = IrcTestClient.registered(server, "baz", "echo-message")) {
            jun.send("/join chan");
            chanop.expect(":jun!~u@sori JOIN #chan");
            chanop.send("MODE #chan");
            chanop.expect(":irc\\.test 324 chanop #chan :?\\+n");
            baz.send("PRIVMSG #chan :hi from baz");
            baz.expect(":irc\\.test 404 baz #chan :.*");
            baz.send("NOTICE #chan :a notice from baz"); // refused too, and IRC answers no NOTICE
            // Nothing of baz's reached the room: the next line there is jun's, said after the refusal.
            jun.send("after baz");
            assertThat(chanop.expect(SAID)).isEqualTo(":jun!~u@sori PRIVMSG #chan :after baz");
            assertThat(jun.expect(l -> l.contains("baz") || l.contains("after"))).isEqualTo("[jun] after baz");
            baz.send("PING :done");
            assertThat(baz.expect(":irc\\.test (404|PONG) .*")).contains("PONG");
        }
    }

    @Test
    void shouldLetANonMemberSpeakInAMinusNRoomLikeAMember() throws IOException {
        start(null);
        try (IrcTestClient chanop = opener(server, "chanop");
                LineClient jun = LineClient.named(server.chatAddress(), "jun");
                IrcTestClient baz = IrcTestClient.registered(server, "baz", "echo-message")) {
            jun.send("/join chan");
            chanop.expect(":jun!~u@sori JOIN #chan");
            chanop.send("MODE #chan -int"); // i and t are off already: only n changes
            chanop.expect(":chanop!~u@sori MODE #chan -n");
            jun.expectLine("* chanop set mode -n on chan");
            chanop.send("MODE #chan");
            chanop.expect(":irc\\.test 324 chanop #chan :?\\+");

            baz.send("PRIVMSG #chan :hi again from baz");
            baz.expect(":baz!~u@sori PRIVMSG #chan :hi again from baz"); // its echo, though not a member
            chanop.expect(":baz!~u@sori PRIVMSG #chan :hi again from baz");
            jun.expectLine("[baz] hi again from baz");
            baz.send("NOTICE #chan :and a notice");
            chanop.expect(":baz!~u@sori NOTICE #chan :and a notice");
            // Speaking made baz no member.
            chanop.send("NAMES #chan");
            chanop.expect(":irc\\.test 353 chanop = #chan :@chanop jun");

            chanop.send("MODE #chan +n");
            chanop.expect(":chanop!~u@sori MODE #chan \\+n");
            baz.send("PRIVMSG #chan :once more");
            baz.expect(":irc\\.test 404 baz #chan :.*");
        }
    }

    @Test
    void shouldKeepABannedOrUnvoicedNonMemberOutOfAMinusNRoom() throws IOException {
        start(null);
        try (IrcTestClient chanop = opener(server, "chanop");
                IrcTestClient baz = IrcTestClient.registered(server, "baz");
                IrcTestClient eve = IrcTestClient.registered(server, "eve")) {
            chanop.send("MODE #chan -n");
            chanop.expect(":chanop!~u@sori MODE #chan -n");
            chanop.send("MODE #chan +b baz!*@*");
            chanop.expect(":chanop!~u@sori MODE #chan \\+b .*");
            baz.send("PRIVMSG #chan :let me in");
            baz.expect(":irc\\.test 404 baz #chan :.*");
            chanop.send("MODE #chan +m");
            chanop.expect(":chanop!~u@sori MODE #chan \\+m");
            eve.send("PRIVMSG #chan :anyone?");
            eve.expect(":irc\\.test 404 eve #chan :.*");
            chanop.send("MODE #chan -m");
            chanop.expect(":chanop!~u@sori MODE #chan -m");
            eve.send("PRIVMSG #chan :now?");
            assertThat(chanop.expect(SAID)).isEqualTo(":eve!~u@sori PRIVMSG #chan :now?");
        }
    }

    @Test
    void shouldKeepMinusNAcrossARestartOnSqlite(@TempDir Path dir) throws IOException {
        start(StoreOptions.sqlite(dir));
        try (LineClient mina = LineClient.named(server.chatAddress(), "mina")) {
            mina.send("/register correct-horse");
            mina.expect(l -> l.contains("is now your account"));
            mina.send("/join chan");
            mina.expect(l -> l.contains(" joined chan"));
            mina.send("/claim");
            mina.expectLine("* mina is now the founder of chan");
            mina.send("/mode -n");
            mina.expectLine("* mina set mode -n on chan");
        }
        server.close();
        start(StoreOptions.sqlite(dir));
        try (IrcTestClient jun = opener(server, "jun");
                IrcTestClient baz = IrcTestClient.registered(server, "baz")) {
            jun.send("MODE #chan");
            jun.expect(":irc\\.test 324 jun #chan :?\\+");
            baz.send("PRIVMSG #chan :still open");
            jun.expect(":baz!~u@sori PRIVMSG #chan :still open");
        }
    }
}
