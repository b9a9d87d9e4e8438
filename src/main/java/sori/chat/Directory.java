package sori.chat;

/**
 * The one name namespace every transport shares: which {@link Person} holds a folded name
 * ({@link Names#fold}). A local map here; a cluster keeps it in Redis with a lease per node.
 */
public interface Directory {

    /** Takes {@code key} for {@code person}; false when someone else holds it. */
    boolean claim(String key, Person person);

    /** Frees {@code key} if {@code person} holds it. */
    void release(String key, Person person);

    /** Who holds {@code key}, or null. */
    Person find(String key);

    /** How many names are held. */
    int size();
}
