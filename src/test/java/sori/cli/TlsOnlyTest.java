package sori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.net.TlsOptions;
import sori.server.ChatServer;
import sori.testing.LineClient;
import sori.testing.TestServers;

/** With --tls-only, the start-up line shows ways in that work, and plain HTTP gets a real HTTP answer. */
class TlsOnlyTest {

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
    void shouldShowTlsWaysInWhenPlainTextIsRefused() {
        server = TestServers.chat(c -> c.withTls(TlsOptions.selfSigned(dir).withTlsOnly(true)));
        String banner = ServerCommand.banner(server);
        int chat = server.chatAddress().getPort();
        assertThat(banner).contains("(sori client --tls --ca " + dir.resolve("cert.pem") + " localhost:" + chat + ")")
                .contains("web on https://localhost:" + server.webAddress().getPort())
                .doesNotContain("nc localhost").doesNotContain("http://");
    }

    @Test
    void shouldShowNcAndHttpWhilePlainTextIsServed() {
        server = TestServers.chat(c -> c.withTls(TlsOptions.selfSigned(dir)));
        assertThat(ServerCommand.banner(server)).contains("(nc localhost " + server.chatAddress().getPort() + ")")
                .contains("web on http://localhost:" + server.webAddress().getPort());
    }

    @Test
    void shouldAnswerPlainHttpOnATlsOnlyWebPortWithA400PointingToHttps() throws Exception {
        server = TestServers.chat(c -> c.withTls(TlsOptions.selfSigned(dir).withTlsOnly(true)));
        int web = server.webAddress().getPort();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web + "/"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("HTTPS only").contains("https://HOST:" + web + "/");
        // The chat port still answers plain text with a chat line.
        try (LineClient plain = new LineClient(server.chatAddress())) {
            plain.send("hello");
            assertThat(plain.expectClosed()).anyMatch(l -> l.startsWith("error: this port speaks TLS only"));
        }
    }
}
