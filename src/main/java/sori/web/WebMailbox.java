package sori.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.List;
import sori.chat.Delivery;
import sori.chat.Event;
import sori.chat.Session;
import sori.chat.User;
import sori.net.LimitCounters;
import sori.net.Outbox;

/**
 * The WebSocket side of the fan-out path: each event is encoded to JSON once (in the delivery's
 * {@link WebCodec#SLOT}). Frames a server sends are not masked, so a frame is the same bytes for every
 * member: a run of room events becomes one buffer of finished text frames, and each member gets a
 * retained duplicate of it, past the frame encoder, exactly as the plain-text side does. A message
 * for one session goes as a {@link TextWebSocketFrame}; a goodbye is followed by a close frame (1012 when
 * the server restarts, so the page comes back by itself; 1000 otherwise).
 */
final class WebMailbox extends Outbox<WebSession> {

    /** One per language, by {@link sori.chat.Texts#index}. */
    private final WebCodec[] codecs;
    private final int serverLanguage;

    WebMailbox(EventLoop loop, WebCodec[] codecs, int serverLanguage, ByteBufAllocator alloc, long outboundLimit,
            LimitCounters counters) {
        super(loop, alloc, outboundLimit, counters);
        this.codecs = codecs;
        this.serverLanguage = serverLanguage;
    }

    /** Every session in {@code codec}'s language (tests). */
    WebMailbox(EventLoop loop, WebCodec codec, ByteBufAllocator alloc, long outboundLimit, LimitCounters counters) {
        this(loop, inEveryLanguage(codec, WebCodec[]::new), 0, alloc, outboundLimit, counters);
    }

    /** The JSON of {@code d} for {@code ws}'s language; encoded once for all when it carries no text. */
    private byte[] json(Delivery d, WebSession ws) {
        if (WebCodec.sameInEvery(d.event())) {
            return d.encoded(WebCodec.SLOT, 0, codecs[0]::encode);
        }
        User u = ws.user();
        int lang = u == null ? serverLanguage : u.texts().index();
        return d.encoded(WebCodec.SLOT, lang, codecs[lang]::encode);
    }

    @Override
    protected void deliver(List<Delivery> run, Session[] to) {
        if (to.length == 1) {
            for (Delivery d : run) {
                deliver(d, to);
            }
            return;
        }
        ByteBuf frames = null;
        try {
            for (Session s : to) {
                WebSession ws = (WebSession) s;
                if (!ws.isOpen()) {
                    continue;
                }
                if (frames == null) {
                    frames = frames(run);
                }
                write(ws, frames.retainedDuplicate());
            }
        } finally {
            if (frames != null) {
                frames.release();
            }
        }
    }

    /**
     * The run as finished, unmasked text frames (RFC 6455 section 5.2), one after another in one buffer.
     * A run is a room's events, whose JSON carries no text of ours: the same for every language.
     */
    private ByteBuf frames(List<Delivery> run) {
        byte[][] payloads = new byte[run.size()][];
        int size = 0;
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = run.get(i).encoded(WebCodec.SLOT, 0, codecs[0]::encode);
            size += headerLength(payloads[i].length) + payloads[i].length;
        }
        ByteBuf buf = alloc.directBuffer(size);
        for (byte[] payload : payloads) {
            buf.writeByte(0x81); // FIN, text
            int n = payload.length;
            if (n < 126) {
                buf.writeByte(n);
            } else if (n < 65536) {
                buf.writeByte(126).writeShort(n);
            } else {
                buf.writeByte(127).writeLong(n);
            }
            buf.writeBytes(payload);
        }
        return buf;
    }

    private static int headerLength(int payload) {
        return payload < 126 ? 2 : payload < 65536 ? 4 : 10;
    }

    private void deliver(Delivery d, Session[] to) {
        boolean goodbye = d.event() instanceof Event.Goodbye;
        ByteBuf json = null;
        try {
            for (Session s : to) {
                WebSession ws = (WebSession) s;
                if (!ws.isOpen()) {
                    continue;
                }
                if (json == null) {
                    byte[] bytes = json(d, ws);
                    json = alloc.directBuffer(bytes.length).writeBytes(bytes);
                }
                TextWebSocketFrame frame = new TextWebSocketFrame(json.retainedDuplicate());
                if (goodbye) {
                    // Last words, then a close frame; the channel closes once the close frame is out.
                    writeLast(ws, frame, new CloseWebSocketFrame(Event.Goodbye.RESTART.equals(((Event.Goodbye) d.event()).key())
                            ? WebSocketCloseStatus.SERVICE_RESTART : WebSocketCloseStatus.NORMAL_CLOSURE));
                } else {
                    write(ws, frame);
                }
            }
        } finally {
            if (json != null) {
                json.release();
            }
        }
    }
}
