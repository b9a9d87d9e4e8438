package sori.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.Channel;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import sori.chat.Hub;
import sori.chat.Texts;
import sori.net.Guards;
import sori.net.TlsContexts;

/**
 * The web pipeline: HTTP for the page and health, upgraded to WebSocket on {@code /ws}. One per listener;
 * any channel will do (a socket, or an {@code EmbeddedChannel} in fault-injection tests).
 */
public final class WebInitializer extends ChannelInitializer<Channel> {

    /** Longest request line, and all headers together: a browser's are well under these. */
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADERS = 8192;
    /** Requests here are GETs, upgrades and sign-ins (a name and a password): a small body is the most allowed. */
    private static final int MAX_REQUEST_BODY = 8192;

    private final Hub hub;
    private final WebConfig config;
    private final long outboundLimit;
    private final ChannelGroup sockets;
    private final Guards guards;
    private final TlsContexts tls;
    /** The server's language; requests are parsed the same whatever the language. */
    private final WebCodec codec;
    private final WebCodec[] codecs;
    private final HttpHandler http;
    private final WebSocketServerProtocolConfig protocol;
    private final Map<EventLoop, WebMailbox> mailboxes = new ConcurrentHashMap<>();

    /**
     * @param outboundLimit unsent bytes a socket may have before it is cut off as a slow reader
     * @param sockets       where upgraded sockets are tracked, so shutdown can wait for their goodbyes
     * @param guards        the server's limit handlers, shared with every other listener
     * @param tls           TLS beside plain HTTP on this port (https and wss), or null for plain only
     */
    public WebInitializer(Hub hub, WebConfig config, long outboundLimit, ChannelGroup sockets, Guards guards,
            TlsContexts tls) {
        this.hub = hub;
        this.config = config;
        this.outboundLimit = outboundLimit;
        this.sockets = sockets;
        this.guards = guards;
        this.tls = tls;
        this.codecs = new WebCodec[Texts.LANGUAGES.size()];
        for (int i = 0; i < codecs.length; i++) {
            codecs[i] = new WebCodec(Texts.at(i));
        }
        this.codec = codecs[hub.texts().index()];
        this.http = new HttpHandler(hub, config.allowedOrigins(), new SessionApi(hub, config));
        this.protocol = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(HttpHandler.WS_PATH)
                .checkStartsWith(false)
                .handshakeTimeoutMillis(config.handshakeMillis())
                // Close frames are ours to send (goodbye, limits); a plain close() then stays a plain close.
                .sendCloseFrame(null)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(config.maxFrameBytes())
                        .expectMaskedFrames(true)
                        .allowMaskMismatch(false)
                        .allowExtensions(config.compression())
                        // Violations are thrown, and FrameGuard answers each with its close frame.
                        .closeOnProtocolViolation(false)
                        .withUTF8Validator(true)
                        .build())
                .build();
    }

    /** Other origins allowed to open the socket from now on (a SIGHUP reload); sockets already open stay. */
    public void allowedOrigins(List<String> origins) {
        http.allowedOrigins(config.withAllowedOrigins(origins).allowedOrigins());
    }

    @Override
    protected void initChannel(Channel ch) {
        WebMailbox mailbox = mailboxes.computeIfAbsent(ch.eventLoop(),
                loop -> new WebMailbox(loop, codecs, hub.texts().index(), ch.alloc(), outboundLimit, guards.counters()));
        ChannelPipeline p = ch.pipeline();
        // Admission: past the connection limits (shared with the plain port), a 503 and close.
        p.addLast("admission", guards.admission(t -> refusal(hub.texts().get(t.limit().textKey(), t.value()))));
        if (tls != null) {
            // https and wss beside http and ws, told by the first bytes; HTTP clients speak first, so no rush.
            p.addLast("sniff", tls.newHttpSniffer());
        }
        // RFC 9112 5.2: a folded header line gets 400 (the decoder would join it silently); leaves after the head.
        p.addLast("obs-fold", new ObsFoldGuard(3L * (MAX_INITIAL_LINE + MAX_HEADERS), lingerMillis()));
        // HTTP/1.1 parsing with a bounded request line and headers.
        p.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_HEADERS));
        // Whole requests only, with a small body bound (413 past it).
        p.addLast("request", new HttpObjectAggregator(MAX_REQUEST_BODY));
        // A complete request within the bound, or the connection is closed; leaves once an upgrade starts.
        p.addLast("handshake-timeout", new HandshakeTimeout(config.handshakeMillis(), HttpHandler.WS_PATH));
        // Page, health, sign-in endpoints and 404; upgrade requests pass on only from an allowed origin (403
        // otherwise), signed in when their session cookie is good.
        p.addLast("pages", http);
        if (config.compression()) {
            // RSV1 on a continuation frame: 1002 (RFC 7692 6.1), told before the inflater clears the bit.
            p.addLast("continuation-rsv", new ContinuationRsv());
            // permessage-deflate (RFC 7692) only. The inflater stops a frame at twice the limit (Netty's
            // bound trips a little before its size, and a message of exactly the limit must pass);
            // "messages" closes 1009 at the limit itself.
            p.addLast("deflate", new WebSocketServerExtensionHandler(deflate(2 * config.maxFrameBytes())));
        }
        // UTF-8 of text messages (after inflating) and close reasons; ours, so that it only throws.
        p.addLast("utf8", new Utf8FrameValidator(false));
        // What the frame decoder, inflater and validator throw becomes a close frame with its code;
        // reserved bits no extension claimed close with 1002.
        // Each counted as a protocol error; the close after the close frame lingers, so it is read, not reset.
        p.addLast("frames", new FrameGuard(guards.counters(), lingerMillis()));
        // The upgrade on /ws, then frames: bounded, masked, ping answered, close echoed.
        p.addLast("websocket", new WebSocketServerProtocolHandler(protocol));
        // Fragments joined into messages, bounded too (close 1009 past it).
        p.addLast("messages", new MessageLimit(config.maxFrameBytes()));
        // Flood control: the same bucket as plain text, one message a line.
        guards.addFloodGate(p);
        WebHandler handler = new WebHandler(hub, mailbox, codec, sockets, guards);
        // Name deadline, as on the plain port (the clock starts at the TCP connection).
        guards.addRegisterTimeout(p, handler::named);
        // Behaviour: JSON requests to Hub calls; output comes from the mailbox, not from here.
        // After the handshake it adds ping liveness at the front: ping on silence, close if still silent.
        p.addLast("chat", handler);
    }

    /** How long a client that broke the protocol may go on sending before the close: 1 s, or the handshake timeout. */
    private long lingerMillis() {
        return Math.min(Linger.MAX_MILLIS, config.handshakeMillis());
    }

    /**
     * permessage-deflate as RFC 7692 offers it: either side's no_context_takeover is honoured, and any
     * client_max_window_bits (the JDK's inflater reads every window size). server_max_window_bits
     * below 15 needs a deflater the JDK lacks (JZlib), so an offer asking for it is declined, as the
     * RFC allows, and the client may fall back to its next offer.
     */
    static PerMessageDeflateServerExtensionHandshaker deflate(int maxInflatedBytes) {
        return new PerMessageDeflateServerExtensionHandshaker(6, ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(),
                15, true, false, maxInflatedBytes);
    }

    private static ByteBuf refusal(String text) {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length + "\r\n\r\n";
        return Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body);
    }
}
