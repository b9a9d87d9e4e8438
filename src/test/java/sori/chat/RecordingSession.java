package sori.chat;

import java.util.ArrayList;
import java.util.List;

/** A session for domain tests: delivers at once, on the posting thread, into a list. */
final class RecordingSession implements Session, Mailbox {

    private final String remote;
    private final List<Event> events = new ArrayList<>();
    User user;

    RecordingSession(String remote) {
        this.remote = remote;
    }

    static RecordingSession connect(Hub hub, String name) {
        RecordingSession s = new RecordingSession(name + "-conn");
        s.user = hub.connect(s);
        if (name != null) {
            hub.input(s.user, name);
        }
        return s;
    }

    @Override
    public Mailbox mailbox() {
        return this;
    }

    @Override
    public String remote() {
        return remote;
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

    synchronized Event last() {
        return events.get(events.size() - 1);
    }

    synchronized void clear() {
        events.clear();
    }
}
