package sori.store;

import sori.chat.Names;

/** The key of a private conversation: the two folded names, sorted, joined by a space (no name holds one). */
final class Conversations {

    private Conversations() {}

    static String key(String keyA, String keyB) {
        return keyA.compareTo(keyB) <= 0 ? keyA + " " + keyB : keyB + " " + keyA;
    }

    static String of(sori.chat.Event.Private m) {
        return key(Names.fold(m.from()), Names.fold(m.to()));
    }
}
