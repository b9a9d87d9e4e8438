package sori.cluster;

import java.util.ArrayList;
import java.util.List;
import sori.chat.Delivery;
import sori.chat.Event;
import sori.chat.Hub;
import sori.chat.Mailbox;
import sori.chat.Session;
import sori.chat.User;

/** A session on a Hub that keeps what it gets, on the posting thread: a member of a test node. */
final class Recording implements Session, Mailbox {
    private final List<Event> events = new ArrayList<>();
    User user;

    static Recording connect(Hub hub, String name) {
        Recording s = new Recording();
        s.user = hub.connect(s);
        hub.input(s.user, name);
        return s;
    }

    @Override
    public Mailbox mailbox() {
        return this;
    }

    @Override
    public String remote() {
        return "test";
    }

    @Override
    public String kind() {
        return "test";
    }

    @Override
    public synchronized void post(Delivery delivery, Session[] to) {
        events.add(delivery.event());
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    synchronized <T extends Event> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    synchronized void clear() {
        events.clear();
    }
}
