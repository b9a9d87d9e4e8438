package sori.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import sori.testing.Await;
import sori.testing.LineClient;

/**
 * A session for domain tests: delivers at once, on the posting thread, into a list. Public for the cluster tests,
 * whose nodes are Hubs with members of this kind.
 */
public final class RecordingSession implements Session, Mailbox {

    private final String remote;
    private final List<Event> events = new ArrayList<>();
    public User user;

    RecordingSession(String remote) {
        this.remote = remote;
    }

    public static RecordingSession connect(Hub hub, String name) {
        RecordingSession s = new RecordingSession(name + "-conn");
        s.user = hub.connect(s);
        if (name != null) {
            hub.input(s.user, name);
        }
        return s;
    }

    /**
     * Connects {@code name} to {@code hub}, waits for its own join of the lobby, then until each of {@code seen}
     * heard it: on a node of a shared order a join shows only once it came back ordered.
     */
    public static RecordingSession arrive(Hub hub, String name, RecordingSession... seen) {
        RecordingSession s = connect(hub, name);
        s.await(name + " joined", joined("lobby", name));
        for (RecordingSession other : seen) {
            other.await(other.user.name() + " hears " + name, joined("lobby", name));
        }
        return s;
    }

    /** Waits, bounded, until an event matching {@code p} has come. */
    public void await(String what, Predicate<Event> p) {
        Await.until(what, () -> events().stream().anyMatch(p), LineClient.WAIT);
    }

    public static Predicate<Event> joined(String room, String name) {
        return e -> e instanceof Event.Joined j && j.room().equals(room) && j.name().equals(name);
    }

    public static Predicate<Event> said(String text) {
        return e -> e instanceof Event.Said s && s.text().equals(text);
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

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    public synchronized <T extends Event> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public synchronized Event last() {
        return events.get(events.size() - 1);
    }

    public synchronized void clear() {
        events.clear();
    }
}
