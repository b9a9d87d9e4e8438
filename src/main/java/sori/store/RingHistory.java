package sori.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import sori.chat.Event;
import sori.chat.History;

/** A room's last N events in a fixed ring: the default history, in memory, O(1) to add. */
public final class RingHistory implements History {

    private final Event.RoomEvent[] ring;
    private long added;

    public RingHistory(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be 0 or more");
        }
        this.ring = new Event.RoomEvent[capacity];
    }

    /** A factory making rings of {@code capacity} for each new room. */
    public static History.Factory factory(int capacity) {
        return room -> new RingHistory(capacity);
    }

    @Override
    public void add(Event.RoomEvent event) {
        if (ring.length == 0) {
            return;
        }
        ring[(int) (added % ring.length)] = event;
        added++;
    }

    @Override
    public List<Event.RoomEvent> last(int n) {
        int count = (int) Math.min(Math.min(n, ring.length), added);
        if (count <= 0) {
            return Collections.emptyList();
        }
        List<Event.RoomEvent> out = new ArrayList<>(count);
        for (long i = added - count; i < added; i++) {
            out.add(ring[(int) (i % ring.length)]);
        }
        return out;
    }

    @Override
    public List<Event.RoomEvent> since(long seq, int limit) {
        int held = (int) Math.min(ring.length, added);
        List<Event.RoomEvent> out = new ArrayList<>();
        for (long i = added - held; i < added && out.size() < limit; i++) {
            Event.RoomEvent e = ring[(int) (i % ring.length)];
            if (e.seq() > seq) {
                out.add(e);
            }
        }
        return out;
    }
}
