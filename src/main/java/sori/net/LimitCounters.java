package sori.net;

import io.netty.channel.Channel;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How often each {@link Limit} tripped since the server started; one per server, read by tests and
 * health checks. Every trip is also logged once, with the peer's address: a handler trips a limit at
 * most once per connection and then closes it.
 *
 * <p>Beside the limits, the protocol errors a client committed, by the WebSocket close code they were
 * answered with (1002, 1007, 1009): counted, and logged at debug only, since a broken or hostile client
 * is no news to the operator.
 */
public final class LimitCounters {

    private static final Logger log = LoggerFactory.getLogger(LimitCounters.class);

    private final Map<Limit, LongAdder> counts = new EnumMap<>(Limit.class);
    private final ConcurrentMap<Integer, LongAdder> protocolErrors = new ConcurrentHashMap<>();
    private final Traffic traffic = new Traffic();

    public LimitCounters() {
        for (Limit l : Limit.values()) {
            counts.put(l, new LongAdder());
        }
    }

    /** Counts and logs one trip of {@code limit} (whose value is {@code value}) by {@code ch}'s peer. */
    public void trip(Channel ch, Limit limit, long value) {
        counts.get(limit).increment();
        log.atWarn().addKeyValue("remote", Addresses.remote(ch)).addKeyValue("reason", limit.label())
                .log("{}: {} (limit {}), closing", Addresses.remote(ch), limit.label(), value);
    }

    /** What the hot path counts (messages, deliveries, bytes), beside the limits; read by metrics. */
    public Traffic traffic() {
        return traffic;
    }

    /** Trips of {@code limit} so far. */
    public long count(Limit limit) {
        return counts.get(limit).sum();
    }

    /**
     * Counts and logs (at debug) one protocol error by {@code ch}'s peer, answered with close code
     * {@code closeCode}; {@code why} is what was wrong.
     */
    public void protocolError(Channel ch, int closeCode, String why) {
        protocolErrors.computeIfAbsent(closeCode, c -> new LongAdder()).increment();
        log.debug("{}: protocol error, close {} ({})", ch.remoteAddress(), closeCode, why);
    }

    /** Protocol errors answered with close code {@code closeCode} so far. */
    public long protocolErrors(int closeCode) {
        LongAdder n = protocolErrors.get(closeCode);
        return n == null ? 0 : n.sum();
    }

    /** Every protocol error count, by close code in ascending order. */
    public Map<Integer, Long> protocolErrors() {
        Map<Integer, Long> m = new TreeMap<>();
        protocolErrors.forEach((c, n) -> m.put(c, n.sum()));
        return m;
    }

    /** Every count, in {@link Limit} order. */
    public Map<Limit, Long> snapshot() {
        Map<Limit, Long> m = new EnumMap<>(Limit.class);
        counts.forEach((l, n) -> m.put(l, n.sum()));
        return m;
    }

    @Override
    public String toString() {
        return protocolErrors.isEmpty() ? snapshot().toString()
                : snapshot() + " protocol errors " + protocolErrors();
    }
}
