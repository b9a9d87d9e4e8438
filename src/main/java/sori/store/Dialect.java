package sori.store;

/** What differs between the databases the store runs on: little, by design. */
enum Dialect {
    SQLITE("sqlite", "max"),
    POSTGRESQL("postgresql", "greatest");

    /** The folder of this database's own migrations, beside {@code db/migration/common}. */
    final String migrations;
    private final String greatest;

    Dialect(String migrations, String greatest) {
        this.migrations = migrations;
        this.greatest = greatest;
    }

    static final String INSERT_EVENT = "INSERT INTO room_events (room_key, seq, time, type, name, data) "
            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (room_key, seq) DO NOTHING";

    /** Parameter 6, tags, is null for a message and set for kept tags (then the text is empty). */
    static final String INSERT_PRIVATE = "INSERT INTO private_messages (conversation, time, sender, recipient, text, tags) "
            + "VALUES (?, ?, ?, ?, ?, ?)";

    /**
     * A room's row from a group of its events: made by the first, last_seq only ever grows, and the topic
     * changes only when the group set one newer than what the row holds (parameter 6: that TopicSet's seq).
     */
    String upsertRoom() {
        return "INSERT INTO rooms (key, name, created, topic, last_seq) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (key) DO UPDATE SET "
                + "topic = CASE WHEN ? > rooms.last_seq THEN excluded.topic ELSE rooms.topic END, "
                + "last_seq = " + greatest + "(rooms.last_seq, excluded.last_seq)";
    }
}
