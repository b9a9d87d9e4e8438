package sori.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import sori.chat.Hub;

/**
 * Everything on the web port that is not a WebSocket: the page and its files from the classpath
 * ({@code sori/web/static/}, loaded once at start, with ETags), {@code /healthz} (liveness) and {@code /readyz} (the store is reachable) for probes, 404 for
 * the rest. An upgrade request for {@link #WS_PATH} is passed on only when its origin is the page's
 * own or an allowed one (403 otherwise), which keeps other sites' pages from chatting as a visitor.
 */
@ChannelHandler.Sharable
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String WS_PATH = "/ws";
    /** The files of the page; nothing else on the classpath is ever served. */
    private static final List<String> FILES = List.of("index.html", "app.js", "texts.js", "store.js",
            "connection.js", "view.js", "style.css", "favicon.svg");
    private static final String STATIC = "/sori/web/static/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "json", "application/json");
    /** The page talks only to its own origin and is never framed. */
    private static final String CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private record Resource(byte[] bytes, String type, String etag) {}

    private final Hub hub;
    private final SessionApi sessions;
    private volatile List<String> allowedOrigins; // SIGHUP may replace it
    private final Map<String, Resource> files = new HashMap<>();

    HttpHandler(Hub hub, List<String> allowedOrigins, SessionApi sessions) {
        this.hub = hub;
        this.sessions = sessions;
        this.allowedOrigins = allowedOrigins;
        for (String name : FILES) {
            files.put("/" + name, load(name));
        }
        files.put("/", files.get("/index.html"));
    }

    /** Allows {@code origins} (normalized as {@link WebConfig} does) from the next upgrade on. */
    void allowedOrigins(List<String> origins) {
        this.allowedOrigins = List.copyOf(origins);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            send(ctx, req, plain(HttpResponseStatus.BAD_REQUEST, "bad request"), false);
            return;
        }
        if (req.protocolVersion().majorVersion() != 1) {
            send(ctx, req, plain(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "HTTP/1.1 only"), false);
            return;
        }
        if (WS_PATH.equals(req.uri())) {
            String version = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
            if (req.headers().containsValue(HttpHeaderNames.UPGRADE, "websocket", true)) {
                if (version == null) {
                    // Netty's handshakers would read this as hixie-76, which we do not speak.
                    send(ctx, req, plain(HttpResponseStatus.BAD_REQUEST, "Sec-WebSocket-Version missing"), false);
                    return;
                }
                if (!WebSocketVersion.V13.toHttpHeaderValue().equals(version.strip())) {
                    // RFC 6455 4.4: 426 naming the one version we speak; Netty's handshakers also take 7 and 8.
                    WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
                            .addListener(ChannelFutureListener.CLOSE);
                    return;
                }
            }
            String origin = req.headers().get(HttpHeaderNames.ORIGIN);
            if (!originAllowed(origin, req.headers().get(HttpHeaderNames.HOST), allowedOrigins)) {
                send(ctx, req, plain(HttpResponseStatus.FORBIDDEN, "origin not allowed: " + origin), false);
                return;
            }
            // A session cookie signs the socket in: its account is looked up (off the loop) before the upgrade.
            FullHttpRequest upgrade = req.retain();
            sessions.resume(ctx, upgrade, () -> {
                if (ctx.channel().isActive()) {
                    ctx.fireChannelRead(upgrade);
                } else {
                    upgrade.release();
                }
            });
            return;
        }
        String target = req.uri();
        int q = target.indexOf('?');
        if (SessionApi.handles(q < 0 ? target : target.substring(0, q))) {
            sessions.handle(ctx, req, q < 0 ? target : target.substring(0, q), allowedOrigins);
            return;
        }
        boolean head = HttpMethod.HEAD.equals(req.method());
        if (!head && !HttpMethod.GET.equals(req.method())) {
            FullHttpResponse res = plain(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET or HEAD only");
            res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            send(ctx, req, res, false);
            return;
        }
        String path = req.uri();
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.equals("/readyz")) {
            // Ready once what the chat needs (the store, a cluster node's lease) answers; /healthz is liveness only.
            String waiting = hub.notReady();
            String json = waiting == null ? "{\"status\":\"ready\"}" : "{\"status\":\"waiting\",\"for\":\"" + waiting + "\"}";
            FullHttpResponse res = response(waiting == null ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    json.getBytes(StandardCharsets.UTF_8), TYPES.get("json"), head);
            res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            send(ctx, req, res, true);
            return;
        }
        if (path.equals("/healthz")) {
            String json = "{\"status\":\"ok\",\"users\":" + hub.users() + ",\"connections\":" + hub.connections() + "}";
            FullHttpResponse res = response(HttpResponseStatus.OK, json.getBytes(StandardCharsets.UTF_8),
                    TYPES.get("json"), head);
            res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            send(ctx, req, res, true);
            return;
        }
        Resource r = files.get(path);
        if (r == null) {
            send(ctx, req, plain(HttpResponseStatus.NOT_FOUND, "not found"), true);
            return;
        }
        FullHttpResponse res;
        if (r.etag.equals(req.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
        } else {
            res = response(HttpResponseStatus.OK, r.bytes, r.type, head);
        }
        // Revalidate every time: a new jar's page is picked up at once, an unchanged one costs a 304.
        res.headers().set(HttpHeaderNames.ETAG, r.etag).set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        if (r.type.startsWith("text/html")) {
            res.headers().set("Content-Security-Policy", CSP).set("Referrer-Policy", "no-referrer");
        }
        send(ctx, req, res, true);
    }

    /**
     * True for a request without an Origin (not a browser, so not a page of some other site), one whose
     * Origin is the same scheme-host-port the request was sent to, or one the operator allowed.
     */
    static boolean originAllowed(String origin, String host, List<String> allowed) {
        if (origin == null) {
            return true;
        }
        String o = origin.strip().toLowerCase(Locale.ROOT);
        if (allowed.contains(o)) {
            return true;
        }
        if (host == null) {
            return false;
        }
        try {
            URI from = new URI(o);
            String scheme = from.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || from.getHost() == null) {
                return false;
            }
            URI to = new URI(scheme + "://" + host.strip().toLowerCase(Locale.ROOT));
            return from.getHost().equals(to.getHost()) && port(from) == port(to);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
    }

    private static FullHttpResponse plain(HttpResponseStatus status, String text) {
        return response(status, (text + "\n").getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8", false);
    }

    private static FullHttpResponse response(HttpResponseStatus status, byte[] body, String type, boolean head) {
        ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set("X-Content-Type-Options", "nosniff");
        return res;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res, boolean mayKeepAlive) {
        boolean keepAlive = mayKeepAlive && HttpUtil.isKeepAlive(req);
        if (!res.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        }
        HttpUtil.setKeepAlive(res, keepAlive);
        ChannelFuture f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static Resource load(String name) {
        try (InputStream in = HttpHandler.class.getResourceAsStream(STATIC + name)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + STATIC + name);
            }
            byte[] bytes = in.readAllBytes();
            String ext = name.substring(name.lastIndexOf('.') + 1);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            String etag = "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22) + "\"";
            return new Resource(bytes, TYPES.getOrDefault(ext, "application/octet-stream"), etag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
