/**
 * The chat domain, free of Netty and of every transport: the {@link sori.chat.Hub}, rooms with
 * their per-room total order, users and the one name rule, the command table, events as records,
 * and the user-facing texts. Transports implement {@link sori.chat.Session} and {@link sori.chat.Mailbox}.
 */
package sori.chat;
