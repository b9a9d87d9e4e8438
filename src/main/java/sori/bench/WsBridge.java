package sori.bench;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.util.ByteProcessor;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Speaks the web port's WebSocket JSON for the {@link LineClientHandler} right after it, so the scenarios
 * run unchanged on either protocol. Before registration it answers {@code prompt} with {@code name},
 * takes {@code welcome} as registered (and remembers the room it names) and {@code error} as a refused
 * name. From the prompt on, {@link WsFrames} reads the frames in place; each {@code said} event's text
 * goes to the handler as a byte range of the frame, found in place by {@link WsEvents}; other events are
 * dropped. Each line the handler writes leaves as one {@code say} request in that room, a text frame the
 * encoder masks (RFC 6455 requires it of clients).
 */
final class WsBridge extends ChannelDuplexHandler {
    static final String PATH = "/ws";
    /** The server's default frame limit: an event is far smaller, and nothing larger is read. */
    static final int MAX_FRAME = 64 * 1024;
    /** Closes the last string field and the object. */
    private static final byte[] LAST_STRING_END = "\"}".getBytes(StandardCharsets.US_ASCII);
    /** Bytes a line may hold and still go into a JSON string as they are. */
    private static final ByteProcessor PLAIN = b -> b >= 0x20 && b != '"' && b != '\\';

    /** One scan buffer per event loop thread, grown to the largest frame seen (at most {@link #MAX_FRAME}). */
    private static final FastThreadLocal<ByteBuf> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected ByteBuf initialValue() {
            return Unpooled.wrappedBuffer(new byte[1024]);
        }
    };

    private final LineClientHandler client;
    private final WsEvents events = new WsEvents();
    /** {@code {"type":"say","room":"<room>","text":"}, once the welcome names the room. */
    private byte[] sayPrefix;
    private boolean nameSent;

    WsBridge(LineClientHandler client) {
        this.client = client;
    }

    /** The handshake's settings for {@code cfg}'s host and {@code port}, shared by every connection to that port. */
    static WebSocketClientProtocolConfig config(BenchConfig cfg, int port) {
        String host = cfg.host().indexOf(':') >= 0 ? "[" + cfg.host() + "]" : cfg.host();
        String authority = host + ":" + port;
        URI uri = URI.create((cfg.tls() ? "wss://" : "ws://") + authority + PATH);
        return WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                // The server's same-origin check wants the page's origin: this host and port.
                .generateOriginHeader(false)
                .customHeaders(new DefaultHttpHeaders().set(HttpHeaderNames.ORIGIN,
                        (cfg.tls() ? "https://" : "http://") + authority))
                .maxFramePayloadLength(MAX_FRAME)
                .handshakeTimeoutMillis(cfg.connectTimeout().toMillis())
                // A run ends by closing the sockets; waiting for close handshakes would only slow that down.
                .sendCloseFrame(null)
                .dropPongFrames(true)
                // The server's JSON is UTF-8 by construction; checking every frame would cost a pass over it.
                .withUTF8Validator(false)
                .build();
    }

    /** Adds the WebSocket client stages in front of {@code client}, after TLS if there is any. */
    static void addTo(ChannelPipeline p, WebSocketClientProtocolConfig config, LineClientHandler client) {
        // HTTP/1.1 for the upgrade request and its response, bounded like the server's.
        p.addLast("http", new HttpClientCodec(4096, 8192, 8192));
        // The upgrade response whole: a 101 has no body, a refusal a short one.
        p.addLast("response", new HttpObjectAggregator(8192));
        // The upgrade to /ws, then frames: bounded in, masked out, pings answered, close frames honoured.
        p.addLast("websocket", new WebSocketClientProtocolHandler(config));
        // Fragments joined, bounded too; the server sends each event in one frame, so this is a guard.
        p.addLast("messages", new WebSocketFrameAggregator(MAX_FRAME));
        // Events to the handler's calls, its lines to say requests.
        p.addLast("json", new WsBridge(client));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (msg instanceof TextWebSocketFrame frame) {
                ByteBuf content = frame.content();
                text(ctx, content, content.readerIndex(), content.readableBytes());
            }
        } finally {
            ReferenceCountUtil.release(msg); // every frame ends here: binary and pong ones carry nothing for us
        }
    }

    /**
     * One whole text frame's payload, bytes {@code [index, index + length)} of {@code content}: from a
     * frame object above, or in place from {@link WsFrames}.
     */
    void text(ChannelHandlerContext ctx, ByteBuf content, int index, int length) {
        if (sayPrefix != null && !client.scansLines()) {
            return;
        }
        ByteBuf json = copy(content, index, length);
        if (sayPrefix == null) {
            beforeWelcome(ctx, json.array(), length);
        } else {
            said(json, length);
        }
    }

    /** The hot path: a {@code said} event's text to the handler; everything else is dropped. */
    private void said(ByteBuf json, int length) {
        byte[] a = json.array();
        if (events.find(a, 0, length, WsEvents.TYPE) && events.is(a, WsEvents.SAID)
                && events.find(a, 0, length, WsEvents.TEXT)) {
            client.deliver(json, events.start, events.end - events.start);
        }
    }

    /**
     * The frame's bytes in this loop's heap buffer, from index 0: one bulk copy, then plain array reads,
     * costs less than reading a pooled direct buffer byte by byte (each read goes through its chunk).
     */
    private static ByteBuf copy(ByteBuf frame, int index, int length) {
        ByteBuf scratch = SCRATCH.get();
        if (scratch.capacity() < length) {
            scratch = Unpooled.wrappedBuffer(new byte[Math.max(length, scratch.capacity() * 2)]);
            SCRATCH.set(scratch);
        }
        frame.getBytes(index, scratch.array(), 0, length);
        return scratch;
    }

    private void beforeWelcome(ChannelHandlerContext ctx, byte[] json, int length) {
        if (!events.find(json, 0, length, WsEvents.TYPE)) {
            return;
        }
        if (events.is(json, WsEvents.PROMPT)) {
            if (!nameSent) {
                nameSent = true;
                readFramesInPlace(ctx);
                ctx.writeAndFlush(new TextWebSocketFrame(nameRequest(ctx.alloc(), client.name())));
            }
        } else if (events.is(json, WsEvents.WELCOME)) {
            String room = events.find(json, 0, length, WsEvents.ROOM) ? events.text(json) : "lobby";
            sayPrefix = ("{\"type\":\"say\",\"room\":\"" + room + "\",\"text\":\"").getBytes(StandardCharsets.UTF_8);
            client.welcomed();
        } else if (nameSent && events.is(json, WsEvents.ERROR)) {
            client.refused(events.find(json, 0, length, WsEvents.TEXT) ? events.text(json)
                    : new String(json, 0, length, StandardCharsets.UTF_8));
        }
    }

    /**
     * Puts {@link WsFrames} in the place of Netty's frame decoder (when there is one: not on an embedded
     * channel). Done on the prompt, before the name goes out: the server sends nothing more until it has
     * the name, so the decoder being replaced holds no part of a later frame.
     */
    private void readFramesInPlace(ChannelHandlerContext ctx) {
        ChannelHandlerContext decoder = ctx.pipeline().context(WebSocketFrameDecoder.class);
        if (decoder != null) {
            ctx.pipeline().replace(decoder.handler(), "frames", new WsFrames(this));
        }
    }

    static ByteBuf nameRequest(ByteBufAllocator alloc, String name) {
        byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(name);
        byte[] start = "{\"type\":\"name\",\"name\":\"".getBytes(StandardCharsets.US_ASCII);
        return alloc.buffer(start.length + quoted.length + LAST_STRING_END.length).writeBytes(start).writeBytes(quoted)
                .writeBytes(LAST_STRING_END);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            client.failRegistration("no WebSocket upgrade on " + PATH + " in time (is this sori's web port?)");
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf line)) {
            ctx.write(msg, promise);
            return;
        }
        if (sayPrefix == null) {
            line.release();
            promise.tryFailure(new IllegalStateException("a line written before the server's welcome"));
            return;
        }
        ctx.write(new TextWebSocketFrame(say(ctx.alloc(), line)), promise);
    }

    /** {@code line} (its newline dropped) as the text of a say request; releases {@code line}. */
    private ByteBuf say(ByteBufAllocator alloc, ByteBuf line) {
        try {
            int at = line.readerIndex();
            int length = line.readableBytes();
            if (length > 0 && line.getByte(at + length - 1) == '\n') {
                length--;
            }
            ByteBuf out = alloc.ioBuffer(sayPrefix.length + length + LAST_STRING_END.length);
            out.writeBytes(sayPrefix);
            if (length == 0 || line.forEachByte(at, length, PLAIN) < 0) {
                out.writeBytes(line, at, length); // markers: ASCII without quotes or backslashes
            } else {
                out.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(
                        line.toString(at, length, StandardCharsets.UTF_8)));
            }
            return out.writeBytes(LAST_STRING_END);
        } finally {
            line.release();
        }
    }
}
