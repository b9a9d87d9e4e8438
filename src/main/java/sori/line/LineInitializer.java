package sori.line;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import sori.chat.Hub;

/** The plain-text chat pipeline. One per listener; the mailboxes (one per event loop) live here. */
public final class LineInitializer extends ChannelInitializer<SocketChannel> {

    private final Hub hub;
    private final LineCodec codec;
    private final long idleFlushMillis;
    private final long outboundLimit;
    private final Map<EventLoop, LineMailbox> mailboxes = new ConcurrentHashMap<>();

    /**
     * @param idleFlushMillis pause after which a partial line counts as a line (0: never)
     * @param outboundLimit   unsent bytes a session may have before it is cut off as a slow reader
     */
    public LineInitializer(Hub hub, long idleFlushMillis, long outboundLimit) {
        this.hub = hub;
        this.codec = new LineCodec(hub.texts());
        this.idleFlushMillis = idleFlushMillis;
        this.outboundLimit = outboundLimit;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        LineMailbox mailbox = mailboxes.computeIfAbsent(ch.eventLoop(),
                loop -> new LineMailbox(loop, codec, ch.alloc(), outboundLimit));
        ChannelPipeline p = ch.pipeline();
        // Bounded framing: lines up to the Hub's limit, bad UTF-8 replaced, a pause ends a bare line.
        p.addLast("framer", new LineFramer(hub.config().maxLineBytes(), idleFlushMillis));
        // Behaviour: lines to Hub calls; output comes from the mailbox, not from here.
        p.addLast("chat", new LineHandler(hub, mailbox));
    }
}
