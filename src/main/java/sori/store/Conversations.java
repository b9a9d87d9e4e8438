package sori.store;

import sori.chat.Names;

/** The key of a private conversation: the two folded names, sorted, joined by a space (no name holds one). */
final class Conversations {

    private Conversations() {}

    static String key(String keyA, String keyB) {
        return keyA.compareTo(keyB) <= 0 ? keyA + " " + keyB : keyB + " " + keyA;
    }

    /** The other party of {@code conversation} when {@code key} is one of its two, else null. */
    static String other(String conversation, String key) {
        int space = conversation.indexOf(' ');
        String a = conversation.substring(0, space);
        String b = conversation.substring(space + 1);
        return a.equals(key) ? b : b.equals(key) ? a : null;
    }

    /** Who {@code m} is with, as it spells the name, for the party whose folded name is {@code key}. */
    static String otherParty(sori.chat.Event.Private m, String key) {
        return Names.fold(m.from()).equals(key) ? m.to() : m.from();
    }

    static String of(sori.chat.Event.Private m) {
        return key(Names.fold(m.from()), Names.fold(m.to()));
    }
}
