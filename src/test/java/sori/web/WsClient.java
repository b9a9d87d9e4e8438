package sori.web;

import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's) that queues the server's JSON objects and waits for them with a bound. */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

    static final long WAIT_SECONDS = 10;

    final BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;

    static WsClient open(URI uri) throws Exception {
        return open(uri, Map.of());
    }

    /** Connects sending {@code headers} with the upgrade (a {@code Cookie}, an {@code Origin}). */
    static WsClient open(URI uri, Map<String, String> headers) throws Exception {
        WsClient c = new WsClient();
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(WAIT_SECONDS));
        headers.forEach(b::header);
        c.ws = b.buildAsync(uri, c).get(WAIT_SECONDS, TimeUnit.SECONDS);
        return c;
    }

    /** Connects and chooses {@code name}; returns once welcomed in the first room (its join seen too). */
    public static WsClient named(URI uri, String name) throws Exception {
        WsClient c = open(uri);
        c.next("prompt");
        c.send(Json.obj("type", "name", "name", name));
        c.next("welcome");
        c.nextWhere(e -> "joined".equals(e.get("type")) && name.equals(e.get("name")));
        return c;
    }

    public WsClient send(String text) throws Exception {
        ws.sendText(text, true).get(WAIT_SECONDS, TimeUnit.SECONDS);
        return this;
    }

    WsClient sendPart(String text, boolean last) throws Exception {
        ws.sendText(text, last).get(WAIT_SECONDS, TimeUnit.SECONDS);
        return this;
    }

    WsClient sendBinary(byte[] bytes) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).get(WAIT_SECONDS, TimeUnit.SECONDS);
        return this;
    }

    /** The next event, whatever it is. */
    Map<String, Object> next() throws InterruptedException {
        Map<String, Object> e = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (e == null) {
            fail("no event within " + WAIT_SECONDS + " s");
        }
        return e;
    }

    /** The next event of {@code type}, skipping others. */
    public Map<String, Object> next(String type) throws InterruptedException {
        return nextWhere(e -> type.equals(e.get("type")));
    }

    public Map<String, Object> nextWhere(java.util.function.Predicate<Map<String, Object>> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        List<Map<String, Object>> skipped = new ArrayList<>();
        while (true) {
            Map<String, Object> e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                return fail("no matching event within " + WAIT_SECONDS + " s; skipped " + skipped);
            }
            if (wanted.test(e)) {
                return e;
            }
            skipped.add(e);
        }
    }

    /** The close code the server sent, waiting with a bound. */
    int closeCode() throws Exception {
        return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            events.add(Json.parse(partial.toString()));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        ws.abort();
    }
}
