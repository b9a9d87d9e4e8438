package sori.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.server.ChatServer;
import sori.server.ServerConfig;
import sori.testing.Await;
import sori.testing.LineClient;
import sori.testing.Needs;
import sori.testing.TestServers;

/** {@code /metrics} scraped over a real socket while two users chat; checked by Prometheus's promtool. */
class MetricsTest {

    @TempDir
    Path dir;

    private static HttpResponse<String> get(MetricsServer m, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.address().getPort() + path)).build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The value of the series that starts with {@code series} (name and labels), or -1. */
    private static double value(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ") || l.startsWith(series + "{") && series.endsWith("}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    @Test
    void shouldCountTheChatAndPassPromtool() throws Exception {
        try (ChatServer server = TestServers.chat(TestServers::noFlood);
                ServerMetrics metrics = new ServerMetrics(server.hub(), server.limitCounters(), server.tls());
                MetricsServer http = MetricsServer.start(metrics, "127.0.0.1", 0, () -> null);
                LineClient mina = LineClient.named(server.chatAddress(), "mina");
                LineClient jun = LineClient.named(server.chatAddress(), "jun");
                LineClient quiet = new LineClient(server.chatAddress())) {
            mina.expectLine("* jun joined lobby.");
            quiet.expect(l -> l.endsWith(": ")); // a third connection, without a name
            for (int i = 0; i < 5; i++) {
                mina.send("hello " + i);
            }
            jun.expectLine("[mina] hello 4");
            mina.expectLine("[mina] hello 4");

            String[] scrape = new String[1];
            Await.until("five messages counted and delivered", () -> {
                try {
                    scrape[0] = get(http, "/metrics").body();
                } catch (Exception e) {
                    return false;
                }
                return value(scrape[0], "sori_messages_received_total{transport=\"tcp\"}") == 7
                        && value(scrape[0], "sori_deliveries_total") >= 10;
            }, LineClient.WAIT);
            String s = scrape[0];
            assertThat(value(s, "sori_connections{transport=\"tcp\"}")).isEqualTo(3);
            assertThat(value(s, "sori_users{transport=\"tcp\"}")).isEqualTo(2);
            assertThat(value(s, "sori_connections{transport=\"web\"}")).isZero();
            assertThat(value(s, "sori_rooms")).isEqualTo(1);
            assertThat(value(s, "sori_written_bytes_total")).isPositive();
            assertThat(value(s, "sori_fanout_latency_seconds_count")).isGreaterThanOrEqualTo(5);
            assertThat(s).contains("sori_fanout_latency_seconds_bucket{le=",
                    "sori_disconnects_total{limit=\"slow_consumer\",reason=\"slow\"} 0",
                    "sori_disconnects_total{limit=\"flood\",reason=\"flood\"} 0",
                    "jvm_memory_used_bytes", "jvm_gc_", "process_cpu_usage", "process_uptime_seconds",
                    "jvm_threads_live_threads", "process_files_open_files");

            // Every series the Grafana dashboard plots exists (the store's and the cluster's come with them,
            // TLS's with TLS, and GC pauses after the first collection).
            String dashboard = Files.readString(Path.of("docs/grafana-sori.json"));
            java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\b((?:sori|jvm|process)_[a-z_]+)").matcher(dashboard);
            while (names.find()) {
                String name = names.group(1);
                if (!name.startsWith("sori_store_") && !name.startsWith("sori_cluster_") && !name.startsWith("sori_tls_")
                        && !name.startsWith("jvm_gc_")) {
                    assertThat(s).as("dashboard series " + name).containsPattern("(?m)^" + name + "[{ ]");
                }
            }
            HttpResponse<String> res = get(http, "/metrics");
            assertThat(res.headers().firstValue("Content-Type")).hasValue(MetricsServer.CONTENT_TYPE);
            assertThat(get(http, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(http, "/readyz").statusCode()).isEqualTo(200);
            assertThat(get(http, "/metrics/x").statusCode()).isEqualTo(404);

            Needs.tool(Needs.onPath("promtool"), "promtool", "apt-get install prometheus");
            Path file = dir.resolve("scrape.txt");
            Files.writeString(file, res.body());
            Process p = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile())
                    .redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("promtool check metrics:%n%s", said).isZero();
        }
    }

    @Test
    void shouldCountTlsHandshakesByEngineAndResult() throws Exception {
        ServerConfig config = ServerConfig.defaults(0).withTls(sori.net.TlsOptions.selfSigned(dir.resolve("tls")));
        try (ChatServer server = new ChatServer(config).start();
                ServerMetrics metrics = new ServerMetrics(server.hub(), server.limitCounters(), server.tls())) {
            String engine = server.tls().engine();
            try (javax.net.ssl.SSLSocket s = sori.testing.Tls.connect(server.chatAddress().getPort(),
                    dir.resolve("tls/cert.pem")); LineClient c = new LineClient(s)) {
                c.expect(l -> l.endsWith(": "));
            }
            try (java.net.Socket junk = new java.net.Socket("127.0.0.1", server.chatAddress().getPort())) {
                // A TLS record header, then garbage: the handshake fails.
                junk.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5});
                junk.getOutputStream().flush();
                junk.getInputStream().read();
            } catch (java.io.IOException expected) {
                // the server may reset the connection
            }
            Await.until("one handshake of each kind", () -> {
                String s = metrics.scrape();
                return value(s, "sori_tls_handshakes_total{engine=\"" + engine + "\",result=\"ok\"}") == 1
                        && value(s, "sori_tls_handshakes_total{engine=\"" + engine + "\",result=\"failed\"}") == 1;
            }, LineClient.WAIT);
        }
    }

    @Test
    void shouldShowTheStoresBacklogAndCommitTimesAndBeReadyWhileItAnswers() throws Exception {
        ServerConfig config = ServerConfig.defaults(0).withStore(sori.store.StoreOptions.sqlite(dir.resolve("data")));
        try (ChatServer server = new ChatServer(config).start();
                ServerMetrics metrics = new ServerMetrics(server.hub(), server.limitCounters(), null);
                MetricsServer http = MetricsServer.start(metrics, "127.0.0.1", 0,
                        () -> sori.chat.Readiness.notReady(server.store()));
                LineClient mina = LineClient.named(server.chatAddress(), "mina")) {
            mina.send("kept");
            mina.expectLine("[mina] kept");
            Await.until("a commit timed", () -> value(metrics.scrape(), "sori_store_commit_seconds_count") >= 1,
                    LineClient.WAIT);
            assertThat(metrics.scrape()).containsPattern("(?m)^sori_store_queue ")
                    .contains("sori_store_commit_seconds_bucket{le=");
            assertThat(get(http, "/readyz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldAnswerReadyzOnlyWhenWhatTheChatNeedsIsReachable() throws Exception {
        try (ChatServer server = TestServers.chat();
                ServerMetrics metrics = new ServerMetrics(server.hub(), server.limitCounters(), null);
                MetricsServer http = MetricsServer.start(metrics, "127.0.0.1", 0, () -> "store")) {
            HttpResponse<String> res = get(http, "/readyz");
            assertThat(res.statusCode()).isEqualTo(503);
            assertThat(res.body()).isEqualTo("{\"status\":\"waiting\",\"for\":\"store\"}");
            assertThat(get(http, "/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldGroupLimitsIntoTheReasonsADashboardShows() {
        assertThat(ServerMetrics.reason(sori.net.Limit.SLOW_CONSUMER)).isEqualTo("slow");
        assertThat(ServerMetrics.reason(sori.net.Limit.FLOOD)).isEqualTo("flood");
        assertThat(ServerMetrics.reason(sori.net.Limit.MAX_PER_ADDRESS)).isEqualTo("limits");
        assertThat(ServerMetrics.reason(sori.net.Limit.DEAD_PEER)).isEqualTo("timeout");
    }
}
