package sori.irc;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sori.chat.ChatConfig;
import sori.server.ChatServer;
import sori.testing.LineClient;
import sori.testing.TestServers;

/**
 * Operators, modes and the notifications about other users over real loopback sockets: OPER and KILL against
 * an {@code --admin} account, a channel's opener as its operator, ban lists, MONITOR across transports,
 * away-notify, setname and invite-notify.
 */
class IrcOpsTest {

    private ChatServer server;

    @BeforeEach
    void start() throws IOException {
        server = TestServers.chat(c -> c.withIrc(new IrcConfig(0, "irc.test", "testnet"))
                .withChat(c.chat().withAdmins(List.of("root"))));
        try (LineClient root = LineClient.named(server.chatAddress(), "root")) {
            root.send("/register correct-horse");
            root.expect(l -> l.contains("is now your account"));
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldLetAnAdministratorsPasswordMakeAnOperatorWhoKills() throws IOException {
        try (IrcTestClient op = IrcTestClient.registered(server, "op");
                IrcTestClient bob = IrcTestClient.registered(server, "bob");
                LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
            op.send("OPER jun whatever");
            op.expect(":irc\\.test 491 op :.*");
            op.send("OPER root wrong-horse");
            op.expect(":irc\\.test 464 op :.*");
            bob.send("KILL jun :go away");
            bob.expect(":irc\\.test 481 bob :.*");
            op.send("OPER root correct-horse").send("PING after");
            op.expect(":irc\\.test 381 op :.*");
            op.expect(":irc\\.test MODE op :?\\+o");
            op.expect(":irc\\.test PONG irc\\.test :?after"); // the answer to OPER comes first
            op.send("INFO");
            op.expect(":irc\\.test 371 op :sori .*");
            op.expect(":irc\\.test 374 op :.*");
            op.send("MODE op");
            op.expect(":irc\\.test 221 op :?\\+o");
            bob.send("WHOIS op");
            bob.expect(":irc\\.test 313 bob op :.*");

            bob.send("MODE bob +w");
            bob.expect(":bob!~u@sori MODE bob :?\\+w");
            op.send("WALLOPS :server going down soon");
            bob.expect(":op!~u@sori WALLOPS :server going down soon");

            op.send("JOIN #ops");
            op.expect(":irc\\.test 366 op #ops :.*");
            bob.send("JOIN #ops");
            op.expect(":bob!~u@sori JOIN #ops");
            op.send("KILL jun :spam");
            jun.expectClosed();
            op.send("KILL bob");
            op.expect(":bob!~u@sori QUIT :Killed.*");
        }
    }

    @Test
    void shouldMakeWhoeverOpensAChannelItsOperatorUntilItLeaves() throws IOException {
        try (IrcTestClient mina = IrcTestClient.registered(server, "mina", "multi-prefix", "invite-notify");
                IrcTestClient jun = IrcTestClient.registered(server, "jun");
                IrcTestClient eve = IrcTestClient.registered(server, "eve")) {
            mina.send("JOIN #tea");
            mina.expect(":irc\\.test 353 mina = #tea :@mina");
            mina.send("MODE #tea +int");
            mina.expect(":mina!~u@sori MODE #tea :?\\+it");
            mina.send("MODE #tea");
            mina.expect(":irc\\.test 324 mina #tea :?\\+nit");
            mina.expect(":irc\\.test 329 mina #tea :?\\d+");
            jun.send("JOIN #tea");
            jun.expect(":irc\\.test 473 jun #tea :.*");
            mina.send("INVITE jun #tea");
            mina.expect(":irc\\.test 341 mina jun :?#tea");
            jun.expect(":mina!~u@sori INVITE jun :?#tea");
            jun.send("JOIN #tea");
            mina.expect(":jun!~u@sori JOIN #tea");
            jun.send("MODE #tea +v jun");
            jun.expect(":irc\\.test 482 jun #tea :.*");
            jun.send("TOPIC #tea :mine now");
            jun.expect(":irc\\.test 482 jun #tea :.*");
            mina.send("MODE #tea +o nobody");
            mina.expect(":irc\\.test 401 mina nobody :.*");
            mina.send("MODE #tea +o eve");
            mina.expect(":irc\\.test 441 mina eve #tea :.*");
            mina.send("TOPIC #tea :green").send("TOPIC #tea");
            mina.expect(":irc\\.test 332 mina #tea :green");
            mina.expect(":irc\\.test 333 mina #tea mina!~u@sori :?\\d+");
            mina.send("MODE #tea +s").send("NAMES #tea");
            mina.expect(":irc\\.test 353 mina @ #tea :.*"); // secret
            mina.send("MODE #tea +v mina");
            mina.expect(":mina!~u@sori MODE #tea \\+v mina");
            mina.send("NAMES #tea");
            mina.expect(":irc\\.test 353 mina @ #tea :(@\\+mina jun|jun @\\+mina)");
            mina.send("MODE #tea +o jun");
            jun.expect(":mina!~u@sori MODE #tea \\+o jun");
            jun.send("INVITE eve #tea");
            mina.expect(":jun!~u@sori INVITE eve :?#tea"); // invite-notify
            eve.expect(":jun!~u@sori INVITE eve :?#tea");

            mina.send("MODE #tea +b eve!*@*");
            mina.expect(":mina!~u@sori MODE #tea \\+b eve!\\*@\\*");
            mina.send("MODE #tea b");
            mina.expect(":irc\\.test 367 mina #tea eve!\\*@\\* mina :?\\d+");
            mina.expect(":irc\\.test 368 mina #tea :.*");
            eve.send("JOIN #tea");
            eve.expect(":irc\\.test 474 eve #tea :.*");

            mina.send("MODE #tea -i");
            mina.expect(":mina!~u@sori MODE #tea :?-i");
            mina.send("PART #tea").send("JOIN #tea");
            mina.expect(":irc\\.test 353 mina @ #tea :(@jun mina|mina @jun)"); // back as anyone else
        }
    }

    @Test
    void shouldMonitorNamesComingAndGoingOnEveryTransport() throws IOException {
        try (IrcTestClient mina = IrcTestClient.registered(server, "mina")) {
            mina.send("VERSION");
            mina.expect(":irc\\.test 005 mina .*MONITOR=100.*");
            mina.send("MONITOR + jun,mina");
            mina.expect(":irc\\.test 730 mina :?mina!~u@sori");
            mina.expect(":irc\\.test 731 mina :?jun");
            try (LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
                mina.expect(":irc\\.test 730 mina :?jun!~u@sori");
                jun.send("/nick junho");
                mina.expect(":irc\\.test 731 mina :?jun");
            }
            mina.send("MONITOR + junho");
            mina.expect(":irc\\.test 731 mina :?junho");
            mina.send("MONITOR L");
            mina.expect(":irc\\.test 732 mina :?jun,mina,junho");
            mina.expect(":irc\\.test 733 mina :.*");
            mina.send("MONITOR - jun");
            mina.send("MONITOR S");
            mina.expect(":irc\\.test 730 mina :?mina!~u@sori");
            mina.expect(":irc\\.test 731 mina :?junho");
        }
    }

    @Test
    void shouldTellChannelPeersWhoAskedOfAwayAndNewRealNames() throws IOException {
        try (IrcTestClient mina = IrcTestClient.registered(server, "mina", "away-notify", "setname");
                IrcTestClient jun = IrcTestClient.registered(server, "jun", "setname")) {
            mina.send("JOIN #tea");
            mina.expect(":irc\\.test 366 mina #tea :.*");
            jun.send("JOIN #tea");
            mina.expect(":jun!~u@sori JOIN #tea");
            jun.send("AWAY :lunch");
            jun.expect(":irc\\.test 306 jun :.*");
            mina.expect(":jun!~u@sori AWAY :?lunch");
            jun.send("PART #tea").send("JOIN #tea");
            mina.expect(":jun!~u@sori JOIN #tea");
            mina.expect(":jun!~u@sori AWAY :?lunch"); // away when joining: said right after
            jun.send("AWAY");
            mina.expect(":jun!~u@sori AWAY");
            jun.send("SETNAME :Jun Park");
            jun.expect(":jun!~u@sori SETNAME :Jun Park");
            mina.expect(":jun!~u@sori SETNAME :Jun Park");
            mina.send("WHOIS jun");
            mina.expect(":irc\\.test 311 mina jun ~jun sori \\* :Jun Park");
        }
    }
}
