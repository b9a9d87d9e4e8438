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

    private final WebCodec codec;

    WebMailbox(EventLoop loop, WebCodec codec, ByteBufAllocator alloc, long outboundLimit, LimitCounters counters) {
        super(loop, alloc, outboundLimit, counters);
        this.codec = codec;
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

    /** The run as finished, unmasked text frames (RFC 6455 section 5.2), one after another in one buffer. */
    private ByteBuf frames(List<Delivery> run) {
        byte[][] payloads = new byte[run.size()][];
        int size = 0;
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = run.get(i).encoded(WebCodec.SLOT, codec::encode);
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
                    byte[] bytes = d.encoded(WebCodec.SLOT, codec::encode);
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
