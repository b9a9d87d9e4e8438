package sori.echo;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** The pipeline of one TCP echo client. No framing: echo is byte for byte, only {@code end} needs lines. */
final class EchoInitializer extends ChannelInitializer<Channel> {
    private final Clients clients;
    private final EchoConfig config;

    EchoInitializer(Clients clients, EchoConfig config) {
        this.clients = clients;
        this.config = config;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        // 1. A pause in reading: ends a line that came without newline (the seed's bare messages).
        p.addLast("pause", new IdleStateHandler(config.idleFlush().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        // 2. Echo, count the client, watch for "end"; per channel because it holds line state.
        p.addLast("echo", new EchoHandler(clients, config.once()));
    }
}
