package sori.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.net.TlsOptions;
import sori.testing.LineClient;
import sori.testing.TestServers;
import sori.testing.Tls;

/** The real web listener with TLS on: https and wss beside http on one port, in the same chat as netcat. */
class TlsWebPortTest {

    @TempDir
    Path dir;

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldServeHttpsAndWssOnTheWebPortIntoTheSameChat() throws Exception {
        server = TestServers.chat(c -> c.withTls(TlsOptions.selfSigned(dir)));
        int web = server.webAddress().getPort();
        HttpClient client = HttpClient.newBuilder().sslContext(Tls.trusting(dir.resolve("cert.pem")))
                .connectTimeout(Duration.ofSeconds(10)).build();
        try (LineClient plain = LineClient.named(server.chatAddress(), "plain")) {
            for (String scheme : new String[] {"https", "http"}) {
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                        URI.create(scheme + "://127.0.0.1:" + web + "/healthz")).timeout(Duration.ofSeconds(20)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"status\":\"ok\"");
            }
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            WebSocket ws = client.newWebSocketBuilder()
                    .header("Origin", "https://127.0.0.1:" + web)
                    .buildAsync(URI.create("wss://127.0.0.1:" + web + "/ws"), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                events.add(text.toString());
                                text.setLength(0);
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(20, TimeUnit.SECONDS);
            ws.sendText("{\"type\":\"name\",\"name\":\"secure\"}", true).get(20, TimeUnit.SECONDS);
            plain.expectLine("* secure joined lobby.");
            ws.sendText("{\"type\":\"say\",\"text\":\"over wss\"}", true).get(20, TimeUnit.SECONDS);
            plain.expectLine("[secure] over wss");
            plain.send("hello back");
            String said;
            do {
                said = events.poll(20, TimeUnit.SECONDS);
                assertThat(said).as("an event from the wss socket").isNotNull();
            } while (!said.contains("\"hello back\""));
            assertThat(said).contains("\"type\":\"said\"").contains("\"name\":\"plain\"");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
        } finally {
            client.shutdownNow();
        }
    }
}
