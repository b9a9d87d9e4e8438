package sori.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import sori.chat.Event;

/** What a line carries besides its words survives the store, except client-only tags, which are never kept. */
class EventCodecMetaTest {

    private static Event.RoomEvent roundTrip(Event.RoomEvent e) {
        EventCodec.Columns c = EventCodec.encode(e);
        return EventCodec.decode(e.room(), e.seq(), e.time(), c.type(), c.name(), c.data());
    }

    @Test
    void shouldKeepTheAccountAndTheNoticeKindButNotClientTags() {
        Event.Said notice = new Event.Said("dev", 3, 1000, "mina", "heads up",
                new Event.Meta("mina", true, Map.of("+draft/react", "x")));
        assertThat(roundTrip(notice)).isEqualTo(new Event.Said("dev", 3, 1000, "mina", "heads up",
                new Event.Meta("mina", true, Map.of())));
        Event.Said plain = new Event.Said("dev", 4, 1000, "jun", "hi");
        assertThat(EventCodec.encode(plain).data()).isEqualTo("{\"text\":\"hi\"}"); // a guest's row as before
        assertThat(roundTrip(plain)).isEqualTo(plain);
        Event.Action byGuestAsNotice = new Event.Action("dev", 5, 1000, "jun", "waves", new Event.Meta(null, true, null));
        assertThat(roundTrip(byGuestAsNotice)).isEqualTo(byGuestAsNotice);
        Event.Joined joined = new Event.Joined("dev", 6, 1000, "mina", "mina");
        assertThat(roundTrip(joined)).isEqualTo(joined);
        assertThat(roundTrip(new Event.Joined("dev", 7, 1000, "jun"))).isEqualTo(new Event.Joined("dev", 7, 1000, "jun"));
    }
}
