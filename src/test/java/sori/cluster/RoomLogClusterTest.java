package sori.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sori.testing.RedisServer;

/**
 * {@link RoomLog} on a three-master Redis Cluster: each check runs for three rooms whose hash tags land on
 * three different masters (asked of the servers with {@code CLUSTER KEYSLOT}), so the script, the stream
 * reads and the sharded subscription each reach the right shard.
 */
class RoomLogClusterTest {

    private static RedisServer.Cluster cluster;

    private static final Map<String, List<String>> rooms = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        cluster = RedisServer.cluster();
        try (RedisConnector c = RedisConnector.open(cluster.url(), RoomLogChecks.TIMEOUT)) {
            String nodes = RoomLogChecks.await(c.commands().clusterNodes());
            for (String suffix : List.of("probe", "order", "late", "leave", "rename")) {
                rooms.put(suffix, roomsOnEachMaster(c, nodes, suffix));
            }
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldSpreadTheTestRoomsOverEveryMaster() {
        rooms.values().forEach(r -> assertThat(r).hasSize(3));
        try (RedisConnector c = RedisConnector.open(cluster.url(), RoomLogChecks.TIMEOUT)) {
            for (String room : rooms.get("probe")) {
                assertThat(RoomLogChecks.await(new RoomLog(c).append(room, "{}", MemberChange.none()))).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldNumberConcurrentAppendsWithoutGapOnEveryShard() {
        for (String room : rooms.get("order")) {
            RoomLogChecks.concurrentAppendsMakeOneGaplessOrder(cluster.url(), room, 200);
        }
    }

    @Test
    void shouldLetALateFollowerCatchUpOnEveryShard() {
        for (String room : rooms.get("late")) {
            RoomLogChecks.lateFollowerCatchesUpThroughReorder(cluster.url(), room, 30, 30);
        }
    }

    @Test
    void shouldMoveAMemberOnARenameAndFreeItOnAKickOnEveryShard() {
        for (String room : rooms.get("rename")) {
            RoomLogChecks.renameAndKickMoveTheMember(cluster.url(), room);
        }
    }

    @Test
    void shouldAnnounceALeaveOnceOnEveryShard() {
        for (String room : rooms.get("leave")) {
            RoomLogChecks.leaveIsAnnouncedOnce(cluster.url(), room);
        }
    }

    /** One room per master, named {@code suffix-i}: the slot from the server ({@code CLUSTER KEYSLOT}). */
    private static List<String> roomsOnEachMaster(RedisConnector c, String nodes, String suffix) {
        Map<String, String> byMaster = new LinkedHashMap<>();
        for (int i = 0; byMaster.size() < 3 && i < 1000; i++) {
            String room = suffix + "-" + i;
            long slot = RoomLogChecks.await(c.commands().clusterKeyslot(RoomLog.seqKey(room)));
            assertThat(RoomLogChecks.await(c.commands().clusterKeyslot(RoomLog.liveKey(room)))).isEqualTo(slot);
            byMaster.putIfAbsent(masterOf(nodes, slot), room);
        }
        return List.copyOf(byMaster.values());
    }

    private static String masterOf(String nodes, long slot) {
        for (String line : nodes.lines().toList()) {
            String[] f = line.trim().split(" ");
            for (int k = 8; k < f.length; k++) {
                String[] range = f[k].split("-");
                if (range[0].startsWith("[")) {
                    continue; // a slot being migrated, not in a fresh cluster
                }
                long lo = Long.parseLong(range[0]);
                long hi = range.length > 1 ? Long.parseLong(range[1]) : lo;
                if (slot >= lo && slot <= hi) {
                    return f[0];
                }
            }
        }
        throw new AssertionError("no master serves slot " + slot);
    }
}
