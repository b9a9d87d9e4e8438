package sori.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sori.UserFacingException;
import sori.net.Listeners;

/**
 * {@code /metrics} (Prometheus text format), {@code /healthz} (alive) and {@code /readyz} (200 once what
 * the chat needs is reachable, 503 otherwise) on their own port, by default bound to loopback only. It
 * runs on one thread of its own, so a scrape never takes time from a chat event loop.
 */
public final class MetricsServer implements AutoCloseable {

    /** Prometheus's registered port for exporters of this kind. */
    public static final int PORT = 9464;
    /** Metrics tell a lot about a server: loopback unless the operator says otherwise. */
    public static final String HOST = "127.0.0.1";
    /** What Prometheus expects for the text format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

    private final HttpServer http;
    private final ExecutorService thread;

    private MetricsServer(HttpServer http, ExecutorService thread) {
        this.http = http;
        this.thread = thread;
    }

    /**
     * Serves {@code metrics} on {@code host:port} (0 picks a free port).
     *
     * @param notReady what the chat still waits for ("store"), or null when ready; asked on each /readyz
     * @throws UserFacingException when the port cannot be had
     */
    public static MetricsServer start(ServerMetrics metrics, String host, int port, Supplier<String> notReady) {
        InetSocketAddress at = new InetSocketAddress(host, port);
        HttpServer http;
        try {
            http = HttpServer.create(at, 64);
        } catch (BindException e) {
            throw new UserFacingException("cannot listen for metrics on " + Listeners.show(at) + ": address already in use"
                    + " (--metrics-port N moves it, --metrics-port 0 turns it off)", e);
        } catch (IOException e) {
            throw new UserFacingException("cannot listen for metrics on " + Listeners.show(at) + ": " + e.getMessage(), e);
        }
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sori-metrics");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(thread);
        http.createContext("/metrics", ex -> answer(ex, 200, CONTENT_TYPE, metrics.scrape()));
        http.createContext("/healthz", ex -> answer(ex, 200, "application/json", "{\"status\":\"ok\"}"));
        http.createContext("/readyz", ex -> {
            String waiting = notReady.get();
            answer(ex, waiting == null ? 200 : 503, "application/json",
                    waiting == null ? "{\"status\":\"ready\"}" : "{\"status\":\"waiting\",\"for\":\"" + waiting + "\"}");
        });
        http.start();
        log.debug("metrics on http://{}/metrics", Listeners.show(http.getAddress()));
        return new MetricsServer(http, thread);
    }

    private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!ex.getHttpContext().getPath().equals(path)) {
                status = 404;
                type = "text/plain; charset=utf-8";
                body = "not found\n";
            }
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                status = 405;
                type = "text/plain; charset=utf-8";
                body = "GET or HEAD only\n";
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = "HEAD".equals(ex.getRequestMethod());
            ex.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    @Override
    public void close() {
        http.stop(0);
        thread.shutdownNow();
    }
}
