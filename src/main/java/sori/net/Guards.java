package sori.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The limit handlers of one server, made the same way for every transport: one {@link Limits}, one
 * shared {@link ConnectionLimiter} and one set of {@link LimitCounters}. A listener's initializer adds
 * them in this order: {@link #admission} first, the framer, {@link #addFloodGate} right after it, then
 * {@link #addRegisterTimeout} before the protocol handler, which handles {@link Tripped}. Plain TCP
 * finds dead peers with {@link KeepAlive}; a protocol with pings also adds {@link #addPing}.
 */
public final class Guards {

    private volatile Limits limits;
    private final LimitCounters counters = new LimitCounters();
    private final ConnectionLimiter connections;

    public Guards(Limits limits) {
        this.limits = limits;
        this.connections = new ConnectionLimiter(limits, counters);
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Uses {@code next} from now on (a SIGHUP reload): new connections get its flood control and name
     * deadline, and the connection counts apply to the next connection; open connections keep theirs.
     */
    public void update(Limits next) {
        limits = next;
        connections.update(next);
    }

    /** How often each limit tripped. */
    public LimitCounters counters() {
        return counters;
    }

    public ConnectionLimiter connections() {
        return connections;
    }

    /** The first handler of every pipeline; {@code refusal} is what a turned-away client is sent. */
    public ChannelHandler admission(Function<Tripped, ByteBuf> refusal) {
        return connections.handler(refusal);
    }

    /** Adds flood control for messages coming from the handler added last; nothing when it is off. */
    public void addFloodGate(ChannelPipeline p) {
        Limits l = limits;
        if (l.floodControl()) {
            p.addLast("flood", new FloodGate(l.floodBurst(), l.floodRate(), l.floodBacklog(), counters));
        }
    }

    /**
     * Adds ping liveness for a protocol with pings (WebSocket): an {@link IdleStateHandler} and a
     * {@link PingKeepAlive}, at the front of the pipeline so that any byte from the peer (a pong the
     * protocol handler swallows included) counts as alive. Call it once the protocol can carry a ping:
     * for WebSocket, on {@code WebSocketServerProtocolHandler.HandshakeComplete}, with
     * {@code PingWebSocketFrame::new}.
     */
    public void addPing(ChannelPipeline p, Supplier<Object> ping) {
        p.addFirst("ping", new PingKeepAlive(ping, PingKeepAlive.IDLE_SECONDS, counters));
        p.addFirst("idle", new IdleStateHandler(PingKeepAlive.IDLE_SECONDS, 0, 0));
    }

    /** Adds the name deadline; {@code named} is asked on the channel's loop. Nothing when it is off. */
    public void addRegisterTimeout(ChannelPipeline p, BooleanSupplier named) {
        int seconds = limits.registerSeconds();
        if (seconds > 0) {
            p.addLast("register-timeout", new RegisterTimeout(seconds, named, counters));
        }
    }
}
