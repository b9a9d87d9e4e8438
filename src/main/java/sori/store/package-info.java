/**
 * Where rooms and their events outlive the process, behind {@link sori.chat.EventStore}: {@link sori.store.Stores}
 * opens memory, SQLite (default, in the data directory) or PostgreSQL; {@link sori.store.JdbcEventStore} writes in
 * groups from one thread; {@link sori.store.EventCodec} is the one place that maps events to columns. No other
 * package touches JDBC.
 */
package sori.store;
