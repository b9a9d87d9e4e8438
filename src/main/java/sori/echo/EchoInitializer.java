package sori.echo;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import sori.net.TlsContexts;

/** The pipeline of one TCP echo client. No framing: echo is byte for byte, only {@code end} needs lines. */
final class EchoInitializer extends ChannelInitializer<Channel> {
    private final Clients clients;
    private final EchoConfig config;
    private final TlsContexts tls;

    /** {@code tls} null: plain TCP only. */
    EchoInitializer(Clients clients, EchoConfig config, TlsContexts tls) {
        this.clients = clients;
        this.config = config;
        this.tls = tls;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            // 0. TLS or plain, told by the first bytes; the client is counted in once that (and a handshake) is done.
            p.addLast("sniff", tls.newSniffer(false));
        }
        // 1. A pause in reading: ends a line that came without newline (the seed's bare messages).
        p.addLast("pause", new IdleStateHandler(config.idleFlush().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        // 2. Echo, count the client, watch for "end"; per channel because it holds line state.
        p.addLast("echo", new EchoHandler(clients, config.once()));
    }
}
