package sori.cluster;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Each room's shared history in Redis (keys as in {@code docs/cluster-design.md}, all under the room's hash tag
 * so one script touches one slot): a sequence ({@code INCR}), a stream whose entry ids are {@code <seq>-1}, a
 * sharded live channel and the member hash. The seq travels beside the event's JSON, never inside it: it is the
 * stream entry's id, and the live message is {@code "<seq> <json>"}; either way a reader gets an {@link Entry}.
 * Thread-safe: every method may be called from any thread; live entries arrive on a Lettuce event-loop thread.
 */
public final class RoomLog {

    /** Entries kept per room stream ({@code MAXLEN ~}); older ones are the store's to give. */
    public static final int DEFAULT_MAX_LEN = 10_000;

    /** One event of a room: its sequence number and its JSON as appended. */
    public record Entry(long seq, String json) {}

    // KEYS: seq, log, live, members. ARGV: json, change (none|join|leave|rename|kick), name, node, maxlen, to,
    // floor. A leave checks the member hash first, so only the first of several announcements appends anything. A
    // rename moves the entry only if the renaming node holds the old name; a kick frees the name whoever holds it.
    // The floor is the last seq the appending node knows the room reached (its store's, at least): a Redis that
    // never saw the room, or lost it, starts after it instead of at 1, where the store holds events already.
    private static final String APPEND = """
            if ARGV[2] == 'leave' and redis.call('HGET', KEYS[4], ARGV[3]) ~= ARGV[4] then
              return 0
            end
            local floor = tonumber(ARGV[7])
            if floor > 0 and tonumber(redis.call('GET', KEYS[1]) or '0') < floor then
              redis.call('SET', KEYS[1], floor)
            end
            local seq = redis.call('INCR', KEYS[1])
            redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], seq .. '-1', 'e', ARGV[1])
            redis.call('SPUBLISH', KEYS[3], seq .. ' ' .. ARGV[1])
            if ARGV[2] == 'join' then
              redis.call('HSET', KEYS[4], ARGV[3], ARGV[4])
            elseif ARGV[2] == 'leave' or ARGV[2] == 'kick' then
              redis.call('HDEL', KEYS[4], ARGV[3])
            elseif ARGV[2] == 'rename' and redis.call('HGET', KEYS[4], ARGV[3]) == ARGV[4] then
              redis.call('HDEL', KEYS[4], ARGV[3])
              redis.call('HSET', KEYS[4], ARGV[6], ARGV[4])
            end
            return seq
            """;
    private static final String APPEND_SHA = sha1(APPEND);

    private final RedisConnector redis;
    private final int maxLen;
    private final Map<String, Consumer<Entry>> followed = new ConcurrentHashMap<>();

    public RoomLog(RedisConnector redis) {
        this(redis, DEFAULT_MAX_LEN);
    }

    public RoomLog(RedisConnector redis, int maxLen) {
        if (maxLen < 1) {
            throw new IllegalArgumentException("maxLen must be positive: " + maxLen);
        }
        this.redis = redis;
        this.maxLen = maxLen;
        redis.onShardMessage(this::onLive);
    }

    /** The connection the log runs on, for what goes with a room but is no room key (the node's room set). */
    RedisConnector connector() {
        return redis;
    }

    static String seqKey(String room) {
        return "sori:{r:" + room + "}:seq";
    }

    static String logKey(String room) {
        return "sori:{r:" + room + "}:log";
    }

    static String liveKey(String room) {
        return "sori:{r:" + room + "}:live";
    }

    static String membersKey(String room) {
        return "sori:{r:" + room + "}:members";
    }

    /**
     * Appends one event to {@code room} (its folded key) and publishes it, changing the member hash in the same
     * step. Completes with the event's seq, or 0 for a leave that was already announced (nothing appended).
     * Fails when Redis does not answer within the command timeout.
     */
    public CompletionStage<Long> append(String room, String eventJson, MemberChange change) {
        return append(room, eventJson, change, 0);
    }

    /**
     * Appends as {@link #append(String, String, MemberChange)}, numbering the event above {@code floor} at least:
     * the last seq the caller knows the room reached (from the store), for a Redis that has not seen the room.
     */
    public CompletionStage<Long> append(String room, String eventJson, MemberChange change, long floor) {
        String[] keys = {seqKey(room), logKey(room), liveKey(room), membersKey(room)};
        String[] args = {eventJson, change.kind().name().toLowerCase(java.util.Locale.ROOT), change.name(),
                change.node(), String.valueOf(maxLen), change.to(), String.valueOf(Math.max(0, floor))};
        CompletionStage<Long> sha = redis.commands().<Long>evalsha(APPEND_SHA, ScriptOutputType.INTEGER, keys, args);
        // NOSCRIPT after a restart or on a shard that never saw it: EVAL sends the text once and caches it there.
        return sha.handle((seq, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(seq);
            }
            if (unwrap(e) instanceof RedisNoScriptException) {
                return redis.commands().<Long>eval(APPEND, ScriptOutputType.INTEGER, keys, args).toCompletableFuture();
            }
            return CompletableFuture.<Long>failedFuture(unwrap(e));
        }).thenCompose(s -> s);
    }

    /** Up to {@code limit} entries with {@code afterSeq < seq < beforeSeq} (pass {@link Long#MAX_VALUE} for no end). */
    public CompletionStage<List<Entry>> read(String room, long afterSeq, long beforeSeq, int limit) {
        Range.Boundary<String> upper = beforeSeq == Long.MAX_VALUE ? Range.Boundary.unbounded()
                : Range.Boundary.excluding(beforeSeq + "-1");
        if (beforeSeq <= afterSeq + 1) {
            return CompletableFuture.completedFuture(List.of());
        }
        Range<String> range = Range.from(Range.Boundary.excluding(afterSeq + "-1"), upper);
        return redis.commands().xrange(logKey(room), range, Limit.from(limit))
                .thenApply(messages -> messages.stream().map(RoomLog::entry).toList());
    }

    /**
     * The room's newest entry still in its stream, or empty when the stream holds none: for one who acts on a room
     * knowing only its key (a reaper) and needs its name as the room's events spell it.
     */
    public CompletionStage<java.util.Optional<Entry>> newest(String room) {
        return redis.commands().xrevrange(logKey(room), Range.unbounded(), Limit.from(1))
                .thenApply(messages -> messages.stream().findFirst().map(RoomLog::entry));
    }

    /**
     * Subscribes to the room's live channel; {@code live} then gets each appended entry, on a Lettuce thread, in
     * publish order but with no promise across a reconnect (feed it to a {@link Reorder}). Completes once the
     * subscription is confirmed: whatever is appended after that arrives.
     */
    public CompletionStage<Void> follow(String room, Consumer<Entry> live) {
        followed.put(liveKey(room), live);
        return redis.ssubscribe(liveKey(room));
    }

    /**
     * Subscribes again to a followed room's live channel (after a reconnect); completes once confirmed, so the
     * room's seq read after that covers every entry that will not arrive live.
     */
    public CompletionStage<Void> refollow(String room) {
        return redis.ssubscribe(liveKey(room));
    }

    /** Tells {@code listener} each time a connection to Redis is back ({@link RedisConnector#onReconnect}). */
    public void onReconnect(Runnable listener) {
        redis.onReconnect(listener);
    }

    /** The room's last seq (0 for none yet). */
    public CompletionStage<Long> seq(String room) {
        return redis.commands().get(seqKey(room)).thenApply(v -> v == null ? 0L : Long.parseLong(v));
    }

    public CompletionStage<Void> unfollow(String room) {
        followed.remove(liveKey(room));
        return redis.sunsubscribe(liveKey(room));
    }

    /** The room's members: name to the node that holds it. */
    public CompletionStage<Map<String, String>> members(String room) {
        return redis.commands().hgetall(membersKey(room));
    }

    /** A room's last seq and its members (name to node) at one instant. */
    public record Snapshot(long seq, Map<String, String> members) {}

    // KEYS: seq, members. One script, so no append falls between reading the seq and reading the members.
    private static final String SNAPSHOT = """
            return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('HGETALL', KEYS[2])}
            """;

    /**
     * The room's last seq and its members as of that seq: a node that starts following delivers from
     * {@code seq + 1} and seeds its roster with these members, so no join or leave is missed or counted twice.
     */
    public CompletionStage<Snapshot> snapshot(String room) {
        String[] keys = {seqKey(room), membersKey(room)};
        return redis.commands().<List<Object>>eval(SNAPSHOT, ScriptOutputType.MULTI, keys).thenApply(r -> {
            Map<String, String> members = new java.util.LinkedHashMap<>();
            List<?> flat = (List<?>) r.get(1);
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                members.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
            }
            return new Snapshot((Long) r.get(0), members);
        });
    }

    private void onLive(String channel, String message) {
        Consumer<Entry> live = followed.get(channel);
        int space = message.indexOf(' ');
        if (live == null || space < 1) {
            return;
        }
        live.accept(new Entry(Long.parseLong(message, 0, space, 10), message.substring(space + 1)));
    }

    private static Entry entry(StreamMessage<String, String> m) {
        String id = m.getId();
        return new Entry(Long.parseLong(id, 0, id.indexOf('-'), 10), m.getBody().get("e"));
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
