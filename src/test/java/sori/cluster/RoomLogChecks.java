package sori.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import sori.cluster.RoomLog.Entry;
import sori.testing.Await;
import sori.testing.LineClient;

/** What every RoomLog test checks, on whatever Redis the URL names (a server or a cluster). */
final class RoomLogChecks {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private RoomLogChecks() {}

    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(LineClient.WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("Redis did not answer: " + e, e);
        }
    }

    /**
     * Two connections append to {@code room} at once while a third follows it: the seqs are 1..n with no gap,
     * the stream holds each under id {@code <seq>-1} with its own JSON, and the follower hears all of them.
     */
    static void concurrentAppendsMakeOneGaplessOrder(String url, String room, int n) {
        try (RedisConnector a = RedisConnector.open(url, TIMEOUT);
                RedisConnector b = RedisConnector.open(url, TIMEOUT);
                RedisConnector f = RedisConnector.open(url, TIMEOUT)) {
            RoomLog la = new RoomLog(a);
            RoomLog lb = new RoomLog(b);
            RoomLog follower = new RoomLog(f);
            List<Entry> heard = Collections.synchronizedList(new ArrayList<>());
            await(follower.follow(room, heard::add));
            List<CompletableFuture<Entry>> appended = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                RoomLog log = i % 2 == 0 ? la : lb;
                String json = "{\"text\":\"m" + i + "\"}";
                appended.add(log.append(room, json, MemberChange.none()).thenApply(s -> new Entry(s, json))
                        .toCompletableFuture());
            }
            List<Entry> written = appended.stream().map(RoomLogChecks::await)
                    .sorted((x, y) -> Long.compare(x.seq(), y.seq())).toList();
            assertThat(written).extracting(Entry::seq).containsExactlyElementsOf(oneTo(n));
            assertThat(await(la.read(room, 0, Long.MAX_VALUE, n + 10))).containsExactlyElementsOf(written);
            assertThat(await(la.read(room, 2, 5, 100))).extracting(Entry::seq).containsExactly(3L, 4L);
            Await.until("the follower to hear " + n + " entries", () -> heard.size() >= n, LineClient.WAIT);
            assertThat(heard).containsExactlyInAnyOrderElementsOf(written);
        }
    }

    /**
     * A node that subscribes after {@code early} appends hears only the later ones live; its Reorder reads the
     * missed ones from the stream and delivers 1..n in order.
     */
    static void lateFollowerCatchesUpThroughReorder(String url, String room, int early, int late) {
        try (RedisConnector w = RedisConnector.open(url, TIMEOUT); RedisConnector f = RedisConnector.open(url, TIMEOUT)) {
            RoomLog writer = new RoomLog(w);
            RoomLog follower = new RoomLog(f);
            for (int i = 1; i <= early; i++) {
                await(writer.append(room, "{\"n\":" + i + "}", MemberChange.none()));
            }
            List<Entry> delivered = Collections.synchronizedList(new ArrayList<>());
            Reorder reorder = new Reorder(0, delivered::add,
                    (after, before) -> follower.read(room, after, before, 1000));
            await(follower.follow(room, e -> reorder.accept(e.seq(), e.json())));
            long lastSeq = 0;
            for (int i = early + 1; i <= early + late; i++) {
                lastSeq = await(writer.append(room, "{\"n\":" + i + "}", MemberChange.none()));
            }
            reorder.known(lastSeq);
            int n = early + late;
            Await.until("the late follower to deliver " + n, () -> delivered.size() >= n, LineClient.WAIT);
            assertThat(delivered).extracting(Entry::seq).containsExactlyElementsOf(oneTo(n));
            assertThat(delivered).extracting(Entry::json)
                    .containsExactlyElementsOf(oneTo(n).stream().map(i -> "{\"n\":" + i + "}").toList());
        }
    }

    /** A join maps the member; of several leaves for it only one appends; a leave for another node appends nothing. */
    static void leaveIsAnnouncedOnce(String url, String room) {
        try (RedisConnector a = RedisConnector.open(url, TIMEOUT); RedisConnector b = RedisConnector.open(url, TIMEOUT)) {
            RoomLog la = new RoomLog(a);
            RoomLog lb = new RoomLog(b);
            long joined = await(la.append(room, "{\"join\":\"alice\"}", MemberChange.join("alice", "node-a")));
            assertThat(await(la.members(room))).isEqualTo(Map.of("alice", "node-a"));
            assertThat(await(lb.append(room, "{\"leave\":\"alice\"}", MemberChange.leave("alice", "node-b"))))
                    .as("a leave by a node that does not hold the name").isZero();
            List<CompletableFuture<Long>> leaves = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                leaves.add((i % 2 == 0 ? la : lb).append(room, "{\"leave\":\"alice\"}", MemberChange.leave("alice", "node-a"))
                        .toCompletableFuture());
            }
            List<Long> seqs = leaves.stream().map(RoomLogChecks::await).filter(s -> s != 0).toList();
            assertThat(seqs).containsExactly(joined + 1);
            assertThat(await(la.members(room))).isEmpty();
            assertThat(await(la.read(room, 0, Long.MAX_VALUE, 100))).extracting(Entry::seq)
                    .containsExactly(joined, joined + 1);
        }
    }

    /**
     * A rename moves the holder's entry (so a later leave under the new name finds it); a stale rename by another
     * node moves nothing but is still appended; a kick from any node frees the target.
     */
    static void renameAndKickMoveTheMember(String url, String room) {
        try (RedisConnector a = RedisConnector.open(url, TIMEOUT); RedisConnector b = RedisConnector.open(url, TIMEOUT)) {
            RoomLog la = new RoomLog(a);
            RoomLog lb = new RoomLog(b);
            await(la.append(room, "{\"join\":\"alice\"}", MemberChange.join("alice", "node-a")));
            await(lb.append(room, "{\"join\":\"bob\"}", MemberChange.join("bob", "node-b")));
            assertThat(await(lb.append(room, "{\"rename\":1}", MemberChange.rename("alice", "eve", "node-b"))))
                    .as("a rename by a node that does not hold the name is still an event").isPositive();
            assertThat(await(la.members(room))).isEqualTo(Map.of("alice", "node-a", "bob", "node-b"));
            await(la.append(room, "{\"rename\":2}", MemberChange.rename("alice", "ann", "node-a")));
            assertThat(await(la.members(room))).isEqualTo(Map.of("ann", "node-a", "bob", "node-b"));
            assertThat(await(la.append(room, "{\"leave\":\"ann\"}", MemberChange.leave("ann", "node-a")))).isPositive();
            assertThat(await(la.members(room))).isEqualTo(Map.of("bob", "node-b"));
            assertThat(await(la.append(room, "{\"kick\":\"bob\"}", MemberChange.kick("bob")))).isPositive();
            assertThat(await(la.members(room))).isEmpty();
            assertThat(await(lb.append(room, "{\"leave\":\"bob\"}", MemberChange.leave("bob", "node-b"))))
                    .as("a kicked member's leave is not announced again").isZero();
        }
    }

    static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }
}
