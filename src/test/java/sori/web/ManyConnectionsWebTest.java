package sori.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.server.ChatServer;
import sori.store.StoreOptions;
import sori.testing.Await;
import sori.testing.LineClient;
import sori.testing.TestServers;

/**
 * One account signed in on the plain-text port and the WebSocket at once, over real sockets: one person
 * in the room, both connections get everything, and the language an account chose comes back with it.
 */
class ManyConnectionsWebTest {

    private static final String SECRET = "both-ways-123";

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The lines up to and including the first that matches {@code last}. */
    private static List<String> until(LineClient c, Predicate<String> last) {
        List<String> seen = new ArrayList<>();
        while (true) {
            String l = c.next();
            seen.add(l);
            if (last.test(l)) {
                return seen;
            }
        }
    }

    /** The next message of {@code type} that contains {@code text}. */
    private static String next(WsPeer p, String type, String text) throws Exception {
        while (true) {
            String m = p.next(type);
            if (m.contains(text)) {
                return m;
            }
        }
    }

    @Test
    void shouldBeOnePersonOnTheLinePortAndTheWebSocketAtOnce() throws Exception {
        server = TestServers.chat();
        try (LineClient jun = LineClient.named(server.chatAddress(), "jun");
                LineClient mina = LineClient.named(server.chatAddress(), "mina")) {
            mina.send("/register " + SECRET);
            mina.expect(l -> l.contains("is now your account"));
            jun.expectLine("* mina joined lobby.");
            try (WsPeer web = WsPeer.open(server.webAddress(), null)) {
                web.send("{\"type\":\"name\",\"name\":\"MINA\"}");
                web.next("password");
                web.send("{\"type\":\"command\",\"line\":\"" + SECRET + "\"}");
                assertThat(web.next("attached"))
                        .isEqualTo("{\"type\":\"attached\",\"name\":\"mina\",\"rooms\":[\"lobby\"],\"connections\":2}");
                // `attached` is said before the connection joins its rooms' fan-out (so it comes first);
                // input waits for the sign-in to finish, so a who answered means the attach is complete.
                // Without this, a line said in between reaches the web as `replayed`, not `said`.
                web.send("{\"type\":\"command\",\"line\":\"/who\"}");
                web.next("who");

                jun.send("hello you two");
                mina.expectLine("[jun] hello you two");
                next(web, "said", "hello you two");
                mina.send("from the terminal");
                assertThat(next(web, "said", "from the terminal")).contains("\"name\":\"mina\"");
                web.send("{\"type\":\"say\",\"room\":\"lobby\",\"text\":\"from the browser\"}");
                mina.expectLine("[mina] from the browser");
                jun.expectLine("[mina] from the browser");

                jun.send("/who");
                assertThat(jun.expect(l -> l.startsWith("* In lobby"))).isEqualTo("* In lobby (2): jun, mina");
                jun.send("/msg mina psst");
                mina.expectLine("[jun -> mina] psst");
                next(web, "private", "psst");
                web.send("{\"type\":\"msg\",\"to\":\"jun\",\"text\":\"back from the web\"}");
                jun.expectLine("[mina -> jun] back from the web");
                mina.expectLine("[mina -> jun] back from the web");
            }
            // The browser went: nobody hears of it, and the terminal is still mina, in lobby.
            Await.until("web connection gone", () -> server.hub().connections() == 2, LineClient.WAIT);
            jun.send("/who");
            assertThat(until(jun, l -> l.startsWith("* In lobby")))
                    .noneMatch(l -> l.contains("mina quit") || l.contains("mina left") || l.contains("lost"))
                    .last().isEqualTo("* In lobby (2): jun, mina");
            mina.send("still here");
            jun.expectLine("[mina] still here");

            mina.send("/quit");
            mina.expectClosed();
            jun.send("/who");
            List<String> seen = until(jun, l -> l.startsWith("* In lobby"));
            assertThat(seen).filteredOn(l -> l.startsWith("* mina")).containsExactly("* mina quit.");
            assertThat(seen.getLast()).isEqualTo("* In lobby (1): jun");
        }
    }

    @Test
    void shouldSpeakTheLanguageAnAccountChoseAfterARestartOnSqlite(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        server = TestServers.chat(c -> c.withStore(StoreOptions.sqlite(data)));
        try (LineClient mina = LineClient.named(server.chatAddress(), "mina")) {
            mina.send("/register " + SECRET);
            mina.expect(l -> l.contains("is now your account"));
            mina.send("/lang");
            mina.expectLine("* Your language is en. Choices: en, ko.");
            mina.send("/lang fr");
            mina.expectLine("error: there is no language fr; choose one of en, ko.");
            mina.send("/lang ko");
            mina.expectLine("★이제 한국어로 말합니다.");
            mina.send("/lang fr");
            mina.expectLine("오류: fr(이)라는 언어는 없습니다. en, ko 중에서 고르세요.");
            mina.send("/quit");
            mina.expectClosed();
        }
        server.close();
        server = TestServers.chat(c -> c.withStore(StoreOptions.sqlite(data)));
        try (LineClient guest = LineClient.named(server.chatAddress(), "guest");
                LineClient back = new LineClient(server.chatAddress())) {
            back.expect(l -> l.endsWith(": "));
            back.send("mina");
            back.expect(l -> l.startsWith("Password for mina"));
            back.send(SECRET);
            assertThat(back.expect(l -> l.contains("mina"))).startsWith("★mina님 환영합니다!");
            back.send("/lang");
            back.expectLine("★지금 언어는 ko입니다. 고를 수 있는 언어: en, ko.");
            guest.expectLine("* mina joined lobby."); // the server's language stays everyone else's
            try (WsPeer web = WsPeer.open(server.webAddress(), null)) { // and the account's other connections get it
                web.send("{\"type\":\"name\",\"name\":\"mina\"}");
                web.next("password");
                web.send("{\"type\":\"command\",\"line\":\"" + SECRET + "\"}");
                web.next("attached");
                web.send("{\"type\":\"command\",\"line\":\"/lang\"}");
                assertThat(web.next("notice")).contains("지금 언어는 ko");
                web.send("{\"type\":\"command\",\"line\":\"/lang en\"}");
                assertThat(web.next("notice")).contains("now English");
                back.expectLine("* Your language is now English.");
            }
        }
    }
}
