/** Where rooms and their events are kept, behind {@link sori.chat.EventStore}: memory, SQLite or PostgreSQL. */
package sori.store;
