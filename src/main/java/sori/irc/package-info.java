/**
 * IRC (modern IRC with IRCv3 capabilities) on the same chat: a pure message parser and formatter, IRC
 * messages to Hub calls, and events to IRC lines through a per-event-loop mailbox that batches fan-out
 * writes. A nick is a chat name and {@code #room} a room.
 */
package sori.irc;
