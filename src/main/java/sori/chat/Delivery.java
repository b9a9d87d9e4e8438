package sori.chat;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * One event on its way to many sessions, with a slot per wire format for its encoded form, so an
 * event is encoded once per format however many members and event loops it reaches.
 */
public final class Delivery {

    /** Slots for encoded forms; a transport claims fixed indexes (see {@code sori.line}, {@code sori.web}). */
    public static final int FORMATS = 5;

    private final Event event;
    /** A form per format and per language ({@link Texts#index}): slot {@code language * FORMATS + format}. */
    private final AtomicReferenceArray<Object> forms = new AtomicReferenceArray<>(FORMATS * Texts.LANGUAGES.size());
    /** When the event was accepted for fan-out ({@link System#nanoTime}), for the fan-out latency metric. */
    private final long accepted = System.nanoTime();

    public Delivery(Event event) {
        this.event = event;
    }

    /** {@link System#nanoTime} when this delivery was made, i.e. the event accepted for fan-out. */
    public long accepted() {
        return accepted;
    }

    public Event event() {
        return event;
    }

    /**
     * The encoded form in {@code slot}, computing it on first use. Two threads may race to encode;
     * both results are equal and one is kept, so the encoder must be pure.
     */
    public <T> T encoded(int slot, Function<Event, T> encoder) {
        return encoded(slot, 0, encoder);
    }

    /**
     * The encoded form in {@code slot} for the language with {@link Texts#index} {@code language},
     * computing it on first use. An event that reads the same in every language (a line of chat) should
     * be asked for with language 0 by every session, so it is encoded once.
     */
    @SuppressWarnings("unchecked")
    public <T> T encoded(int format, int language, Function<Event, T> encoder) {
        int slot = language * FORMATS + format;
        Object form = forms.get(slot);
        if (form == null) {
            form = encoder.apply(event);
            if (!forms.compareAndSet(slot, null, form)) {
                form = forms.get(slot);
            }
        }
        return (T) form;
    }

    @Override
    public String toString() {
        return "Delivery[" + event + "]";
    }
}
