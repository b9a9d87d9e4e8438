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
 * {@link WebCodec#SLOT}), copied into one direct buffer, and every member gets a text frame over a
 * retained duplicate of it. A goodbye is followed by a close frame.
 */
final class WebMailbox extends Outbox<WebSession> {

    private final WebCodec codec;

    WebMailbox(EventLoop loop, WebCodec codec, ByteBufAllocator alloc, long outboundLimit, LimitCounters counters) {
        super(loop, alloc, outboundLimit, counters);
        this.codec = codec;
    }

    @Override
    protected void deliver(List<Delivery> run, Session[] to) {
        for (Delivery d : run) {
            deliver(d, to);
        }
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
                    writeLast(ws, frame, new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
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
