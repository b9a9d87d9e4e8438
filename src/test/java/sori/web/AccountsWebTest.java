package sori.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sori.server.ChatServer;
import sori.testing.LineClient;
import sori.testing.TestServers;

/** Accounts on the WebSocket: the same prompt, and the same names refused, as on the plain-text port. */
class AccountsWebTest {

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldAskForThePasswordAndRefuseLookAlikesOnTheWebToo() throws Exception {
        server = TestServers.chat();
        try (LineClient mina = LineClient.named(server.chatAddress(), "mina");
                LineClient coco = LineClient.named(server.chatAddress(), "coco")) {
            mina.send("/register web-pass-123");
            mina.expect(l -> l.contains("is now your account"));
            mina.send("/quit");
            mina.expectClosed();
            try (WsPeer p = WsPeer.open(server.webAddress(), null)) {
                p.send("{\"type\":\"name\",\"name\":\"\\u0441\\u043e\\u0441\\u043e\"}"); // Cyrillic сосо
                assertThat(p.next("error")).contains("\"code\":\"name.taken\"");
                p.send("{\"type\":\"name\",\"name\":\"MINA\"}");
                assertThat(p.next("password")).isEqualTo("{\"type\":\"password\",\"name\":\"MINA\"}");
                p.send("{\"type\":\"command\",\"line\":\"\"}");
                p.next("prompt");
                p.send("{\"type\":\"name\",\"name\":\"mina\"}");
                p.next("password");
                p.send("{\"type\":\"command\",\"line\":\"web-pass-123\"}");
                assertThat(p.next("welcome")).contains("\"name\":\"mina\"");
                coco.expectLine("* mina joined lobby.");
            }
        }
    }
}
