package sori.line;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import sori.chat.Event;
import sori.chat.Hub;
import sori.chat.Texts;
import sori.net.Guards;
import sori.net.TlsContexts;

/**
 * The plain-text chat pipeline. One per listener; the mailboxes (one per event loop) live here. Any
 * channel will do (a socket, or an {@code EmbeddedChannel} in fuzz tests).
 */
public final class LineInitializer extends ChannelInitializer<Channel> {

    private final Hub hub;
    /** The server's language, for what is said before a session exists. */
    private final LineCodec codec;
    private final LineCodec[] codecs;
    private final long idleFlushMillis;
    private final long outboundLimit;
    private final Guards guards;
    private final TlsContexts tls;
    private final Map<EventLoop, LineMailbox> mailboxes = new ConcurrentHashMap<>();

    /**
     * @param idleFlushMillis pause after which a partial line counts as a line (0: never)
     * @param outboundLimit   unsent bytes a session may have before it is cut off as a slow reader
     * @param guards          the server's limit handlers (connections, flood, name deadline)
     */
    public LineInitializer(Hub hub, long idleFlushMillis, long outboundLimit, Guards guards, TlsContexts tls) {
        this.hub = hub;
        this.tls = tls;
        this.codecs = new LineCodec[Texts.LANGUAGES.size()];
        for (int i = 0; i < codecs.length; i++) {
            codecs[i] = new LineCodec(Texts.at(i), hub.config().firstRoom());
        }
        this.codec = codecs[hub.texts().index()];
        this.idleFlushMillis = idleFlushMillis;
        this.outboundLimit = outboundLimit;
        this.guards = guards;
    }

    @Override
    protected void initChannel(Channel ch) {
        LineMailbox mailbox = mailboxes.computeIfAbsent(ch.eventLoop(),
                loop -> new LineMailbox(loop, codecs, hub.texts().index(), ch.alloc(), outboundLimit, guards.counters()));
        ChannelPipeline p = ch.pipeline();
        // Admission: past the connection limits, one error line and close; nothing below hears of it.
        p.addLast("admission", guards.admission(t -> Unpooled.wrappedBuffer(codec.encode(
                Event.Goodbye.of(t.limit().textKey(), t.value()), false))));
        if (tls != null) {
            // TLS or plain text, told by the first bytes; the prompt waits until that (and a handshake) is done.
            p.addLast("sniff", tls.newSniffer(true));
        }
        // Bounded framing: lines up to the Hub's limit, bad UTF-8 replaced, a pause ends a bare line.
        p.addLast("framer", new LineFramer(hub.config().maxLineBytes(), idleFlushMillis));
        // Flood control: a burst, then a steady rate; the rest waits in order, up to a backlog.
        guards.addFloodGate(p);
        LineHandler handler = new LineHandler(hub, mailbox, guards.counters());
        // Name deadline: a connection without a name is closed after a while.
        guards.addRegisterTimeout(p, handler::named);
        // Behaviour: lines to Hub calls; output comes from the mailbox, not from here.
        p.addLast("chat", handler);
    }
}
