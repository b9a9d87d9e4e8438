package sori.chat;

/**
 * The one name namespace every transport shares: which {@link Person} here holds a folded name
 * ({@link Names#fold}). A local map; in a cluster the {@link Namespace} reserves a name for this node first.
 */
public interface Directory {

    /** Takes {@code key} for {@code person}; false when someone else holds it. */
    boolean claim(String key, Person person);

    /** Frees {@code key} if {@code person} holds it; true if it did. */
    boolean release(String key, Person person);

    /** Who holds {@code key}, or null. */
    Person find(String key);

    /** How many names are held. */
    int size();
}
