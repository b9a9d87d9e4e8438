package sori.net;

import io.netty.channel.Channel;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How often each {@link Limit} tripped since the server started; one per server, read by tests and
 * health checks. Every trip is also logged once, with the peer's address: a handler trips a limit at
 * most once per connection and then closes it.
 */
public final class LimitCounters {

    private static final Logger log = LoggerFactory.getLogger(LimitCounters.class);

    private final Map<Limit, LongAdder> counts = new EnumMap<>(Limit.class);
    private final Traffic traffic = new Traffic();

    public LimitCounters() {
        for (Limit l : Limit.values()) {
            counts.put(l, new LongAdder());
        }
    }

    /** Counts and logs one trip of {@code limit} (whose value is {@code value}) by {@code ch}'s peer. */
    public void trip(Channel ch, Limit limit, long value) {
        counts.get(limit).increment();
        log.atWarn().addKeyValue("remote", ch.remoteAddress()).addKeyValue("reason", limit.label())
                .log("{}: {} (limit {}), closing", ch.remoteAddress(), limit.label(), value);
    }

    /** What the hot path counts (messages, deliveries, bytes), beside the limits; read by metrics. */
    public Traffic traffic() {
        return traffic;
    }

    /** Trips of {@code limit} so far. */
    public long count(Limit limit) {
        return counts.get(limit).sum();
    }

    /** Every count, in {@link Limit} order. */
    public Map<Limit, Long> snapshot() {
        Map<Limit, Long> m = new EnumMap<>(Limit.class);
        counts.forEach((l, n) -> m.put(l, n.sum()));
        return m;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
