package sori.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.server.ChatServer;
import sori.store.StoreOptions;
import sori.testing.LineClient;
import sori.testing.TestServers;

/** Every moderation command over the plain-text port, each also tried by someone it is not allowed to. */
class ModerationLineTest {

    private static final String PASSWORD = "pa55-w0rd-zebra";
    private static final String NOT_OP = "error: you are not an operator of #dev.";

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static ChatServer start(Path dataDir) {
        return TestServers.chat(c -> {
            c = TestServers.noFlood(c).withChat(c.chat().withAdmins(List.of("root")));
            return dataDir == null ? c : c.withStore(StoreOptions.sqlite(dataDir));
        });
    }

    private LineClient account(String name) throws IOException {
        LineClient c = LineClient.named(server.chatAddress(), name);
        c.send("/register " + PASSWORD);
        c.expect(l -> l.contains("is now your account"));
        return c;
    }

    private LineClient guest(String name) throws IOException {
        return LineClient.named(server.chatAddress(), name);
    }

    /** Each of {@code all} sees {@code line}. */
    private static void allSee(String line, LineClient... all) {
        for (LineClient c : all) {
            c.expectLine(line);
        }
    }

    private static void join(String room, LineClient... all) throws IOException {
        for (LineClient c : all) {
            c.send("/join " + room);
            c.expect(l -> l.startsWith("* ") && l.contains(" joined " + room));
        }
    }

    @Test
    void shouldRunEveryRoomCommandAndRefuseEachToWhoIsNotAllowed() throws Exception {
        server = start(null);
        try (LineClient mina = account("mina"); LineClient jun = account("jun"); LineClient bob = guest("bob");
                LineClient eve = guest("eve")) {
            join("dev", mina, jun, bob, eve);
            LineClient[] all = {mina, jun, bob, eve};

            bob.send("/claim");
            bob.expectLine("error: only an account can found a room; /register <password> first.");
            mina.send("/claim");
            allSee("* mina is now the founder of dev", all);
            jun.send("/claim");
            jun.expectLine("error: #dev already has a founder, mina.");

            for (String tried : List.of("/op jun", "/deop jun", "/voice eve", "/devoice eve", "/kick eve", "/ban eve",
                    "/unban eve", "/mute eve", "/unmute eve", "/invite eve", "/mode +m", "/mode -t")) {
                bob.send(tried);
                assertThat(bob.expect(l -> l.startsWith("error:"))).as(tried).isEqualTo(NOT_OP);
            }
            for (String tried : List.of("/kill eve", "/sban eve", "/unsban eve")) {
                bob.send(tried);
                assertThat(bob.expect(l -> l.startsWith("error:"))).as(tried)
                        .isEqualTo("error: only a server administrator can use " + tried.split(" ")[0] + ".");
            }

            mina.send("/op bob"); // a guest: an operator for as long as it stays in the room
            allSee("* mina made bob an operator of dev", all);
            mina.send("/deop bob");
            allSee("* mina took operator status in dev from bob", all);
            mina.send("/op jun");
            allSee("* mina made jun an operator of dev", all);
            eve.send("/who");
            eve.expectLine("* In dev (4): @mina, @jun, bob, eve");

            jun.send("/mode +m");
            allSee("* jun set mode +m on dev", all);
            bob.send("hi");
            bob.expectLine("error: #dev is moderated (+m): only voiced members and operators speak.");
            mina.send("/voice bob");
            allSee("* mina gave bob a voice in dev", all);
            bob.send("hi now");
            allSee("[bob] hi now", all);
            eve.send("/who");
            eve.expectLine("* In dev (4): @mina, @jun, +bob, eve");
            mina.send("/devoice bob");
            allSee("* mina took the voice in dev from bob", all);
            bob.send("hi again");
            bob.expectLine("error: #dev is moderated (+m): only voiced members and operators speak.");
            mina.send("/mode -m");
            allSee("* mina set mode -m on dev", all);

            jun.send("/mute eve 10m");
            allSee("* jun muted eve in dev for 10m", all);
            eve.send("/me waves");
            eve.expectLine("error: you are muted in #dev.");
            jun.send("/unmute eve");
            allSee("* jun unmuted eve in dev", all);
            eve.send("back");
            allSee("[eve] back", all);

            mina.send("/mode +t");
            allSee("* mina set mode +t on dev", all);
            eve.send("/topic mine now");
            eve.expectLine("error: only operators set the topic of #dev (+t).");
            jun.send("/topic release friday");
            allSee("* jun set the topic of dev: release friday", all);

            eve.send("/kick bob");
            eve.expectLine(NOT_OP);
            jun.send("/kick mina");
            jun.expectLine("error: mina is the founder of #dev or an administrator; only an administrator can do that.");
            jun.send("/kick eve spamming");
            allSee("* eve was kicked from dev by jun (spamming)", all);
            eve.expectLine("* You are now talking in #lobby.");
            eve.send("/who dev");
            eve.expectLine("* In dev (3), topic \"release friday\": @mina, @jun, bob");

            jun.send("/ban eve 1h flooding");
            allSee("* jun banned eve from dev for 1h (flooding)", mina, jun, bob);
            eve.send("/join dev");
            eve.expectLine("error: you are banned from #dev (flooding).");
            jun.send("/unban eve");
            allSee("* jun lifted the ban on eve in dev", mina, jun, bob);
            join("dev", eve);
            jun.send("/ban e*");
            allSee("* jun banned e* from dev", all);
            allSee("* eve was kicked from dev by jun", mina, jun, bob, eve);
            jun.send("/unban E*");
            allSee("* jun lifted the ban on e* in dev", mina, jun, bob);
            jun.send("/unban nobody");
            jun.expectLine("error: there is no ban on nobody in #dev.");

            mina.send("/mode +i");
            allSee("* mina set mode +i on dev", mina, jun, bob);
            eve.send("/join dev");
            eve.expectLine("error: #dev is invite only; ask an operator for /invite.");
            jun.send("/invite eve");
            allSee("* jun invited eve to dev", mina, jun, bob);
            eve.expectLine("* jun invites you to #dev: /join dev");
            join("dev", eve);
            eve.send("/part");
            eve.expect(l -> l.startsWith("* eve left dev"));
            eve.send("/join dev");
            eve.expectLine("error: #dev is invite only; ask an operator for /invite.");

            mina.send("/mode -i");
            mina.send("/mode +k sesame");
            allSee("* mina set mode +k on dev", mina, jun, bob);
            eve.send("/join dev");
            eve.expectLine("error: #dev needs a key: /join dev KEY");
            eve.send("/join dev open");
            eve.expectLine("error: wrong key for #dev.");
            eve.send("/join dev sesame");
            eve.expect(l -> l.equals("* eve joined dev."));
            mina.send("/mode");
            mina.expectLine("* Modes of #dev: +nkt sesame");
            eve.send("/mode");
            eve.expectLine("* Modes of #dev: +nkt");
            mina.send("/mode -k");
            allSee("* mina set mode -k on dev", all);

            mina.send("/mode +l 4");
            allSee("* mina set mode +l 4 on dev", all);
            eve.send("/part");
            eve.expect(l -> l.startsWith("* eve left dev"));
            mina.send("/mode +l 3");
            allSee("* mina set mode +l 3 on dev", mina, jun, bob);
            eve.send("/join dev");
            eve.expectLine("error: #dev is full (3 members).");
            mina.send("/mode -l");
            allSee("* mina set mode -l on dev", mina, jun, bob);

            mina.send("/mode +x");
            mina.expectLine("error: unknown mode +x; modes are +i -i +m -m +t -t +k KEY -k +l N -l +s -s +n -n.");
            mina.send("/mode -n");
            allSee("* mina set mode -n on dev", mina, jun, bob);
            mina.send("/mode");
            mina.expectLine("* Modes of #dev: +t");
            mina.send("/mode +n");
            allSee("* mina set mode +n on dev", mina, jun, bob);
            mina.send("/mode +s");
            allSee("* mina set mode +s on dev", mina, jun, bob);
            eve.send("/rooms");
            eve.expectLine("* 1 rooms:");
            mina.send("/deop jun");
            allSee("* mina took operator status in dev from jun", mina, jun, bob);
            jun.send("/kick bob");
            jun.expectLine(NOT_OP);
        }
    }

    @Test
    void shouldLetOnlyAnAdministratorsAccountKillAndBanFromTheServer() throws Exception {
        server = start(null);
        try (LineClient fake = guest("root"); LineClient bob = guest("bob"); LineClient mina = account("mina")) {
            fake.send("/kill bob");
            fake.expectLine("error: only a server administrator can use /kill.");
            join("dev", mina, fake); // mina opens it: the room's operator until it is claimed
            mina.send("/claim");
            mina.expectLine("* mina is now the founder of dev");
            fake.send("/kick mina");
            fake.expectLine(NOT_OP);
            fake.send("/register " + PASSWORD); // now the account root: an administrator
            fake.expect(l -> l.contains("is now your account"));
            LineClient root = fake;
            root.send("/kick mina testing");
            mina.expectLine("* mina was kicked from dev by root (testing)");

            root.send("/kill bob bye now");
            assertThat(bob.expectClosed()).contains("* You were disconnected by root (bye now).");
            mina.expectLine("* bob was disconnected by an administrator (bye now).");
            root.expectLine("* bob is disconnected.");
            mina.send("/kill root");
            mina.expectLine("error: only a server administrator can use /kill.");

            root.send("/sban troll");
            root.expectLine("* troll is banned from the server.");
            try (LineClient troll = new LineClient(server.chatAddress())) {
                troll.expect(l -> l.endsWith(": "));
                troll.send("Troll");
                assertThat(troll.expectClosed()).contains("error: you are banned from this server.");
            }
            root.send("/sban 127.0.0.1 10m");
            root.expectLine("* *@127.0.0.1 is banned from the server.");
            assertThat(mina.expectClosed()).contains("error: you are banned from this server.");
            try (LineClient any = new LineClient(server.chatAddress())) {
                assertThat(any.expectClosed()).containsExactly("error: you are banned from this server.");
            }
            root.send("/unsban 127.0.0.1");
            root.expectLine("* The server ban on *@127.0.0.1 is lifted.");
            root.send("/unsban troll");
            root.expectLine("* The server ban on troll is lifted.");
            root.send("/unsban troll");
            root.expectLine("error: there is no server ban on troll.");
            try (LineClient troll = guest("troll")) {
                troll.send("/quit");
                troll.expectClosed();
            }
        }
    }

    @Test
    void shouldKeepABanRolesAndModesAcrossARestart(@TempDir Path data) throws Exception {
        server = start(data);
        try (LineClient mina = account("mina"); LineClient eve = guest("eve")) {
            join("dev", mina, eve);
            mina.send("/claim");
            mina.send("/mode +m");
            mina.send("/ban eve 7d spam");
            mina.expectLine("* mina banned eve from dev for 7d (spam)");
            eve.expectLine("* eve was kicked from dev by mina (spam)");
        }
        server.close();
        server = start(data);
        try (LineClient eve = guest("eve")) {
            eve.send("/join dev");
            eve.expectLine("error: you are banned from #dev (spam).");
            try (LineClient mina = new LineClient(server.chatAddress())) {
                mina.expect(l -> l.endsWith(": "));
                mina.send("mina");
                mina.expect(l -> l.startsWith("Password for mina"));
                mina.send(PASSWORD);
                mina.expect(l -> l.contains("Welcome"));
                join("dev", mina);
                mina.send("/who");
                mina.expectLine("* In dev (1): @mina");
                mina.send("/mode");
                mina.expectLine("* Modes of #dev: +nm");
            }
        }
    }
}
