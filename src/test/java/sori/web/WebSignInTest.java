package sori.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.chat.SignIns;
import sori.net.TlsOptions;
import sori.server.ChatServer;
import sori.store.StoreOptions;
import sori.testing.LineClient;
import sori.testing.TestServers;
import sori.testing.Tls;

/**
 * Signing in on the web over real sockets, with the JDK's HttpClient as a browser's fetch: the cookie's
 * attributes, a socket signed in by it with no prompt, the line protocol's codes and throttle, sign-out and
 * {@code /logout all}, tokens kept only hashed, and cross-site requests refused.
 */
class WebSignInTest {

    private static final String PASSWORD = "correct-horse-9";

    @TempDir
    Path dir;

    private ChatServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void stop() {
        http.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.webAddress().getPort() + path);
    }

    private URI ws() {
        return URI.create("ws://127.0.0.1:" + server.webAddress().getPort() + "/ws");
    }

    private String origin() {
        return "http://127.0.0.1:" + server.webAddress().getPort();
    }

    private HttpResponse<String> post(HttpClient client, URI uri, String json, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** As the page's fetch sends it: JSON, from the page's own origin. */
    private HttpResponse<String> post(String path, String name, String password) throws Exception {
        return post(http, url(path), Json.obj("name", name, "password", password),
                "Content-Type", "application/json", "Origin", origin());
    }

    private static String cookie(HttpResponse<?> res) {
        return res.headers().firstValue("Set-Cookie").orElseThrow();
    }

    /** The token in a Set-Cookie header. */
    private static String token(HttpResponse<?> res) {
        String c = cookie(res);
        return c.substring(c.indexOf('=') + 1, c.indexOf(';'));
    }

    private WsClient socket(String token) throws Exception {
        return WsClient.open(ws(), Map.of("Cookie", SessionApi.COOKIE + "=" + token));
    }

    @Test
    void shouldRegisterSetAHardenedCookieAndSignTheSocketInWithItWithoutAPrompt() throws Exception {
        server = TestServers.chat();
        HttpResponse<String> res = post("/account", "Mina", PASSWORD);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        assertThat(Json.parse(res.body())).containsEntry("name", "Mina");
        assertThat(res.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(cookie(res)).startsWith("sori_session=").contains("; HttpOnly").contains("; SameSite=Strict")
                .contains("; Path=/").contains("; Max-Age=" + 30 * 24 * 3600).doesNotContain("Secure");
        assertThat(SignIns.wellFormed(token(res))).isTrue();
        try (LineClient jun = LineClient.named(server.chatAddress(), "jun");
                WsClient page = socket(token(res))) {
            assertThat(page.next()).isEqualTo(Map.of("type", "account", "name", "Mina"));
            assertThat(page.next()).containsEntry("type", "switched");
            assertThat(page.next()).containsEntry("type", "welcome").containsEntry("name", "Mina");
            jun.expectLine("* Mina joined lobby.");
            page.send(Json.obj("type", "say", "text", "signed in by a cookie"));
            jun.expectLine("[Mina] signed in by a cookie");
        }
    }

    @Test
    void shouldSignInWithAPasswordAnsweringWithTheLineProtocolsCodesAndThrottle() throws Exception {
        server = TestServers.chat();
        try (LineClient mina = LineClient.named(server.chatAddress(), "mina")) {
            mina.send("/register " + PASSWORD);
            mina.expect(l -> l.contains("is now your account"));
        }
        HttpResponse<String> unknown = post("/session", "nobody", PASSWORD);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Json.parse(unknown.body())).containsEntry("error", "account.unknown");
        HttpResponse<String> wrong = post("/session", "mina", "not the password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(Json.parse(wrong.body())).containsEntry("error", "login.wrong")
                .containsEntry("text", "error: wrong password for mina.");
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        HttpResponse<String> last = wrong;
        for (int i = 0; i < 4 && last.statusCode() != 429; i++) {
            last = post("/session", "mina", "not the password");
        }
        assertThat(last.statusCode()).as("the account's throttle, as on the line protocol").isEqualTo(429);
        Map<String, Object> body = Json.parse(last.body());
        assertThat(body).containsEntry("error", "login.throttled");
        assertThat(((Number) body.get("wait")).longValue()).isPositive();
        assertThat(last.headers().firstValue("Retry-After")).contains(String.valueOf(body.get("wait")));
        assertThat((String) body.get("text")).startsWith("error: too many failed sign-ins for mina; wait ");
        HttpResponse<String> meanwhile = post("/session", "mina", PASSWORD);
        assertThat(meanwhile.statusCode()).as("even the right password waits").isEqualTo(429);
    }

    @Test
    void shouldSignOutOneBrowserWithDeleteAndEveryOneWithLogoutAll() throws Exception {
        server = TestServers.chat();
        String first = token(post("/account", "mina", PASSWORD));
        String second = token(post("/session", "mina", PASSWORD));
        String third = token(post("/session", "mina", PASSWORD));
        assertThat(first).isNotEqualTo(second).isNotEqualTo(third);

        HttpResponse<String> out = http.send(HttpRequest.newBuilder(url("/session")).DELETE()
                .header("Cookie", "sori_session=" + first).header("Origin", origin()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(Json.parse(out.body())).containsEntry("signed_out", true);
        assertThat(cookie(out)).startsWith("sori_session=;").contains("Max-Age=0").contains("HttpOnly");
        try (WsClient page = socket(first)) {
            assertThat(page.next()).as("a revoked cookie gets the name prompt").containsEntry("type", "prompt");
        }

        try (WsClient page = socket(second); WsClient other = socket(third);
                LineClient terminal = new LineClient(server.chatAddress())) {
            page.next("welcome");
            assertThat(other.next("attached")).containsEntry("connections", 2L);
            terminal.send("/login mina " + PASSWORD);
            terminal.expect(l -> l.contains("signed in as mina"));
            page.send(Json.obj("type", "command", "line", "/logout all"));
            assertThat(page.next("goodbye")).containsEntry("text", "* Signed out, and 2 web sign-in(s) ended. Bye.");
            // Signed out everywhere: the account's other open connections are closed too.
            assertThat(other.next("goodbye")).containsEntry("text", "* Signed out, and 2 web sign-in(s) ended. Bye.");
            terminal.expect(l -> l.contains("Signed out, and 2 web sign-in(s) ended"));
        }
        try (WsClient page = socket(third)) {
            assertThat(page.next()).containsEntry("type", "prompt");
        }
        try (LineClient mina = new LineClient(server.chatAddress())) {
            mina.send("/logout all");
            mina.expect(l -> l.contains("choose a name first"));
        }
    }

    @Test
    void shouldEndTheAccountsTokensAndOtherConnectionsWhenItsPasswordChanges() throws Exception {
        server = TestServers.chat();
        String token = token(post("/account", "mina", PASSWORD));
        try (WsClient open = socket(token); LineClient mina = new LineClient(server.chatAddress())) {
            open.next("welcome");
            mina.send("/login mina " + PASSWORD);
            mina.expect(l -> l.contains("signed in as mina"));
            mina.send("/password " + PASSWORD + " another-horse-9");
            mina.expect(l -> l.contains("every web sign-in and every other connection of the account has ended"));
            assertThat(open.next("goodbye")).as("a socket opened with the old password's cookie is closed")
                    .containsEntry("text", "* The account's password was changed on another connection; signed out. Bye.");
            mina.send("/who");
            mina.expect(l -> l.contains("mina"));
        }
        try (WsClient page = socket(token)) {
            assertThat(page.next()).containsEntry("type", "prompt");
        }
    }

    @Test
    void shouldKeepOnlyTheTokensHashInTheStore() throws Exception {
        server = TestServers.chat(c -> c.withStore(StoreOptions.sqlite(dir)));
        String token = token(post("/account", "mina", PASSWORD));
        assertThat(server.store().sessionTokens().find(SignIns.hash(token))).get()
                .satisfies(t -> assertThat(t.account()).isEqualTo(sori.chat.Names.fold("mina")))
                .satisfies(t -> assertThat(t.expires() - t.created()).isEqualTo(Duration.ofDays(30).toMillis()));
        byte[] needle = token.getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(indexOf(Files.readAllBytes(f), needle)).as("the token in %s", f).isEqualTo(-1);
            }
        }
    }

    @Test
    void shouldSetSecureOnTheCookieOnlyOverTls() throws Exception {
        server = TestServers.chat(c -> c.withTls(TlsOptions.selfSigned(dir)));
        HttpClient tls = HttpClient.newBuilder().sslContext(Tls.trusting(dir.resolve("cert.pem")))
                .connectTimeout(Duration.ofSeconds(10)).build();
        try {
            int port = server.webAddress().getPort();
            HttpResponse<String> secure = post(tls, URI.create("https://127.0.0.1:" + port + "/account"),
                    Json.obj("name", "mina", "password", PASSWORD), "Content-Type", "application/json",
                    "Origin", "https://127.0.0.1:" + port);
            assertThat(secure.statusCode()).as(secure.body()).isEqualTo(201);
            assertThat(cookie(secure)).endsWith("; Secure");
            HttpResponse<String> plain = post("/session", "mina", PASSWORD);
            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(cookie(plain)).doesNotContain("Secure");
        } finally {
            tls.shutdownNow();
        }
    }

    @Test
    void shouldRefuseCrossSiteRequestsFormBodiesAndBigBodies() throws Exception {
        server = TestServers.chat();
        String json = Json.obj("name", "mina", "password", PASSWORD);
        HttpResponse<String> evil = post(http, url("/account"), json, "Content-Type", "application/json",
                "Origin", "http://evil.example");
        assertThat(evil.statusCode()).isEqualTo(403);
        assertThat(Json.parse(evil.body())).containsEntry("error", "origin");
        HttpResponse<String> fetchMeta = post(http, url("/account"), json, "Content-Type", "application/json",
                "Sec-Fetch-Site", "cross-site");
        assertThat(fetchMeta.statusCode()).isEqualTo(403);
        HttpResponse<String> form = post(http, url("/account"), "name=mina&password=correct+horse",
                "Content-Type", "application/x-www-form-urlencoded", "Origin", origin());
        assertThat(form.statusCode()).isEqualTo(415);
        HttpResponse<String> big = post(http, url("/account"), "{\"name\":\"" + "m".repeat(SessionApi.MAX_BODY) + "\"}",
                "Content-Type", "application/json", "Origin", origin());
        assertThat(big.statusCode()).isEqualTo(413);
        HttpResponse<String> notJson = post(http, url("/session"), "{\"name\":", "Content-Type", "application/json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(Json.parse(notJson.body())).containsEntry("error", "bad_request");
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(url("/session")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST, DELETE");
        assertThat(server.store().accounts().list()).as("nothing was registered").isEmpty();
    }

    @Test
    void shouldAnswerRegistrationsWithTheLineProtocolsCodes() throws Exception {
        server = TestServers.chat();
        assertThat(post("/account", "mina", "short").statusCode()).isEqualTo(400);
        assertThat(Json.parse(post("/account", "mi na", PASSWORD).body())).containsEntry("error", "name.space");
        try (LineClient guest = LineClient.named(server.chatAddress(), "jun")) {
            HttpResponse<String> taken = post("/account", "JUN", PASSWORD);
            assertThat(taken.statusCode()).isEqualTo(409);
            assertThat(Json.parse(taken.body())).containsEntry("error", "name.taken");
        }
        assertThat(post("/account", "mina", PASSWORD).statusCode()).isEqualTo(201);
        HttpResponse<String> again = post("/account", "MINA", PASSWORD);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(Json.parse(again.body())).containsEntry("error", "account.exists");
    }

    @Test
    void shouldGiveTheNamePromptToASocketWithABadCookie() throws Exception {
        server = TestServers.chat();
        for (String bad : new String[] {"x", "A".repeat(43), "%%%"}) {
            try (WsClient page = socket(bad)) {
                assertThat(page.next()).containsEntry("type", "prompt");
            }
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
