package sori.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sori.server.ChatServer;
import sori.server.ServerConfig;

/** The WebSocket JSON protocol and the HTTP around it, against a real server on loopback. */
class WebProtocolTest {

    private static ChatServer server;
    private static URI ws;
    private static URI http;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        WebConfig web = WebConfig.defaults(0).withHandshakeMillis(1000)
                .withAllowedOrigins(List.of("https://friend.example"));
        server = new ChatServer(ServerConfig.defaults(0).withWeb(web)).start();
        int port = server.webAddress().getPort();
        ws = URI.create("ws://127.0.0.1:" + port + "/ws");
        http = URI.create("http://127.0.0.1:" + port + "/");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.resolve(path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- HTTP ----

    @Test
    void shouldServeThePageAndItsFilesWithTypesAndEtags() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("app.js").contains("style.css");
        assertThat(page.headers().firstValue("content-security-policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'self'"));
        assertThat(get("/app.js").headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(get("/style.css").headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
        assertThat(get("/favicon.svg").headers().firstValue("content-type")).hasValue("image/svg+xml");

        String etag = get("/app.js").headers().firstValue("etag").orElseThrow();
        HttpResponse<String> again = get("/app.js", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get("/app.js").headers().firstValue("cache-control")).hasValue("no-cache");
    }

    @Test
    void shouldAnswer404And405() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        assertThat(get("/../pom.xml").statusCode()).isEqualTo(404);
        assertThat(get("/logback.xml").statusCode()).isEqualTo(404);
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(http)
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
    }

    @Test
    void shouldReportHealthWithUsersAndConnections() throws Exception {
        try (WsClient c = WsClient.named(ws, "healthy")) {
            HttpResponse<String> r = get("/healthz");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
            Map<String, Object> health = Json.parse(r.body());
            assertThat(health).containsEntry("status", "ok").containsKeys("users", "connections");
            assertThat((Long) health.get("users")).isGreaterThanOrEqualTo(1);
            assertThat((Long) health.get("connections")).isGreaterThanOrEqualTo((Long) health.get("users"));
        }
    }

    // ---- names and talk ----

    @Test
    void shouldWelcomeANameAndRefuseATakenOneWithAnError() throws Exception {
        try (WsClient a = WsClient.named(ws, "mina"); WsClient b = WsClient.open(ws)) {
            b.next("prompt");
            b.send(Json.obj("type", "name", "name", "MINA"));
            assertThat(b.next()).containsEntry("type", "error").containsEntry("code", "name.taken");
            assertThat(b.next()).containsEntry("type", "prompt");
            b.send(Json.obj("type", "name", "name", "with space"));
            assertThat(b.next()).containsEntry("code", "name.space");
            b.send(Json.obj("type", "name", "name", "mina2"));
            assertThat(b.next("welcome")).containsEntry("name", "mina2").containsEntry("room", "lobby");
            b.send(Json.obj("type", "name", "name", "again"));
            assertThat(b.next("error")).containsEntry("code", "bad_request");
        }
    }

    @Test
    void shouldRefuseCommandsBeforeAName() throws Exception {
        try (WsClient c = WsClient.open(ws)) {
            c.next("prompt");
            c.send(Json.obj("type", "join", "room", "dev"));
            assertThat(c.next()).containsEntry("type", "error").containsEntry("code", "command.name");
            c.send(Json.obj("type", "say", "text", "hi"));
            assertThat(c.next("error")).containsEntry("code", "command.name");
            c.send(Json.obj("type", "help"));
            assertThat(c.next("help")).containsKey("commands");
        }
    }

    @Test
    void shouldTalkWithPlainTcpClientsInOneOrder() throws Exception {
        try (WsClient web = WsClient.named(ws, "webby");
                Socket tcp = new Socket("127.0.0.1", server.chatAddress().getPort())) {
            tcp.setSoTimeout((int) (WsClient.WAIT_SECONDS * 1000));
            BufferedReader in = new BufferedReader(new InputStreamReader(tcp.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = tcp.getOutputStream();
            out.write("tcpy\n".getBytes(StandardCharsets.UTF_8));
            web.nextWhere(e -> "joined".equals(e.get("type")) && "tcpy".equals(e.get("name")));
            web.send(Json.obj("type", "say", "room", "lobby", "text", "from the browser"));
            out.write("from the terminal\n".getBytes(StandardCharsets.UTF_8));
            List<String> tcpSaw = new ArrayList<>();
            while (tcpSaw.size() < 2) {
                String line = in.readLine();
                assertThat(line).as("tcp line").isNotNull();
                if (line.startsWith("[")) {
                    tcpSaw.add(line);
                }
            }
            List<String> webSaw = new ArrayList<>();
            while (webSaw.size() < 2) {
                Map<String, Object> e = web.next("said");
                webSaw.add("[" + e.get("name") + "] " + e.get("text"));
            }
            assertThat(webSaw).isEqualTo(tcpSaw).containsExactlyInAnyOrder("[webby] from the browser",
                    "[tcpy] from the terminal");
        }
    }

    @Test
    void shouldRunStructuredCommands() throws Exception {
        try (WsClient a = WsClient.named(ws, "ana"); WsClient b = WsClient.named(ws, "ben")) {
            a.send(Json.obj("type", "join", "room", "dev"));
            assertThat(a.next("switched")).containsEntry("room", "dev");
            assertThat(a.next("joined")).containsEntry("room", "dev").containsEntry("name", "ana")
                    .containsKeys("seq", "time");
            b.send(Json.obj("type", "join", "room", "dev"));
            a.nextWhere(e -> "joined".equals(e.get("type")) && "ben".equals(e.get("name"))
                    && "dev".equals(e.get("room")));

            a.send(Json.obj("type", "say", "room", "dev", "text", "hello dev"));
            assertThat(b.next("said")).containsEntry("room", "dev").containsEntry("name", "ana")
                    .containsEntry("text", "hello dev");
            a.send(Json.obj("type", "me", "text", "waves"));
            assertThat(b.next("action")).containsEntry("name", "ana").containsEntry("text", "waves");
            a.send(Json.obj("type", "topic", "text", "the release"));
            assertThat(b.next("topic_set")).containsEntry("topic", "the release").containsEntry("room", "dev");
            a.send(Json.obj("type", "topic"));
            assertThat(a.next("topic")).containsEntry("room", "dev").containsEntry("topic", "the release");
            a.send(Json.obj("type", "who", "room", "dev"));
            assertThat(a.next("who")).containsEntry("members", List.of("ana", "ben"));
            a.send(Json.obj("type", "rooms"));
            assertThat(a.next("rooms").get("rooms").toString()).contains("name=dev").contains("members=2");
            a.send(Json.obj("type", "msg", "to", "ben", "text", "psst, with spaces"));
            assertThat(b.next("private")).containsEntry("from", "ana").containsEntry("to", "ben")
                    .containsEntry("text", "psst, with spaces");
            assertThat(a.next("private")).containsEntry("from", "ana");
            a.send(Json.obj("type", "msg", "to", "nobody here", "text", "x"));
            assertThat(a.next("error")).containsEntry("code", "user.unknown");
            a.send(Json.obj("type", "nick", "name", "anna"));
            assertThat(b.next("renamed")).containsEntry("from", "ana").containsEntry("to", "anna");
            a.send(Json.obj("type", "help"));
            assertThat(a.next("help").get("commands").toString()).contains("usage=/join <room>");
            a.send(Json.obj("type", "part", "room", "dev"));
            assertThat(b.next("left")).containsEntry("name", "anna").containsEntry("why", "part");
            assertThat(a.next("switched")).containsEntry("room", "lobby");
            a.send(Json.obj("type", "say", "room", "dev", "text", "not in"));
            assertThat(a.next("error")).containsEntry("code", "say.external"); // dev is +n, as every room opens
        }
    }

    @Test
    void shouldRunTypedLinesAsThePlainProtocolDoes() throws Exception {
        try (WsClient c = WsClient.named(ws, "typist")) {
            c.send(Json.obj("type", "command", "line", "/join typing"));
            assertThat(c.next("switched")).containsEntry("room", "typing");
            c.send(Json.obj("type", "command", "line", "/me types"));
            assertThat(c.next("action")).containsEntry("room", "typing").containsEntry("text", "types");
            c.send(Json.obj("type", "command", "line", "a plain line"));
            assertThat(c.next("said")).containsEntry("room", "typing").containsEntry("text", "a plain line");
            c.send(Json.obj("type", "command", "line", "/who"));
            assertThat(c.next("who")).containsEntry("room", "typing");
            c.send(Json.obj("type", "command", "line", "/frobnicate"));
            assertThat(c.next("error")).containsEntry("code", "command.unknown");
            c.send(Json.obj("type", "say", "text", "/not a command"));
            assertThat(c.next("said")).containsEntry("text", "/not a command");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldReplayWhatWasMissedSinceASequenceNumber() throws Exception {
        try (WsClient a = WsClient.named(ws, "talker"); WsClient b = WsClient.named(ws, "returner")) {
            a.send(Json.obj("type", "join", "room", "hist"));
            a.nextWhere(e -> "joined".equals(e.get("type")) && "hist".equals(e.get("room")));
            b.send(Json.obj("type", "join", "room", "hist"));
            a.nextWhere(e -> "joined".equals(e.get("type")) && "returner".equals(e.get("name"))
                    && "hist".equals(e.get("room")));
            List<Long> seqs = new ArrayList<>();
            for (String text : List.of("one", "two", "three")) {
                a.send(Json.obj("type", "say", "room", "hist", "text", text));
                seqs.add((Long) b.next("said").get("seq"));
            }
            assertThat(seqs).isSorted().doesNotHaveDuplicates();

            b.send(Json.obj("type", "history", "room", "hist", "since", seqs.get(0)));
            Map<String, Object> r1 = (Map<String, Object>) b.next("replayed").get("event");
            Map<String, Object> r2 = (Map<String, Object>) b.next("replayed").get("event");
            assertThat(List.of(r1.get("text"), r2.get("text"))).containsExactly("two", "three");
            assertThat(List.of(r1.get("seq"), r2.get("seq"))).containsExactly(seqs.get(1), seqs.get(2));

            assertThat(b.next("history_end")).containsEntry("room", "hist").containsEntry("count", 2L)
                    .containsEntry("more", false);

            b.send(Json.obj("type", "history", "count", 1));
            assertThat((Map<String, Object>) b.next("replayed").get("event")).containsEntry("text", "three");
            assertThat(b.next("history_end")).containsEntry("more", true);
            // Scroll-back: the events just before a number, then whether older ones exist.
            b.send(Json.obj("type", "history", "room", "hist", "before", seqs.get(2), "count", 2));
            Map<String, Object> p1 = (Map<String, Object>) b.next("replayed").get("event");
            Map<String, Object> p2 = (Map<String, Object>) b.next("replayed").get("event");
            assertThat(List.of(p1.get("text"), p2.get("text"))).containsExactly("one", "two");
            assertThat(b.next("history_end")).containsEntry("first", seqs.get(0)).containsEntry("more", true);
            b.send(Json.obj("type", "history", "room", "hist", "before", 1));
            assertThat(b.next("history_end")).containsEntry("count", 0L).containsEntry("more", false);
            b.send(Json.obj("type", "history", "room", "nowhere", "since", 0));
            assertThat(b.next("error")).containsEntry("code", "room.unknown");
        }
    }

    @Test
    void shouldNoticeARenameOutsideAnyRoom() throws Exception {
        try (WsClient c = WsClient.named(ws, "roamer")) {
            c.send(Json.obj("type", "part"));
            assertThat(c.next("left")).containsEntry("name", "roamer").containsEntry("room", "lobby");
            assertThat(c.next("switched")).containsEntry("room", null);
            c.send(Json.obj("type", "nick", "name", "wanderer"));
            assertThat(c.next()).containsEntry("type", "notice").containsKey("text");
            c.send(Json.obj("type", "say", "text", "anyone?"));
            assertThat(c.next("error").get("code")).isIn("room.notin", "room.unknown"); // lobby may be gone
        }
    }

    @Test
    void shouldSayGoodbyeAndCloseNormallyOnQuit() throws Exception {
        try (WsClient c = WsClient.named(ws, "leaver")) {
            c.send(Json.obj("type", "quit", "reason", "lunch"));
            assertThat(c.next("goodbye")).containsKey("text");
            assertThat(c.closeCode()).isEqualTo(1000);
        }
    }

    // ---- bad input keeps the socket ----

    @Test
    void shouldAnswerBadRequestsWithAnErrorAndStayOpen() throws Exception {
        try (WsClient c = WsClient.named(ws, "sloppy")) {
            c.send("this is not json");
            assertThat(c.next()).containsEntry("type", "error").containsEntry("code", "bad_request");
            c.send(Json.obj("type", "dance"));
            assertThat(c.next()).containsEntry("code", "bad_request").containsEntry("text", "unknown type \"dance\"");
            c.send(Json.obj("type", "say"));
            assertThat(c.next()).containsEntry("code", "bad_request");
            c.sendBinary(new byte[] {1, 2, 3});
            assertThat(c.next()).containsEntry("code", "bad_request");
            c.send(Json.obj("type", "say", "text", "   "));
            assertThat(c.next()).containsEntry("code", "text.empty");
            c.send(Json.obj("type", "say", "text", "x".repeat(9000)));
            assertThat(c.next()).containsEntry("code", "line.long");
            c.send(Json.obj("type", "rooms"));
            assertThat(c.next("rooms")).containsKey("rooms");
            assertThat(c.closed).isNotDone();
        }
    }

    // ---- limits ----

    @Test
    void shouldCloseWith1009WhenAFrameIsOverTheLimit() throws Exception {
        try (WsClient c = WsClient.named(ws, "bigframe")) {
            c.send(Json.obj("type", "say", "text", "x".repeat(WebConfig.MAX_FRAME_BYTES)));
            assertThat(c.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void shouldCloseWith1009WhenAFragmentedMessageIsOverTheLimit() throws Exception {
        try (WsClient c = WsClient.named(ws, "bigmessage")) {
            String part = "x".repeat(WebConfig.MAX_FRAME_BYTES / 2 + 1);
            c.sendPart("{\"type\":\"say\",\"text\":\"" + part, false);
            c.sendPart(part + "\"}", true);
            assertThat(c.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void shouldRefuseAnUpgradeFromAForeignOriginWith403() throws Exception {
        try (RawSocket s = new RawSocket(server.webAddress())) {
            assertThat(s.upgrade("Origin: http://evil.example\r\n")).startsWith("HTTP/1.1 403");
        }
        try (RawSocket s = new RawSocket(server.webAddress())) {
            int port = server.webAddress().getPort();
            assertThat(s.upgrade("Origin: http://127.0.0.1:" + (port == 1 ? 2 : port - 1) + "\r\n"))
                    .startsWith("HTTP/1.1 403");
        }
    }

    @Test
    void shouldAcceptTheSameOriginAndAllowedOnes() throws Exception {
        int port = server.webAddress().getPort();
        try (RawSocket s = new RawSocket(server.webAddress())) {
            assertThat(s.upgrade("Origin: http://127.0.0.1:" + port + "\r\n")).startsWith("HTTP/1.1 101");
        }
        try (RawSocket s = new RawSocket(server.webAddress())) {
            assertThat(s.upgrade("Origin: https://friend.example\r\n")).startsWith("HTTP/1.1 101");
        }
    }

    @Test
    void shouldNotOfferCompressionUnlessEnabled() throws Exception {
        try (RawSocket s = new RawSocket(server.webAddress())) {
            assertThat(s.upgrade("Sec-WebSocket-Extensions: permessage-deflate\r\n"))
                    .startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("permessage-deflate");
        }
    }

    @Test
    void shouldCloseWith1007OnInvalidUtf8() throws Exception {
        try (RawSocket s = new RawSocket(server.webAddress())) {
            assertThat(s.upgrade("")).startsWith("HTTP/1.1 101");
            s.frame(0x1, new byte[] {'{', '"', (byte) 0xc3, 0x28, '"', '}'}, true);
            assertThat(s.readCloseCode()).isEqualTo(1007);
        }
    }

    @Test
    void shouldCloseWith1002OnAnUnmaskedFrame() throws Exception {
        try (RawSocket s = new RawSocket(server.webAddress())) {
            assertThat(s.upgrade("")).startsWith("HTTP/1.1 101");
            s.frame(0x1, Json.obj("type", "rooms").getBytes(StandardCharsets.UTF_8), false);
            assertThat(s.readCloseCode()).isEqualTo(1002);
        }
    }

    @Test
    void shouldCloseAConnectionThatSendsNothing() throws Exception {
        try (RawSocket s = new RawSocket(server.webAddress())) {
            assertThat(s.closedByServer()).as("closed within the socket timeout").isTrue();
        }
    }

    @Test
    void shouldCloseAConnectionThatSendsHalfARequest() throws Exception {
        try (RawSocket s = new RawSocket(server.webAddress())) {
            s.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n");
            assertThat(s.closedByServer()).as("closed within the socket timeout").isTrue();
        }
    }

    @Test
    void shouldKeepAnIdleUpgradedSocketOpenPastTheHandshakeBound() throws Exception {
        try (WsClient c = WsClient.named(ws, "patient")) {
            // A silent connection opened after this socket is closed by the bound; by then this one's
            // bound has passed too, had it still applied.
            try (RawSocket silent = new RawSocket(server.webAddress())) {
                assertThat(silent.closedByServer()).isTrue();
            }
            c.send(Json.obj("type", "who"));
            assertThat(c.next("who")).containsEntry("room", "lobby");
            assertThat(c.closed).isNotDone();
        }
    }

    @Test
    void shouldAnswerAPlainGetOnTheSocketPathWith400() throws Exception {
        assertThat(get("/ws").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldAnswerAnHttpMajorVersionOtherThanOneWith505() throws Exception {
        for (String version : new String[] {"HTTP/9.9", "HTTP/2.0"}) {
            try (RawSocket raw = new RawSocket(new java.net.InetSocketAddress("127.0.0.1", http.getPort()))) {
                raw.write("GET / " + version + "\r\nHost: 127.0.0.1\r\n\r\n");
                assertThat(raw.readHead()).startsWith("HTTP/1.1 505");
            }
        }
    }
}
