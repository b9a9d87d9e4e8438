package sori.irc;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import sori.chat.Hub;
import sori.line.LineFramer;
import sori.net.Guards;
import sori.net.TlsContexts;

/**
 * The IRC pipeline. One per listener; the mailboxes (one per event loop) live here. Any channel will do
 * (a socket, or an {@code EmbeddedChannel} in fuzz tests).
 */
public final class IrcInitializer extends ChannelInitializer<Channel> {

    private final Hub hub;
    private final IrcCodec codec;
    private final long outboundLimit;
    private final Guards guards;
    private final TlsContexts tls;
    private final Map<EventLoop, IrcMailbox> mailboxes = new ConcurrentHashMap<>();
    private final Whowas whowas = new Whowas();

    /**
     * @param outboundLimit unsent bytes a session may have before it is cut off as a slow reader
     * @param guards        the server's limit handlers (connections, flood, registration deadline)
     */
    public IrcInitializer(Hub hub, IrcConfig config, long outboundLimit, Guards guards, TlsContexts tls) {
        this.hub = hub;
        this.codec = new IrcCodec(config.serverName(), config.network(), hub.texts());
        this.outboundLimit = outboundLimit;
        this.guards = guards;
        this.tls = tls;
    }

    @Override
    protected void initChannel(Channel ch) {
        IrcMailbox mailbox = mailboxes.computeIfAbsent(ch.eventLoop(),
                loop -> new IrcMailbox(loop, codec, ch.alloc(), outboundLimit, guards.counters()));
        ChannelPipeline p = ch.pipeline();
        // Admission: past the connection limits, one ERROR line and close; nothing below hears of it.
        p.addLast("admission", guards.admission(t -> Unpooled.wrappedBuffer(IrcCodec.bytes(List.of(codec.fromServer(
                "ERROR", "Closing Link: " + codec.texts().get(t.limit().textKey(), t.value())))))));
        if (tls != null) {
            // TLS or plain text, told by the first bytes.
            p.addLast("sniff", tls.newSniffer(true));
        }
        // Bounded framing: a message of 512 bytes plus 8191 of tags; longer ones are answered with 417.
        p.addLast("framer", new LineFramer(IrcMessage.MAX_LINE_BYTES, 0));
        // Flood control: a burst, then a steady rate; past the backlog, ERROR (Excess Flood).
        guards.addFloodGate(p);
        IrcHandler handler = new IrcHandler(hub, mailbox, codec, whowas, guards.counters());
        // Registration deadline: a connection that registers no nick is closed after a while.
        guards.addRegisterTimeout(p, handler::named);
        // Liveness: IRC has pings; any line from the client counts as an answer.
        byte[] ping = ("PING :" + codec.server() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        guards.addPing(p, () -> Unpooled.wrappedBuffer(ping));
        p.addLast("chat", handler);
    }

}
