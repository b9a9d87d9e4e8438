package sori.net;

/**
 * The limits a connection can trip. Each names the text a user is shown (a key of
 * {@code sori/chat/messages_*.properties}, whose {@code {0}} is the limit's value) so that every
 * transport says the same thing.
 */
public enum Limit {
    /** Sent lines faster than flood control lets through, until the waiting ones passed the backlog. */
    FLOOD("excess flood", "error.limit.flood"),
    /** The server had its maximum of connections. */
    MAX_CLIENTS("too many connections", "error.limit.clients"),
    /** The client's address had its maximum of connections. */
    MAX_PER_ADDRESS("too many connections from one address", "error.limit.address"),
    /** Chose no name in time. */
    REGISTER_TIMEOUT("no name chosen in time", "error.limit.register"),
    /** The peer stopped answering keepalives or pings. */
    DEAD_PEER("peer stopped answering", "error.limit.dead"),
    /** The peer did not read its output, which passed the outbound limit (a slow consumer). */
    SLOW_CONSUMER("not reading fast enough", "error.limit.slow");

    private final String label;
    private final String textKey;

    Limit(String label, String textKey) {
        this.label = label;
        this.textKey = textKey;
    }

    /** A few words for logs. */
    public String label() {
        return label;
    }

    /** Key of the user-facing text in the chat's resource bundles. */
    public String textKey() {
        return textKey;
    }
}
