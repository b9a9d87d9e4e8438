package sori.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import java.io.OutputStream;

/** The client's pipeline: TLS when asked, then the handler. No framing: bytes pass through as they are. */
final class ClientInitializer extends ChannelInitializer<Channel> {
    private final SslContext ssl;
    private final Target target;
    private final OutputStream out;
    private final WritableGate gate;

    /** {@code ssl} null means plain TCP. */
    ClientInitializer(SslContext ssl, Target target, OutputStream out, WritableGate gate) {
        this.ssl = ssl;
        this.target = target;
        this.out = out;
        this.gate = gate;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        if (ssl != null) {
            // 1. TLS first, with the host name for SNI and certificate checks.
            p.addLast("tls", ssl.newHandler(ch.alloc(), target.host(), target.port()));
        }
        // 2. Print what arrives; per channel because it keeps the session's failure.
        p.addLast("print", new ClientHandler(out, gate));
    }
}
