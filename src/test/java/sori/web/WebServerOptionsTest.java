package sori.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sori.server.ChatServer;
import sori.server.ServerConfig;
import sori.testing.TestServers;

/** What differs with the server's settings or lifetime: compression, the web turned off, shutdown, slow readers. */
class WebServerOptionsTest {

    private static URI ws(ChatServer server) {
        return URI.create("ws://127.0.0.1:" + server.webAddress().getPort() + "/ws");
    }

    @Test
    void shouldNegotiateAndUseCompressionWhenEnabled() throws Exception {
        ServerConfig config = ServerConfig.defaults(0).withWeb(WebConfig.defaults(0).withCompression(true));
        try (ChatServer server = new ChatServer(config).start(); RawSocket s = new RawSocket(server.webAddress())) {
            assertThat(s.upgrade("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"))
                    .startsWith("HTTP/1.1 101").containsIgnoringCase("permessage-deflate");
            int prompt = s.readFrameFlags();
            assertThat(prompt & 0x40).as("RSV1: the prompt was compressed").isEqualTo(0x40);
        }
    }

    @Test
    void shouldServeNoWebWhenTurnedOff() {
        ServerConfig config = ServerConfig.defaults(0).withWeb(WebConfig.defaults(WebConfig.OFF));
        try (ChatServer server = new ChatServer(config).start()) {
            assertThat(server.webAddress()).isNull();
            assertThat(server.chatAddress().getPort()).isPositive();
        }
    }

    @Test
    void shouldSayGoodbyeAndCloseSocketsWhenTheServerStops() throws Exception {
        ChatServer server = new ChatServer(ServerConfig.defaults(0)).start();
        try (WsClient c = WsClient.named(ws(server), "stayer")) {
            server.close();
            assertThat(c.next("goodbye")).containsKey("text");
            assertThat(c.closeCode()).isEqualTo(1012); // service restart: the page comes back by itself
        } finally {
            server.close();
        }
    }

    @Test
    void shouldCutOffASocketThatDoesNotRead() throws Exception {
        ServerConfig config = TestServers.noFlood(ServerConfig.defaults(0).withOutboundLimit(4096));
        try (ChatServer server = new ChatServer(config).start();
                WsClient talker = WsClient.named(ws(server), "talker");
                RawSocket slow = new RawSocket(server.webAddress(), 4096)) {
            assertThat(slow.upgrade("")).startsWith("HTTP/1.1 101");
            slow.frame(0x1, Json.obj("type", "name", "name", "slow").getBytes(StandardCharsets.UTF_8), true);
            talker.nextWhere(e -> "joined".equals(e.get("type")) && "slow".equals(e.get("name")));
            // The slow socket never reads again; the talker talks until the server gives up on it.
            String text = "x".repeat(7000);
            Map<String, Object> left = null;
            for (int i = 0; i < 3000 && left == null; i++) {
                talker.send(Json.obj("type", "say", "text", text));
                Map<String, Object> e;
                while ((e = talker.events.poll()) != null) {
                    if ("left".equals(e.get("type"))) {
                        left = e;
                    }
                }
            }
            if (left == null) {
                left = talker.next("left");
            }
            assertThat(left).containsEntry("name", "slow").containsEntry("why", "kicked_slow");
        }
    }

    @Test
    void shouldDisconnectAWebFlooderByTheSameRuleAsThePlainPort() throws Exception {
        try (ChatServer server = new ChatServer(ServerConfig.defaults(0)).start();
                WsClient calm = WsClient.named(ws(server), "calm");
                WsPeer flooder = WsPeer.named(new java.net.InetSocketAddress("127.0.0.1",
                        server.webAddress().getPort()), null, "flooder")) {
            String say = "{\"type\":\"say\",\"text\":\"" + "y".repeat(200) + "\"}";
            // 20 KB written back to back on a plain socket, past the 8 KiB backlog after the burst of 10. The JDK's
            // WebSocket client awaits each send, so how fast it got them out depended on the machine's load,
            // and once, at load 10 on 2 cores, no goodbye came within the wait; a raw socket sends them at once.
            try {
                for (int i = 0; i < 100; i++) {
                    flooder.send(say);
                }
            } catch (java.io.IOException closed) {
                // the server may close before the last sends
            }
            assertThat(flooder.next("goodbye")).contains("excess flood");
            assertThat(calm.nextWhere(e -> "left".equals(e.get("type")) && "flooder".equals(e.get("name"))))
                    .containsEntry("why", "flood");
            assertThat(server.limitCounters().count(sori.net.Limit.FLOOD)).isEqualTo(1);
        }
    }
}
