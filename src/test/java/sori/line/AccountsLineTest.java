package sori.line;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import sori.server.ChatServer;
import sori.testing.LineClient;
import sori.testing.TestServers;

/** Accounts over the plain-text protocol, with every log line of the process captured at every level. */
class AccountsLineTest {

    private static final String SECRET = "pa55-w0rd-zebra";

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Level before;
    private ChatServer server;

    @BeforeEach
    void captureLogs() {
        before = root.getLevel();
        root.setLevel(Level.ALL);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        root.detachAppender(logs);
        root.setLevel(before);
    }

    @Test
    void shouldAskARegisteredNameForItsPasswordAndNeverShowOrLogIt() throws Exception {
        server = TestServers.chat();
        List<String> watched = new ArrayList<>();
        try (LineClient jun = LineClient.named(server.chatAddress(), "jun")) {
            try (LineClient mina = LineClient.named(server.chatAddress(), "mina")) {
                mina.send("/register " + SECRET);
                mina.expect(l -> l.contains("is now your account"));
                mina.send("/quit");
                mina.expectClosed();
            }
            try (LineClient guest = new LineClient(server.chatAddress())) {
                guest.expect(l -> l.endsWith(": "));
                guest.send("MINA");
                assertThat(guest.expect(l -> l.endsWith(": "))).startsWith("Password for MINA");
                guest.send("guess-1");
                guest.expectLine("error: wrong password for MINA.");
                guest.send("guess-2");
                guest.send("guess-3");
                List<String> last = guest.expectClosed();
                assertThat(last).contains("error: 3 wrong passwords for MINA; disconnected.");
            }
            try (LineClient back = new LineClient(server.chatAddress())) {
                back.expect(l -> l.endsWith(": "));
                back.send("mina");
                back.expect(l -> l.startsWith("Password for mina"));
                back.send(""); // an empty line goes back to choosing a name
                back.expect(l -> l.endsWith(": "));
                back.send("jun");
                back.expect(l -> l.endsWith("error: the name jun is taken; choose another."));
            }
            jun.send("/who");
            jun.expect(l -> l.startsWith("* In lobby"));
            jun.send("/quit");
            watched.addAll(jun.expectClosed());
        }
        assertThat(watched).noneMatch(l -> l.contains(SECRET) || l.contains("guess-"));
        assertThat(logs.list).isNotEmpty();
        for (ILoggingEvent e : logs.list) {
            assertThat(e.getFormattedMessage()).doesNotContain(SECRET).doesNotContain("guess-");
            assertThat(String.valueOf(e.getKeyValuePairs())).doesNotContain(SECRET);
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
            }
        }
    }

    @Test
    void shouldSignInWithLoginAfterConnectingAsAGuest() throws Exception {
        server = TestServers.chat();
        try (LineClient mina = LineClient.named(server.chatAddress(), "mina")) {
            mina.send("/register " + SECRET);
            mina.expect(l -> l.contains("is now your account"));
        }
        try (LineClient c = LineClient.named(server.chatAddress(), "visitor")) {
            c.send("/nick mina");
            c.expect(l -> l.startsWith("error: mina is a registered name"));
            c.send("/login mina " + SECRET);
            c.send("after login");
            c.expectLine("* visitor is now known as mina.");
            c.expectLine("* You are signed in as mina.");
            c.expectLine("[mina] after login");
            c.send("/logout");
            c.expectLine("* Signed out. Bye.");
            c.expectClosed();
        }
    }
}
