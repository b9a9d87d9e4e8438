package sori.bench;

/** Client names: {@code b<run>-<i>}, within the server's rule (1-32 of letters, digits, {@code _-.}). */
final class Names {
    private Names() {}

    static String of(int run, int index) {
        return "b" + run + "-" + index;
    }
}
