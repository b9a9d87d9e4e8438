package sori.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sori.cluster.RoomLogChecks.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sori.UserFacingException;
import sori.testing.Await;
import sori.testing.LineClient;
import sori.testing.RedisServer;

/** {@link RoomLog} on one real Redis server: one order from many writers, late followers, leaves, a crash. */
class RoomLogTest {

    private static RedisServer redis;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void shouldNumberConcurrentAppendsWithoutGapAndPublishThem() {
        RoomLogChecks.concurrentAppendsMakeOneGaplessOrder(redis.url(), "lobby", 400);
        assertThat(redis.cli("XINFO", "STREAM", "sori:{r:lobby}:log")).contains("400-1");
    }

    @Test
    void shouldLetALateFollowerCatchUpInOrder() {
        RoomLogChecks.lateFollowerCatchesUpThroughReorder(redis.url(), "late", 50, 50);
    }

    @Test
    void shouldAnnounceALeaveOnce() {
        RoomLogChecks.leaveIsAnnouncedOnce(redis.url(), "leaving");
    }

    @Test
    void shouldMoveAMemberOnARenameAndFreeItOnAKick() {
        RoomLogChecks.renameAndKickMoveTheMember(redis.url(), "renames");
    }

    @Test
    void shouldFailAnAppendWhileRedisIsDownAndContinueTheSequenceAfterARestart() throws Exception {
        try (RedisServer own = RedisServer.start();
                RedisConnector c = RedisConnector.open(own.url(), Duration.ofMillis(500))) {
            RoomLog log = new RoomLog(c);
            for (int i = 1; i <= 3; i++) {
                await(log.append("crash", "{\"n\":" + i + "}", MemberChange.none()));
            }
            own.kill();
            CompletableFuture<Long> down = log.append("crash", "{\"n\":4}", MemberChange.none()).toCompletableFuture();
            // Bounded by the command timeout: it fails, it does not hang (the bound here is only the test's guard).
            assertThatThrownBy(() -> down.get(LineClient.WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
            own.restart();
            long[] seq = {0};
            Await.until("an append to succeed after the restart", () -> {
                try {
                    seq[0] = log.append("crash", "{\"n\":4}", MemberChange.none()).toCompletableFuture().get(5, TimeUnit.SECONDS);
                    return true;
                } catch (Exception e) {
                    return false;
                }
            }, LineClient.WAIT);
            assertThat(seq[0]).isEqualTo(4);
            assertThat(await(log.read("crash", 0, Long.MAX_VALUE, 10))).extracting(RoomLog.Entry::seq)
                    .containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void shouldSayWhyItCannotConnect() {
        try (RedisServer gone = RedisServer.start()) {
            String url = gone.url();
            gone.kill();
            assertThatThrownBy(() -> RedisConnector.open(url, Duration.ofSeconds(1)))
                    .isInstanceOf(UserFacingException.class).hasMessageStartingWith("cannot reach Redis at " + url);
        }
    }
}
