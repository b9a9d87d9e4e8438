package sori.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import sori.chat.Moderation;
import sori.chat.Names;
import sori.chat.Moderation.Ban;
import sori.chat.Moderation.Mute;
import sori.chat.Moderation.Role;
import sori.chat.Moderation.RoomSettings;

/** What every {@link Moderation} keeps, on memory, SQLite and PostgreSQL. */
abstract class ModerationContract extends StoreFixture {

    ModerationContract(Kind kind) {
        super(kind);
    }

    @Test
    void shouldSaveReplaceAndDeleteEveryKind() {
        try (Store s = open()) {
            Moderation m = s.moderation();
            assertThat(m.load()).isEqualTo(new Moderation.Snapshot(java.util.List.of(), java.util.List.of(),
                    java.util.List.of(), java.util.List.of()));
            m.saveRoom(new RoomSettings("dev", "mina", "imt", null, 0));
            m.saveRoom(new RoomSettings("dev", "mina", "iklmt", "s3cret", 25));
            m.saveRole("dev", "jun", "op");
            m.saveRole("dev", "jun", "voice");
            m.saveRole("dev", "bob", "op");
            m.saveRole("dev", "bob", null);
            m.saveBan(new Ban("dev", "spam*", 0, null, "mina", 5));
            m.saveBan(new Ban("dev", "*@10.0.0.*", 900, "flood", "mina", 6));
            m.saveBan(new Ban("dev", "*@10.0.0.*", 1900, "flood again", "jun", 7));
            m.saveBan(new Ban(Moderation.SERVER, "troll", 0, null, "root", 8));
            m.saveBan(new Ban(Moderation.SERVER, "gone", 0, null, "root", 9));
            m.deleteBan(Moderation.SERVER, "gone");
            m.saveMute(new Mute("dev", "bob", 0));
            m.saveMute(new Mute("dev", "bob", 1234));
            m.saveMute(new Mute("dev", "eve", 0));
            m.deleteMute("dev", "eve");
            Moderation.Snapshot got = m.load();
            assertThat(got.rooms()).containsExactly(new RoomSettings("dev", "mina", "iklmt", "s3cret", 25));
            assertThat(got.roles()).containsExactly(new Role("dev", "jun", "voice"));
            assertThat(got.bans()).containsExactlyInAnyOrder(new Ban("dev", "spam*", 0, null, "mina", 5),
                    new Ban("dev", "*@10.0.0.*", 1900, "flood again", "jun", 7),
                    new Ban(Moderation.SERVER, "troll", 0, null, "root", 8));
            assertThat(got.mutes()).containsExactly(new Mute("dev", "bob", 1234));
        }
    }

    @Test
    void shouldGiveTheSettingsOfTheRoomsAskedForOnly() {
        try (Store s = open()) {
            Moderation m = s.moderation();
            java.util.List<String> asked = new java.util.ArrayList<>(java.util.List.of("nowhere"));
            // More rooms than one IN list holds, so a read in slices is shown to find them all.
            for (int i = 0; i < 600; i++) {
                m.saveRoom(new RoomSettings("r" + i, null, i % 3 == 0 ? "ns" : "n", null, 0));
                if (i % 2 == 0) {
                    asked.add("r" + i);
                }
            }
            java.util.List<RoomSettings> got = m.rooms(asked);
            assertThat(got).hasSize(300).contains(new RoomSettings("r0", null, "ns", null, 0),
                    new RoomSettings("r598", null, "n", null, 0));
            assertThat(got).extracting(RoomSettings::room).doesNotContain("r1", "nowhere");
            assertThat(m.rooms(java.util.List.of())).isEmpty();
        }
    }

    @Test
    void shouldKeepModerationAcrossARestart() {
        try (Store s = open()) {
            s.moderation().saveRoom(new RoomSettings("개발", "민아", "m", null, 0));
            s.moderation().saveBan(new Ban("개발", "스팸*", 0, "광고", "민아", 1));
        }
        try (Store s = reopen()) {
            if (s != null) {
                assertThat(s.moderation().load().rooms()).containsExactly(new RoomSettings("개발", "민아", "m", null, 0));
                assertThat(s.moderation().load().bans()).containsExactly(new Ban("개발", "스팸*", 0, "광고", "민아", 1));
            }
        }
    }

    @Test
    void shouldForgetADeletedAccountsRolesAndFoundingsOnly() {
        try (Store s = open()) {
            Moderation m = s.moderation();
            m.saveRoom(new RoomSettings("dev", "Mina", "im", "s3cret", 5)); // the founder as registered
            m.saveRoom(new RoomSettings("ops", "jun", "", null, 0));
            m.saveRole("dev", "jun", "op");
            String mina = Names.fold("mina"); // account keys are folded (a skeleton: not always the name lowercased)
            m.saveRole("ops", mina, "op");
            m.saveRole("games", mina, "voice");
            m.forgetAccount(mina);
            Moderation.Snapshot got = m.load();
            assertThat(got.rooms()).containsExactlyInAnyOrder(new RoomSettings("dev", null, "im", "s3cret", 5),
                    new RoomSettings("ops", "jun", "", null, 0));
            assertThat(got.roles()).containsExactly(new Role("dev", "jun", "op"));
        }
    }
}
