package sori.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import sori.server.ChatServer;
import sori.testing.Await;
import sori.testing.LineClient;
import sori.testing.TestServers;

/**
 * The steps, as a hostile client takes them: a named WebSocket with permessage-deflate sends
 * RSV1 data that is not deflate. It gets a close 1007; its name is free again at once, {@code /who}
 * and {@code /healthz} no longer count it, nothing was logged above debug, and the connection limit
 * has its slot back.
 */
class NoGhostTest {

    private ChatServer server;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void start() {
        server = TestServers.chat(c -> c.withWeb(WebConfig.defaults(0).withCompression(true))
                .withLimits(c.limits().withConnections(3, 3, true)));
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void stop() {
        root.detachAppender(log);
        server.close();
    }

    @Test
    void shouldLeaveNoGhostAfterCompressedGarbage() throws Exception {
        try (LineClient watcher = LineClient.named(server.chatAddress(), "watcher")) {
            for (int round = 0; round < 3; round++) { // past --max-clients (3, the watcher holds one)
                try (WsPeer g = WsPeer.named(server.webAddress(), "permessage-deflate", "g0")) {
                    assertThat(g.deflating()).isTrue();
                    g.raw.frame(0xC1, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x00, 0x12,
                            'g', 'a', 'r', 'b', 'a', 'g', 'e'});
                    assertThat(g.closeCode()).isEqualTo(1007);
                }
                Await.equal("users once g0 is gone", () -> server.hub().users(), 1);
                Await.equal("connections once g0 is gone", () -> server.hub().connections(), 1);
                Await.equal("open sockets once g0 is gone", server::openConnections, 1);
            }
            watcher.send("/who");
            watcher.expect(l -> l.contains("watcher") && !l.contains("g0"));
            watcher.send("/msg g0 are you there");
            watcher.expect(l -> l.contains("nobody is called g0"));
        }
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.webAddress().getPort() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        Await.equal("users after all left", () -> server.hub().users(), 0);
        assertThat(health.body()).contains("\"users\":");
        assertThat(log.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).isEmpty();
    }
}
