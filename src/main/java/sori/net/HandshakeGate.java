package sori.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Right after the {@link io.netty.handler.ssl.SslHandler}: a TLS session counts as live only once its
 * handshake is done, so the handlers after this one hear {@code channelActive} then. A failed
 * handshake, or a broken record later, is logged in a line and closed; the protocol's own handler
 * never sees TLS errors (a peer sending junk must not fill the log with stack traces).
 */
final class HandshakeGate extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(HandshakeGate.class);

    private final TlsContexts tls;
    private boolean live;

    HandshakeGate(TlsContexts tls) {
        this.tls = tls;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            tls.handshake(done.isSuccess());
            if (!done.isSuccess()) {
                log.debug("{}: TLS handshake failed: {}", Addresses.remote(ctx.channel()), TlsErrors.reason(done.cause()));
                ctx.close();
                return;
            }
            // Fired by SslHandler before any application data it decrypts, so nothing is missed.
            live = true;
            ctx.fireChannelActive();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (live && !isTls(cause)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        log.debug("{}: TLS failed: {}", Addresses.remote(ctx.channel()), TlsErrors.reason(cause));
        ctx.close();
    }

    private static boolean isTls(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException) {
                return true;
            }
        }
        return false;
    }
}
