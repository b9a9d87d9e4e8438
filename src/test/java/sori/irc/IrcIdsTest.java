package sori.irc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import sori.chat.Event;

class IrcIdsTest {

    @Test
    void aRoomIdNamesItsRoomAndPlace() {
        String id = IrcIds.room("한국어 방", 42);
        assertThat(id).doesNotContain(" ", ";", "\\");
        assertThat(IrcIds.parseRoom(id)).isEqualTo(new IrcIds.RoomId("한국어 방", 42));
        assertThat(IrcIds.parsePrivate(id)).isNull();
    }

    @Test
    void aPrivateIdCarriesItsTimeAndIsMadeAgainFromTheStoredMessage() {
        long t = 1_700_000_000_000L;
        String a = IrcIds.privateMessage(new Event.Private("mina", "jun", t, "hi"));
        assertThat(IrcIds.privateMessage(new Event.Private("mina", "jun", t, "hi"))).isEqualTo(a);
        assertThat(IrcIds.privateMessage(new Event.Private("mina", "jun", t, "hi!"))).isNotEqualTo(a);
        assertThat(IrcIds.privateMessage(new Event.Private("jun", "mina", t, "hi"))).isNotEqualTo(a);
        assertThat(a).doesNotContain(" ", ";", "\\");
        assertThat(IrcIds.parsePrivate(a)).isEqualTo(new IrcIds.PrivateId(t));
        assertThat(IrcIds.parseRoom(a)).isNull();
    }

    @Test
    void foreignIdsAreNotOurs() {
        for (String s : new String[] {null, "", "abc", "-x", "12-", "12-!!", "p-1", "pxx-1", "x12-YQ"}) {
            assertThat(IrcIds.parseRoom(s)).as(s).isNull();
            assertThat(IrcIds.parsePrivate(s)).as(s).isNull();
        }
    }
}
