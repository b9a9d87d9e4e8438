package sori.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sori.server.ChatServer;
import sori.testing.LineClient;
import sori.testing.TestServers;

/** A server that stops tells every client it is restarting, in each client's own way, so they come back. */
class RestartTest {

    @Test
    void shouldTellLinesAndCloseWebSocketsWith1012() throws Exception {
        ChatServer server = TestServers.chat();
        try (LineClient nc = LineClient.named(server.chatAddress(), "nc");
                WsClient page = WsClient.named(URI.create("ws://127.0.0.1:" + server.webAddress().getPort() + "/ws"),
                        "page")) {
            nc.expectLine("* page joined lobby.");
            server.drain(Duration.ofSeconds(5));
            assertThat(nc.expectClosed()).contains("* The server is restarting. Reconnect in a moment.");
            Map<String, Object> bye = page.next("goodbye");
            assertThat(bye.get("text")).isEqualTo("* The server is restarting. Reconnect in a moment.");
            assertThat(page.closeCode()).isEqualTo(1012);
        } finally {
            server.close();
        }
    }

    @Test
    void shouldSayItInKoreanToo() throws Exception {
        ChatServer server = TestServers.korean();
        try (LineClient nc = new LineClient(server.chatAddress())) {
            nc.expect(l -> l.endsWith(": "));
            server.drain(ChatServer.DRAIN);
            assertThat(nc.expectClosed()).contains("★서버를 다시 시작합니다. 잠시 후 다시 접속하세요.");
        } finally {
            server.close();
        }
    }

    @Test
    void shouldAnswerReadyzOnTheWebPortWhenTheStoreIsReachable() throws Exception {
        try (ChatServer server = TestServers.chat()) {
            HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.webAddress().getPort() + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.body()).isEqualTo("{\"status\":\"ready\"}");
        }
    }

    @Test
    void shouldTakeNewAllowedOriginsWhileRunning() throws Exception {
        try (ChatServer server = TestServers.chat()) {
            try (RawSocket s = new RawSocket(server.webAddress())) {
                assertThat(s.upgrade("Origin: https://chat.example.org\r\n")).startsWith("HTTP/1.1 403");
            }
            server.updateAllowedOrigins(java.util.List.of("HTTPS://Chat.Example.org/"));
            try (RawSocket s = new RawSocket(server.webAddress())) {
                assertThat(s.upgrade("Origin: https://chat.example.org\r\n")).startsWith("HTTP/1.1 101");
            }
        }
    }
}
