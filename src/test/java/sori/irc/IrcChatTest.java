package sori.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sori.net.Limits;
import sori.server.ChatServer;
import sori.testing.LineClient;
import sori.testing.TestServers;

/** IRC over real loopback sockets: registration, one room shared with a netcat user, limits. */
class IrcChatTest {

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

    @Test
    void shouldLetAnIrcClientAndANetcatUserTalkInOneRoom() throws IOException {
        start();
        try (IrcTestClient mina = IrcTestClient.registered(server, "mina");
                LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
            mina.send("VERSION");
            mina.expect(":irc\\.test 005 mina .*NETWORK=testnet.*");
            mina.send("JOIN #lobby");
            mina.expect(":mina!~u@sori JOIN #lobby");
            mina.expect(":irc\\.test 353 mina = #lobby :(mina jun|jun mina)");
            mina.expect(":irc\\.test 366 mina #lobby :.*");
            jun.expectLine("* mina joined lobby.");

            jun.send("hello from netcat");
            mina.expect(":jun!~u@sori PRIVMSG #lobby :hello from netcat");
            jun.send("/me waves");
            mina.expect(":jun!~u@sori PRIVMSG #lobby :\u0001ACTION waves\u0001");

            mina.send("PRIVMSG #lobby :hi jun");
            jun.expectLine("[mina] hi jun");
            mina.send("PRIVMSG #lobby :\u0001ACTION smiles\u0001");
            jun.expectLine("* mina smiles");
            mina.send("PRIVMSG jun :just you");
            jun.expectLine("[mina -> jun] just you");
            jun.send("/msg mina and you");
            mina.expect(":jun!~u@sori PRIVMSG mina :and you");

            mina.send("TOPIC #lobby :tea at five");
            jun.expectLine("* mina set the topic of lobby: tea at five");
            mina.expect(":mina!~u@sori TOPIC #lobby :tea at five");
            jun.send("/topic coffee instead");
            mina.expect(":jun!~u@sori TOPIC #lobby :coffee instead");

            jun.send("/nick junho");
            mina.expect(":jun!~u@sori NICK junho");
            mina.send("WHOIS junho");
            mina.expect(":irc\\.test 311 mina junho ~u sori \\* :junho");
            mina.expect(":irc\\.test 319 mina junho :#lobby");
            mina.expect(":irc\\.test 318 mina junho :.*");

            mina.send("NICK minah");
            mina.expect(":mina!~u@sori NICK minah");
            jun.expectLine("* mina is now known as minah.");

            mina.send("PART #lobby :see you");
            mina.expect(":minah!~u@sori PART #lobby :see you");
            jun.expectLine("* minah left lobby (see you).");
            mina.send("JOIN #lobby");
            mina.expect(":minah!~u@sori JOIN #lobby");
            mina.expect(":irc\\.test 332 minah #lobby :coffee instead");
            jun.send("/quit going home");
            mina.expect(":junho!~u@sori QUIT :Quit: going home");

            mina.send("QUIT :bye");
            assertThat(mina.c.expectClosed()).anyMatch(l -> l.startsWith(":irc.test ERROR :Closing Link: 127.0.0.1 (Quit: bye)"));
        }
    }

    @Test
    void shouldShowHistoryAfterTheNamesWithServerTime() throws IOException {
        start();
        try (LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
            jun.send("before you came");
            jun.expectLine("[jun] before you came");
            try (IrcTestClient mina = new IrcTestClient(server)) {
                mina.send("CAP LS 302").send("CAP REQ :server-time").send("NICK mina").send("USER m 0 * :M")
                        .send("CAP END").send("JOIN #lobby");
                mina.expect(":irc\\.test CAP \\* ACK :?server-time");
                mina.expect(":mina!~u@sori JOIN #lobby");
                mina.expect(":irc\\.test 366 mina #lobby :.*");
                mina.expect("@time=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z :jun!~u@sori PRIVMSG #lobby :before you came");
            }
        }
    }

    @Test
    void shouldAnswerRegistrationErrorsWithTheirNumerics() throws IOException {
        start();
        try (IrcTestClient taken = IrcTestClient.registered(server, "mina"); IrcTestClient i = new IrcTestClient(server)) {
            i.send("JOIN #lobby");
            i.expect(":irc\\.test 451 \\* :You have not registered");
            i.send("USER x");
            i.expect(":irc\\.test 461 \\* USER :Not enough parameters");
            i.send("NICK");
            i.expect(":irc\\.test 431 \\* :No nickname given");
            i.send("NICK bad,nick").send("USER u 0 * :U");
            i.expect(":irc\\.test 432 \\* bad,nick :.*");
            i.send("NICK MINA");
            i.expect(":irc\\.test 433 \\* MINA :.*");
            i.send("NICK mina2");
            i.expect(":irc\\.test 001 mina2 :.*");
            i.send("USER again 0 * :again");
            i.expect(":irc\\.test 462 mina2 :.*");
            i.send("FROB");
            i.expect(":irc\\.test 421 mina2 FROB :Unknown command");
            i.send("PRIVMSG #nowhere :hi");
            i.expect(":irc\\.test 403 mina2 #nowhere :.*");
            i.send("PRIVMSG nobody :hi");
            i.expect(":irc\\.test 401 mina2 nobody :.*");
            i.send("NOTICE nobody :hi").send("PING :sync");
            i.expect(":irc\\.test PONG irc\\.test :?sync"); // the NOTICE got no answer before the PONG
        }
    }

    @Test
    void shouldRefuseTooLongInputWith417AndSplitLongMessagesFromOtherTransports() throws IOException {
        start();
        try (IrcTestClient mina = IrcTestClient.registered(server, "mina");
                LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
            mina.send("JOIN #lobby");
            mina.expect(":irc\\.test 366 mina #lobby :.*");
            mina.send("PRIVMSG #lobby :" + "x".repeat(600));
            mina.expect(":irc\\.test 417 mina :Input line was too long");
            mina.send("@+tag=" + "t".repeat(9000) + " PRIVMSG #lobby :tagged");
            mina.expect(":irc\\.test 417 mina :Input line was too long");

            String text = "가나다라".repeat(500) + " end"; // 6004 bytes
            jun.send(text);
            StringBuilder got = new StringBuilder();
            List<String> lines = new ArrayList<>();
            while (!got.toString().endsWith(" end")) {
                String l = mina.expect(":jun!~u@sori PRIVMSG #lobby :.*");
                lines.add(l);
                got.append(l.substring(":jun!~u@sori PRIVMSG #lobby :".length()));
            }
            assertThat(got.toString()).isEqualTo(text);
            assertThat(lines).hasSizeGreaterThan(10)
                    .allMatch(l -> (l + "\r\n").getBytes(StandardCharsets.UTF_8).length <= IrcMessage.MAX_BYTES);
        }
    }

    @Test
    void shouldCloseAFloodingClientWithExcessFlood() throws IOException {
        server = TestServers.chat(c -> c.withIrc(new IrcConfig(0, "irc.test", "testnet"))
                .withLimits(new Limits(5, 1, 2048, 0, 0, false, 30)));
        try (IrcTestClient mina = IrcTestClient.registered(server, "mina")) {
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                burst.append("PRIVMSG nobody :").append("flood ".repeat(10)).append("\r\n");
            }
            mina.c.sendRaw(burst.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(mina.c.expectClosed()).anyMatch(l -> l.matches(":irc\\.test ERROR :Closing Link: 127\\.0\\.0\\.1 \\(Excess Flood\\)\r?"));
        }
    }

    @Test
    void shouldAnswerQueriesAboutUsersWithAwayAndWhox() throws IOException {
        start();
        try (IrcTestClient mina = IrcTestClient.registered(server, "mina"); IrcTestClient jun = IrcTestClient.registered(server, "jun");
                LineClient bo = LineClient.named(server.chatAddress(), "bo")) {
            jun.send("AWAY :at lunch");
            jun.expect(":irc\\.test 306 jun :.*");
            mina.send("PRIVMSG jun :there?");
            mina.expect(":irc\\.test 301 mina jun :at lunch");
            jun.expect(":mina!~u@sori PRIVMSG jun :there\\?");
            mina.send("ISON jun bo nobody");
            mina.expect(":irc\\.test 303 mina :jun bo");
            mina.send("USERHOST jun bo");
            mina.expect(":irc\\.test 302 mina :jun=-~jun@sori bo=\\+~u@sori");
            mina.send("WHO bo %tnuhfr,42");
            mina.expect(":irc\\.test 354 mina 42 ~u sori bo H :bo");
            mina.expect(":irc\\.test 315 mina bo :.*");
            mina.send("WHOIS jun");
            mina.expect(":irc\\.test 311 mina jun ~jun sori \\* :Real jun");
            mina.expect(":irc\\.test 301 mina jun :at lunch");
            jun.send("MODE jun +i");
            jun.expect(":jun!~u@sori MODE jun :?\\+i");
            mina.send("WHO *");
            mina.expect(":irc\\.test 352 mina \\* ~u sori irc\\.test bo H :0 bo");
            mina.expect(":irc\\.test 315 mina \\* :.*"); // jun is invisible and shares no channel
            mina.send("WHO jun");
            mina.expect(":irc\\.test 352 mina \\* ~jun sori irc\\.test jun G :0 Real jun");
            mina.send("WHOWAS gone");
            mina.expect(":irc\\.test 406 mina gone :.*");
            mina.expect(":irc\\.test 369 mina gone :.*");
            jun.send("NICK junior");
            jun.expect(":jun!~u@sori NICK :?junior");
            mina.send("WHOWAS jun");
            mina.expect(":irc\\.test 314 mina jun ~jun sori \\* :Real jun");
            mina.expect(":irc\\.test 369 mina jun :.*");
        }
    }

    @Test
    void shouldSpeakIrcOverTlsAndPlainTextOnTheSamePort(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        server = TestServers.chat(c -> c.withIrc(new IrcConfig(0, "irc.test", "testnet"))
                .withTls(sori.net.TlsOptions.selfSigned(dir)));
        try (LineClient tls = new LineClient(sori.testing.Tls.connect(server.ircAddress().getPort(),
                server.tls().certFile()))) {
            tls.sendRaw("NICK sec\r\nUSER s 0 * :S\r\n".getBytes(StandardCharsets.UTF_8));
            tls.expect(l -> l.startsWith(":irc.test 001 sec "));
            try (IrcTestClient plain = IrcTestClient.registered(server, "plain")) {
                plain.send("JOIN #both");
                plain.expect(":irc\\.test 366 plain #both :.*");
                tls.sendRaw("JOIN #both\r\n".getBytes(StandardCharsets.UTF_8));
                plain.expect(":sec!~u@sori JOIN #both");
            }
            assertThat(server.ircAddress().getPort()).isNotEqualTo(server.chatAddress().getPort());
        }
    }

    @Test
    void shouldSignInToARegisteredNickWithPassAndRefuseItWithout() throws IOException {
        start();
        try (LineClient mina = LineClient.named(server.chatAddress(), "mina")) {
            mina.send("/register correct-horse");
            mina.expect(l -> l.contains("is now your account"));
            mina.send("/quit");
            mina.expectClosed();
        }
        try (IrcTestClient guest = new IrcTestClient(server)) {
            guest.send("NICK mina").send("USER g 0 * :G");
            guest.expect(":irc\\.test 433 \\* mina :.*");
            guest.send("NICK guest");
            guest.expect(":irc\\.test 001 guest :.*");
        }
        try (IrcTestClient wrong = new IrcTestClient(server)) {
            wrong.send("PASS wrong-horse").send("NICK mina").send("USER g 0 * :G");
            wrong.expect(":irc\\.test 464 \\* :.*");
            wrong.expect(":irc\\.test 433 \\* mina :.*");
        }
        try (IrcTestClient owner = new IrcTestClient(server)) {
            owner.send("PASS correct-horse").send("NICK mina").send("USER m 0 * :M").send("JOIN #lobby");
            owner.expect(":irc\\.test 001 mina :.*");
            owner.expect(":mina!~u@sori JOIN #lobby");
            owner.send("WHOIS mina");
            owner.expect(":irc\\.test 330 mina mina mina :.*");
        }
    }

    @Test
    void shouldInviteAndRefuseKicksFromWhoIsNotAnOperator() throws IOException {
        start();
        try (IrcTestClient mina = IrcTestClient.registered(server, "mina"); IrcTestClient jun = IrcTestClient.registered(server, "jun")) {
            mina.send("JOIN #tea");
            mina.expect(":irc\\.test 366 mina #tea :.*");
            mina.send("INVITE jun #tea");
            mina.expect(":irc\\.test 341 mina jun :?#tea");
            jun.expect(":mina!~u@sori INVITE jun :?#tea");
            mina.send("KICK #tea jun");
            mina.expect(":irc\\.test 441 mina jun #tea :.*");
            jun.send("JOIN #tea");
            mina.expect(":jun!~u@sori JOIN #tea");
            jun.send("KICK #tea mina");
            jun.expect(":irc\\.test 482 jun #tea :.*"); // mina opened #tea: its operator; jun is not
            mina.send("INVITE jun #tea");
            mina.expect(":irc\\.test 443 mina jun #tea :.*");
        }
    }

    @Test
    void shouldShowModerationAsModeKickAndNoticeWithPrefixesInNames() throws IOException {
        start();
        try (LineClient mina = LineClient.named(server.chatAddress(), "mina"); IrcTestClient jun = IrcTestClient.registered(server, "jun")) {
            mina.send("/register correct-horse");
            mina.expect(l -> l.contains("is now your account"));
            mina.send("/join dev");
            mina.expect(l -> l.contains(" joined dev"));
            jun.send("JOIN #dev");
            jun.expect(":irc\\.test 366 jun #dev :.*");
            mina.send("/claim");
            jun.expect(":irc\\.test NOTICE #dev :\\* mina is now the founder of dev");
            jun.send("VERSION");
            jun.expect(":irc\\.test 005 jun .*PREFIX=\\(ov\\)@\\+.*");
            mina.send("/voice jun");
            jun.expect(":mina!~u@sori MODE #dev \\+v jun");
            jun.send("NAMES #dev");
            jun.expect(":irc\\.test 353 jun = #dev :(@mina \\+jun|\\+jun @mina)");
            jun.send("WHO #dev");
            jun.expect(":irc\\.test 352 jun #dev ~u sori irc\\.test mina H@ :0 .*");
            mina.send("/mode +m");
            jun.expect(":mina!~u@sori MODE #dev \\+m");
            mina.send("/kick jun enough");
            jun.expect(":mina!~u@sori KICK #dev jun :enough");
            jun.send("PART #dev");
            jun.expect(":irc\\.test 442 jun #dev :.*");
            mina.send("/mode +k sesame");
            mina.expect(l -> l.contains("set mode +k"));
            jun.send("JOIN #dev");
            jun.expect(":irc\\.test 475 jun #dev :.*");
            jun.send("JOIN #dev,#tea nope,");
            jun.expect(":irc\\.test 475 jun #dev :.*");
            jun.expect(":jun!~u@sori JOIN #tea");
            jun.send("JOIN #dev sesame");
            jun.expect(":jun!~u@sori JOIN #dev");
            jun.expect(":irc\\.test 353 jun = #dev :(@mina jun|jun @mina)"); // a guest's voice ended with the kick
            mina.send("/mode -k");
            jun.expect(":mina!~u@sori MODE #dev -k \\*");
        }
    }

    @Test
    void shouldAttachASecondConnectionOfAnAccountSignedInWithPassToItsRooms() throws IOException {
        start();
        try (LineClient mina = LineClient.named(server.chatAddress(), "mina");
                LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
            mina.send("/register correct-horse");
            mina.expect(l -> l.contains("is now your account"));
            mina.send("/join dev");
            mina.expect(l -> l.contains(" joined dev"));
            jun.send("/join dev");
            mina.expect(l -> l.contains("jun joined dev"));
            try (IrcTestClient irc = new IrcTestClient(server)) {
                irc.send("PASS correct-horse").send("NICK mina").send("USER m 0 * :M");
                irc.expect(":irc\\.test 900 mina mina!~u@sori mina :.*");
                irc.expect(":irc\\.test 001 mina :.*");
                irc.expect(":irc\\.test 376 mina :.*");
                irc.expect(":mina!~u@sori JOIN #lobby");
                irc.expect(":mina!~u@sori JOIN #dev");
                irc.expect(":irc\\.test 353 mina = #dev :(@mina jun|jun @mina)"); // mina opened dev
                irc.expect(":irc\\.test 366 mina #dev :.*");
                jun.send("hello both");
                irc.expect(":jun!~u@sori PRIVMSG #dev :hello both");
                irc.send("PRIVMSG #dev :from irc");
                jun.expectLine("[mina] from irc");
                // The account's other connection's lines are shown; its own (no echo-message) are not.
                mina.send("from netcat");
                assertThat(irc.expect(":mina!~u@sori PRIVMSG #dev :.*")).isEqualTo(":mina!~u@sori PRIVMSG #dev :from netcat");
                mina.send("/msg jun psst");
                irc.expect(":mina!~u@sori PRIVMSG jun :psst");
            }
            jun.send("/who");
            jun.expectLine("* In dev (2): @mina, jun");
        }
    }

    @Test
    void shouldModerateFromIrcWithModeAndKick() throws IOException {
        start();
        try (LineClient mina = LineClient.named(server.chatAddress(), "mina");
                LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
            mina.send("/register correct-horse");
            mina.expect(l -> l.contains("is now your account"));
            mina.send("/join ops");
            mina.expect(l -> l.contains(" joined ops"));
            mina.send("/claim");
            mina.expectLine("* mina is now the founder of ops");
            jun.send("/join ops");
            mina.expect(l -> l.contains("jun joined ops"));
            try (IrcTestClient irc = new IrcTestClient(server)) {
                irc.send("PASS correct-horse").send("NICK mina").send("USER m 0 * :M");
                irc.expect(":irc\\.test 366 mina #ops :.*");
                irc.send("MODE #ops");
                irc.expect(":irc\\.test 324 mina #ops :?\\+n");
                irc.send("MODE #ops +v jun");
                jun.expectLine("* mina gave jun a voice in ops");
                irc.expect(":mina!~u@sori MODE #ops \\+v jun");
                irc.send("MODE #ops +ml 5");
                jun.expectLine("* mina set mode +m on ops");
                jun.expectLine("* mina set mode +l 5 on ops");
                irc.send("MODE #ops");
                irc.expect(":irc\\.test 324 mina #ops \\+n[lm]{2} :?5");
                irc.send("MODE #ops +x");
                irc.expect(":irc\\.test 472 mina x :.*");
                irc.send("KICK #ops jun :out you go");
                jun.expectLine("* jun was kicked from ops by mina (out you go)");
                irc.expect(":mina!~u@sori KICK #ops jun :out you go");
            }
        }
    }
}
