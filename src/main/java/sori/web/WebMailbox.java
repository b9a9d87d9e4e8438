package sori.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
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
 * retained duplicate of it, past the frame encoder, exactly as the plain-text side does. Messages in a
 * row for one session are finished frames in one buffer too, in that session's language; a goodbye goes
 * as a {@link TextWebSocketFrame} followed by a close frame (1012 when the server restarts, so the page
 * comes back by itself; 1000 otherwise). Frames written past the encoder are not compressed: with
 * permessage-deflate a message may go uncompressed (RFC 7692 section 6), and room events are small; a
 * session's own messages (history, lists) still go through the encoder when it asked for compression.
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
            deliverAll((WebSession) to[0], run);
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
     * A run for one session (a welcome, a reply, a history replay) as one buffer of finished frames, in
     * the session's language: one write, and one entry in io_uring's record of it, which keeps the size
     * of the largest write a connection made. A goodbye goes last, on its own, with its close frame.
     */
    private void deliverAll(WebSession ws, List<Delivery> run) {
        if (ws.channel().pipeline().get(WebSocketExtensionEncoder.class) != null) {
            // permessage-deflate: each message through the encoder, compressed as the client asked.
            for (Delivery d : run) {
                deliver(d, new Session[] {ws});
            }
            return;
        }
        byte[][] payloads = new byte[run.size()][];
        int n = 0;
        for (Delivery d : run) {
            if (!ws.isOpen()) {
                return;
            }
            if (d.event() instanceof Event.Goodbye) {
                writeFrames(ws, payloads, n);
                n = 0;
                deliver(d, new Session[] {ws});
            } else {
                payloads[n++] = json(d, ws);
            }
        }
        writeFrames(ws, payloads, n);
    }

    private void writeFrames(WebSession ws, byte[][] payloads, int n) {
        if (n > 0 && ws.isOpen()) {
            write(ws, frames(payloads, n), n);
        }
    }

    /**
     * The run as finished, unmasked text frames (RFC 6455 section 5.2), one after another in one buffer.
     * A run is a room's events, whose JSON carries no text of ours: the same for every language.
     */
    private ByteBuf frames(List<Delivery> run) {
        byte[][] payloads = new byte[run.size()][];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = run.get(i).encoded(WebCodec.SLOT, 0, codecs[0]::encode);
        }
        return frames(payloads, payloads.length);
    }

    /** The first {@code n} payloads as text frames, one after another in one buffer. */
    private ByteBuf frames(byte[][] payloads, int n) {
        int size = 0;
        for (int i = 0; i < n; i++) {
            size += headerLength(payloads[i].length) + payloads[i].length;
        }
        ByteBuf buf = alloc.directBuffer(size);
        for (int i = 0; i < n; i++) {
            byte[] payload = payloads[i];
            buf.writeByte(0x81); // FIN, text
            int length = payload.length;
            if (length < 126) {
                buf.writeByte(length);
            } else if (length < 65536) {
                buf.writeByte(126).writeShort(length);
            } else {
                buf.writeByte(127).writeLong(length);
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
