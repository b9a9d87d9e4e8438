package sori.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sori.server.ChatServer;
import sori.testing.LineClient;
import sori.testing.TestServers;

/** Moderation on the WebSocket: the same events, numbered in the room's order, as JSON; marks in who; codes. */
class ModerationWebTest {

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldSendModerationAsRoomEventsAndMarkTheWhoList() throws Exception {
        server = TestServers.chat();
        try (LineClient mina = LineClient.named(server.chatAddress(), "mina");
                WsPeer bob = WsPeer.open(server.webAddress(), null)) {
            mina.send("/register web-pass-123");
            mina.expect(l -> l.contains("is now your account"));
            bob.send("{\"type\":\"name\",\"name\":\"bob\"}");
            bob.next("welcome");
            mina.expectLine("* bob joined lobby.");

            bob.send("{\"type\":\"command\",\"line\":\"/mode +m\"}");
            assertThat(bob.next("error")).contains("\"code\":\"mod.denied\"")
                    .contains("error: you are not an operator of #lobby.");
            mina.send("/claim");
            assertThat(bob.next("moderated")).matches("\\{\"type\":\"moderated\",\"room\":\"lobby\",\"seq\":\\d+,"
                    + "\"time\":\\d+,\"name\":\"mina\",\"action\":\"claim\"}");
            mina.send("/voice bob");
            assertThat(bob.next("moderated")).contains("\"action\":\"voice\",\"target\":\"bob\"}");
            bob.send("{\"type\":\"who\"}");
            assertThat(bob.next("who")).contains("\"members\":[\"mina\",\"bob\"],\"ops\":[\"mina\"],\"voiced\":[\"bob\"]");
            mina.send("/kick bob enough");
            assertThat(bob.next("moderated"))
                    .contains("\"name\":\"mina\",\"action\":\"kick\",\"target\":\"bob\",\"reason\":\"enough\"}");
            assertThat(bob.next("switched")).isEqualTo("{\"type\":\"switched\",\"room\":null,\"announce\":true}");
            mina.send("/mode +k sesame");
            assertThat(mina.expect(l -> l.startsWith("* mina set mode"))).isEqualTo("* mina set mode +k on lobby");
            bob.send("{\"type\":\"join\",\"room\":\"lobby\"}");
            assertThat(bob.next("error")).contains("\"code\":\"join.key\"");
            bob.send("{\"type\":\"join\",\"room\":\"lobby\",\"key\":\"sesame\"}");
            assertThat(bob.next("joined")).contains("\"name\":\"bob\"");
        }
    }
}
