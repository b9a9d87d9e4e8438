package sori.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Right after the {@link io.netty.handler.ssl.SslHandler}: a TLS session counts as live only once its
 * handshake is done, so the handlers after this one hear {@code channelActive} then, and this one
 * goes. A failed handshake is logged in a line and closed, and nobody after this one hears of it.
 */
final class HandshakeGate extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(HandshakeGate.class);

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                // Fired by SslHandler before any application data it decrypts, so nothing is missed.
                ctx.pipeline().remove(this);
                ctx.fireChannelActive();
            } else {
                log.debug("{}: TLS handshake failed: {}", ctx.channel().remoteAddress(), TlsErrors.reason(done.cause()));
                ctx.close();
                return;
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Before the handshake, errors are the handshake's: the completion event reports them.
        log.debug("{}: before TLS handshake: {}", ctx.channel().remoteAddress(), TlsErrors.reason(cause));
        ctx.close();
    }
}
