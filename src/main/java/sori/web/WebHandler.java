package sori.web;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.CodecException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sori.chat.ChatCommand;
import sori.chat.Delivery;
import sori.chat.Event;
import sori.chat.Hub;
import sori.chat.Session;
import sori.chat.User;
import sori.net.Guards;
import sori.net.Tripped;

/**
 * Turns a WebSocket's JSON requests into Hub calls, from the end of the handshake on. Everything it
 * says back goes through the session's mailbox, in order with the Hub's events; a request that is not
 * understood gets a {@code bad_request} error and the socket stays open.
 */
final class WebHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(WebHandler.class);

    private final Hub hub;
    private final WebMailbox mailbox;
    private final WebCodec codec;
    private final ChannelGroup sockets;
    private final Guards guards;
    private final LongAdder received;
    private WebSession session;

    WebHandler(Hub hub, WebMailbox mailbox, WebCodec codec, ChannelGroup sockets, Guards guards) {
        this.hub = hub;
        this.mailbox = mailbox;
        this.codec = codec;
        this.sockets = sockets;
        this.guards = guards;
        this.received = guards.counters().traffic().received("web");
    }

    /** True once the user has chosen a name (asked by the register timeout, on the channel's loop). */
    boolean named() {
        return session != null && session.named();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == FrameGuard.Closing.EVENT) {
            if (session != null) {
                session.closeOutput();
            }
            return;
        }
        if (evt instanceof Tripped t) {
            // A limit tripped: the Hub says why to the user (last words, then a close frame) and to the rooms.
            if (session == null) {
                ctx.close();
            } else {
                session.expel(hub, t);
            }
            return;
        }
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete && session == null) {
            // Tracked from here on, so shutdown waits for this socket's goodbye (plain HTTP needs none).
            sockets.add(ctx.channel());
            // Pings only once frames can carry them: plain HTTP must never be sent one.
            guards.addPing(ctx.pipeline(), PingWebSocketFrame::new);
            session = new WebSession(ctx.channel(), mailbox);
            // Frames the mailbox finished go in past Netty's protocol handler and the frame encoders,
            // which only look at frame objects: a fan-out no longer walks them once per member.
            ChannelHandlerContext encoder = ctx.pipeline().context(WebSocketFrameEncoder.class);
            if (encoder != null) {
                session.writeBytesFrom(encoder);
            }
            // Signed in by its session cookie (SessionApi.resume): the account's name at once, no prompt.
            session.connect(hub, ctx.channel().attr(SessionApi.SIGNED_IN).getAndSet(null));
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (session == null || session.user() == null || !(msg instanceof WebSocketFrame)) {
                return; // nothing but frames of an upgraded socket gets this far
            }
            if (msg instanceof TextWebSocketFrame text) {
                User u = session.user();
                WebCodec.Request request = codec.parse(ByteBufUtil.getBytes(text.content()));
                session.input(() -> {
                    received.increment();
                    dispatch(u, request);
                });
            } else {
                badRequest("binary frames are not understood; send JSON in text frames");
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void dispatch(User u, WebCodec.Request request) {
        int max = hub.config().maxLineBytes();
        switch (request) {
            case WebCodec.Name n -> {
                if (u.name() != null) {
                    badRequest("you already have a name; send {\"type\":\"nick\"} to change it");
                } else {
                    hub.register(u, n.name());
                }
            }
            case WebCodec.Say s -> {
                if (utf8Length(s.text()) > max) {
                    hub.tooLong(u);
                } else if (s.text().isBlank()) {
                    fail("text.empty");
                } else {
                    String room = s.room() != null ? s.room()
                            : u.currentRoom() != null ? u.currentRoom() : hub.config().firstRoom();
                    hub.say(u, room, s.text());
                }
            }
            case WebCodec.Line l -> {
                if (utf8Length(l.line()) > max) {
                    hub.tooLong(u);
                } else {
                    hub.input(u, l.line());
                }
            }
            case WebCodec.Command c -> {
                if (c.args().stream().mapToInt(WebHandler::utf8Length).sum() > max) {
                    hub.tooLong(u);
                } else {
                    hub.run(u, c.command(), untilBlank(c.args()));
                }
            }
            case WebCodec.History h -> hub.history(u, h.room(), h.kind(), h.seq(), h.count());
            case WebCodec.Invalid i -> badRequest(i.reason());
        }
    }

    /** Arguments up to the first blank one: a blank text is no text, as when typed ("/topic " shows the topic). */
    private static List<String> untilBlank(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).isBlank()) {
                return args.subList(0, i);
            }
        }
        return args;
    }

    private void badRequest(String reason) {
        post(Event.Failure.of("bad_request", reason));
    }

    private void fail(String code) {
        post(Event.Failure.of(code));
    }

    private void post(Event e) {
        session.mailbox().post(new Delivery(e), new Session[] {session});
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause instanceof CodecException) {
            // Resets, and what a client's bad bytes made a codec say: a client must not fill the log.
            log.debug("{}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("{}: closing after unexpected error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    /** Bytes of {@code s} in UTF-8, without encoding it. */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
