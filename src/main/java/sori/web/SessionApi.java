package sori.web;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import sori.chat.Accounts;
import sori.chat.Hub;
import sori.chat.SignIns;
import sori.net.Addresses;

/**
 * The web's sign-in endpoints, beside the page: {@code POST /session} (name and password), {@code POST
 * /account} (a new account), {@code DELETE /session} (sign out). A success sets the {@link #COOKIE} cookie
 * holding a session token; the WebSocket upgrade that carries it is signed in with no password
 * ({@link #resume}). Passwords are checked on {@link sori.chat.Logins}' pool, never on the event loop.
 * Cross-site use is refused three ways: the cookie is {@code SameSite=Strict}, an {@code Origin} must be the
 * page's own or an allowed one, and a body must be {@code application/json} (which no plain form can send).
 */
final class SessionApi {

    /** The cookie's name. */
    static final String COOKIE = "sori_session";
    static final String SESSION_PATH = "/session";
    static final String ACCOUNT_PATH = "/account";
    /** A name and a password fit many times over; past it, 413. */
    static final int MAX_BODY = 4096;
    /** The account a WebSocket upgrade's cookie signed in to, set before the upgrade goes on. */
    static final AttributeKey<Accounts.Account> SIGNED_IN = AttributeKey.valueOf("sori.signedIn");

    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Hub hub;
    private final WebConfig config;

    SessionApi(Hub hub, WebConfig config) {
        this.hub = hub;
        this.config = config;
    }

    /** True for the paths answered here. */
    static boolean handles(String path) {
        return SESSION_PATH.equals(path) || ACCOUNT_PATH.equals(path);
    }

    /** Answers one request to {@link #SESSION_PATH} or {@link #ACCOUNT_PATH}; reads all it needs before returning. */
    void handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, List<String> allowedOrigins) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpMethod method = req.method();
        boolean session = SESSION_PATH.equals(path);
        if (!(HttpMethod.POST.equals(method) || session && HttpMethod.DELETE.equals(method))) {
            FullHttpResponse res = error(HttpResponseStatus.METHOD_NOT_ALLOWED, "bad_request",
                    session ? "POST or DELETE only" : "POST only", null);
            res.headers().set(HttpHeaderNames.ALLOW, session ? "POST, DELETE" : "POST");
            send(ctx, res, keepAlive);
            return;
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        boolean crossSite = "cross-site".equalsIgnoreCase(req.headers().get("Sec-Fetch-Site"));
        if (crossSite || !HttpHandler.originAllowed(origin, req.headers().get(HttpHeaderNames.HOST), allowedOrigins)) {
            send(ctx, error(HttpResponseStatus.FORBIDDEN, "origin", "origin not allowed: " + origin, null), false);
            return;
        }
        if (HttpMethod.DELETE.equals(method)) {
            signOut(ctx, token(req), keepAlive);
            return;
        }
        String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).strip().startsWith("application/json")) {
            send(ctx, error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "bad_request",
                    "send JSON, with Content-Type: application/json", null), keepAlive);
            return;
        }
        if (req.content().readableBytes() > MAX_BODY) {
            send(ctx, error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "bad_request",
                    "at most " + MAX_BODY + " bytes", null), false);
            return;
        }
        Map<String, String> body = parse(ByteBufUtil.getBytes(req.content()));
        String name = body == null ? null : body.get("name");
        String password = body == null ? null : body.get("password");
        if (name == null || password == null) {
            send(ctx, error(HttpResponseStatus.BAD_REQUEST, "bad_request",
                    "expected a JSON object with \"name\" and \"password\" (strings)", null), keepAlive);
            return;
        }
        boolean secure = ctx.pipeline().get(SslHandler.class) != null;
        CompletableFuture<SignIns.Outcome> work = session
                ? hub.signIns().withPassword(name, password, host(ctx), config.sessionLifetime())
                : hub.signIns().register(name, password, config.sessionLifetime());
        later(ctx, work, outcome -> {
            if (!outcome.ok()) {
                send(ctx, failure(outcome), keepAlive);
                return;
            }
            FullHttpResponse res = json(session ? HttpResponseStatus.OK : HttpResponseStatus.CREATED, g -> {
                g.writeStringField("name", outcome.account().name());
                g.writeNumberField("expires", outcome.expires());
            });
            res.headers().set(HttpHeaderNames.SET_COOKIE, cookie(outcome.token(), config.sessionLifetime().toSeconds(), secure));
            send(ctx, res, keepAlive);
        });
    }

    /**
     * Before a WebSocket upgrade goes on: when it carries a session cookie, the account it signs in to is
     * looked up off the loop and set on the channel ({@link #SIGNED_IN}); then {@code proceed} runs on the
     * loop. Without a usable cookie it runs at once. Reading waits meanwhile.
     */
    void resume(ChannelHandlerContext ctx, FullHttpRequest req, Runnable proceed) {
        String token = token(req);
        if (!SignIns.wellFormed(token)) {
            proceed.run();
            return;
        }
        ctx.channel().config().setAutoRead(false);
        hub.signIns().resume(token).whenComplete((account, error) -> ctx.executor().execute(() -> {
            if (error == null && account.isPresent()) {
                ctx.channel().attr(SIGNED_IN).set(account.get());
            }
            ctx.channel().config().setAutoRead(true);
            proceed.run();
        }));
    }

    private void signOut(ChannelHandlerContext ctx, String token, boolean keepAlive) {
        boolean secure = ctx.pipeline().get(SslHandler.class) != null;
        later(ctx, hub.signIns().revoke(token), revoked -> {
            FullHttpResponse res = json(HttpResponseStatus.OK, g -> g.writeBooleanField("signed_out", revoked));
            res.headers().set(HttpHeaderNames.SET_COOKIE, cookie("", 0, secure));
            send(ctx, res, keepAlive);
        });
    }

    /** Runs {@code then} on the channel's loop once {@code work} answers; a failure is a 503. */
    private static <T> void later(ChannelHandlerContext ctx, CompletableFuture<T> work, Consumer<T> then) {
        work.whenComplete((value, error) -> ctx.executor().execute(() -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            if (error != null) {
                send(ctx, error(HttpResponseStatus.SERVICE_UNAVAILABLE, "account.busy", null, null), false);
            } else {
                then.accept(value);
            }
        }));
    }

    /**
     * The cookie: the token, for the whole site, out of reach of scripts, never sent by another site's page,
     * and only over TLS when it came over TLS. An empty token with age 0 clears it.
     */
    static String cookie(String token, long maxAgeSeconds, boolean secure) {
        return COOKIE + "=" + token + "; Max-Age=" + maxAgeSeconds + "; Path=/; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    /** The session token in the request's cookies, or null. */
    static String token(FullHttpRequest req) {
        for (String header : req.headers().getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
                if (COOKIE.equals(c.name())) {
                    return c.value();
                }
            }
        }
        return null;
    }

    private FullHttpResponse failure(SignIns.Outcome outcome) {
        HttpResponseStatus status = switch (outcome.code()) {
            case "login.wrong" -> HttpResponseStatus.UNAUTHORIZED;
            case "account.unknown" -> HttpResponseStatus.NOT_FOUND;
            case "login.throttled" -> HttpResponseStatus.TOO_MANY_REQUESTS;
            case "account.exists", "name.taken" -> HttpResponseStatus.CONFLICT;
            case "account.busy", "account.unavailable" -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            default -> HttpResponseStatus.BAD_REQUEST; // name.*, password.short
        };
        String wait = "login.throttled".equals(outcome.code()) ? outcome.args().get(1) : null;
        FullHttpResponse res = error(status, outcome.code(), hub.texts().failure(outcome.failure()), wait);
        if (wait != null) {
            res.headers().set(HttpHeaderNames.RETRY_AFTER, wait);
        }
        return res;
    }

    /** {@code {"error":code,"text":...,"wait":seconds}}: the same codes and words as the socket's errors. */
    private static FullHttpResponse error(HttpResponseStatus status, String code, String text, String waitSeconds) {
        return json(status, g -> {
            g.writeStringField("error", code);
            if (text != null) {
                g.writeStringField("text", text);
            }
            if (waitSeconds != null) {
                g.writeNumberField("wait", Long.parseLong(waitSeconds));
            }
        });
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static FullHttpResponse json(HttpResponseStatus status, Fields fields) {
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the sink is memory
        }
        byte[] body = out.toByteArray();
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("X-Content-Type-Options", "nosniff");
        return res;
    }

    /** A JSON object's string fields, or null when it is not one object (other fields are ignored). */
    static Map<String, String> parse(byte[] json) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_STRING) {
                    fields.put(field, p.getText());
                } else {
                    p.skipChildren();
                }
            }
            return p.nextToken() == null ? fields : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse res, boolean keepAlive) {
        HttpUtil.setKeepAlive(res, keepAlive);
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The client's address without its port: what the sign-in throttle counts per address. */
    private static String host(ChannelHandlerContext ctx) {
        String r = Addresses.remote(ctx.channel());
        int colon = r == null ? -1 : r.lastIndexOf(':');
        return colon > 0 ? r.substring(0, colon) : String.valueOf(r);
    }
}
