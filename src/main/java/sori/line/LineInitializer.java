package sori.line;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import sori.chat.Hub;
import sori.net.TlsContexts;

/** The plain-text chat pipeline. One per listener; the mailboxes (one per event loop) live here. */
public final class LineInitializer extends ChannelInitializer<SocketChannel> {

    private final Hub hub;
    private final LineCodec codec;
    private final long idleFlushMillis;
    private final long outboundLimit;
    private final TlsContexts tls;
    private final Map<EventLoop, LineMailbox> mailboxes = new ConcurrentHashMap<>();

    /**
     * @param idleFlushMillis pause after which a partial line counts as a line (0: never)
     * @param outboundLimit   unsent bytes a session may have before it is cut off as a slow reader
     */
    public LineInitializer(Hub hub, long idleFlushMillis, long outboundLimit) {
        this(hub, idleFlushMillis, outboundLimit, null);
    }

    /** @param tls TLS beside plain text on this port (or TLS only), or null for plain text only */
    public LineInitializer(Hub hub, long idleFlushMillis, long outboundLimit, TlsContexts tls) {
        this.hub = hub;
        this.tls = tls;
        this.codec = new LineCodec(hub.texts());
        this.idleFlushMillis = idleFlushMillis;
        this.outboundLimit = outboundLimit;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        LineMailbox mailbox = mailboxes.computeIfAbsent(ch.eventLoop(),
                loop -> new LineMailbox(loop, codec, ch.alloc(), outboundLimit));
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            // TLS or plain text, told by the first bytes; the prompt waits until that (and a handshake) is done.
            p.addLast("sniff", tls.newSniffer(true));
        }
        // Bounded framing: lines up to the Hub's limit, bad UTF-8 replaced, a pause ends a bare line.
        p.addLast("framer", new LineFramer(hub.config().maxLineBytes(), idleFlushMillis));
        // Behaviour: lines to Hub calls; output comes from the mailbox, not from here.
        p.addLast("chat", new LineHandler(hub, mailbox));
    }
}
