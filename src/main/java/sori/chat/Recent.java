package sori.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * A room's most recent delivered events in a fixed ring, so joins and short {@code /history} replays are
 * served from memory under the room's lock, atomically with live events. Older events are the store's.
 * Not thread-safe: the room's lock guards it.
 */
final class Recent {

    private final Event.RoomEvent[] ring;
    /** True while the ring holds every event the room ever had (a new room that never wrapped). */
    private boolean complete;
    private long added;

    Recent(int capacity, boolean fromTheStart) {
        this.ring = new Event.RoomEvent[capacity];
        this.complete = fromTheStart;
    }

    void add(Event.RoomEvent e) {
        if (ring.length == 0) {
            complete = false;
            return;
        }
        if (added >= ring.length) {
            complete = false;
        }
        ring[(int) (added % ring.length)] = e;
        added++;
    }

    int size() {
        return (int) Math.min(added, ring.length);
    }

    /** True when every event of the room since its first is here. */
    boolean complete() {
        return complete;
    }

    /** The oldest sequence number held, or {@code Long.MAX_VALUE} when empty. */
    long firstSeq() {
        return size() == 0 ? Long.MAX_VALUE : get(0).seq();
    }

    /** Whether the events with {@code from <= seq} (up to the newest) are all here. */
    boolean covers(long from) {
        return complete || firstSeq() <= Math.max(1, from);
    }

    /** Events with {@code after < seq < before}: the last {@code limit} when {@code newest}, else the first. */
    List<Event.RoomEvent> window(long after, long before, int limit, boolean newest) {
        List<Event.RoomEvent> out = new ArrayList<>();
        int n = size();
        if (newest) {
            for (int i = n - 1; i >= 0 && out.size() < limit; i--) {
                Event.RoomEvent e = get(i);
                if (e.seq() > after && e.seq() < before) {
                    out.add(e);
                }
            }
            return out.reversed();
        }
        for (int i = 0; i < n && out.size() < limit; i++) {
            Event.RoomEvent e = get(i);
            if (e.seq() > after && e.seq() < before) {
                out.add(e);
            }
        }
        return out;
    }

    /** The {@code i}-th oldest event held. */
    private Event.RoomEvent get(int i) {
        long start = added - size();
        return ring[(int) ((start + i) % ring.length)];
    }
}
